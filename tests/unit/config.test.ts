import { describe, expect, it } from 'vitest';
import { CANONICAL_MULTICALL3, DEFAULT_CONFIG, validateConfig } from '@/lib/config';

const valid = { rpcUrl: 'https://mainnet.optimism.io/', chainId: '10', registry: '0x5fbdb2315678afecb367f032d93f642f64180aa3', unionId: '2' };

describe('options validation', () => {
  it('accepts a valid config and normalises it', () => {
    expect(validateConfig(valid)).toEqual({
      ok: true,
      config: {
        rpcUrl: 'https://mainnet.optimism.io',
        chainId: 10,
        registry: DEFAULT_CONFIG.registry,
        tips: DEFAULT_CONFIG.tips,
        lens: DEFAULT_CONFIG.lens,
        campaigns: DEFAULT_CONFIG.campaigns,
        stakeLock: DEFAULT_CONFIG.stakeLock,
        unionId: 2,
        multicall3: CANONICAL_MULTICALL3,
      },
    });
  });

  it('keeps a lens address given, checksummed', () => {
    const lens = '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0';
    const result = validateConfig({ ...valid, lens });
    expect(result.ok && result.config.lens).toBe('0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0');
  });

  it('keeps a Campaigns address given, checksummed', () => {
    const result = validateConfig({ ...valid, campaigns: '0xdc64a140aa3e981100a9beca4e685f962f0cf6c9' });
    expect(result.ok && result.config.campaigns).toBe('0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9');
  });

  it('accepts http:// only for this machine, and https:// anywhere', () => {
    for (const rpcUrl of ['http://127.0.0.1:8545', 'http://127.1.2.3:9000', 'http://localhost:8545', 'http://node.localhost', 'http://[::1]:8545', 'https://rpc.example']) {
      expect(validateConfig({ ...valid, rpcUrl }).ok, rpcUrl).toBe(true);
    }
  });

  it('keeps an indexer URL given, without its trailing slash; empty means none', () => {
    const result = validateConfig({ ...valid, indexerUrl: ' http://127.0.0.1:42069/ ' });
    expect(result.ok && result.config.indexerUrl).toBe('http://127.0.0.1:42069');
    const none = validateConfig({ ...valid, indexerUrl: '' });
    expect(none.ok && 'indexerUrl' in none.config).toBe(false);
  });

  it.each([
    ['not a url', /Not a URL/],
    ['ws://127.0.0.1:42069', /must start with http/],
    ['https://user:secret@indexer.example', /no user name or password/],
    ['https://indexer.example/?x=1', /without \? or #/],
    ['http://indexer.example', /needs https/],
  ])('refuses the indexer URL %s and says why', (indexerUrl, reason) => {
    const result = validateConfig({ ...valid, indexerUrl });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.indexerUrl).toMatch(reason);
  });

  it('accepts the embedded default as it is', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it.each([
    ['rpcUrl', 'not a url', /Not a URL/],
    ['rpcUrl', 'ws://127.0.0.1:8545', /http:\/\/ or https:\/\//],
    ['rpcUrl', 'javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['rpcUrl', 'https://user:secret@rpc.example', /no user name or password/],
    ['rpcUrl', 'http://rpc.example:8545', /Use https:\/\/ for a node on another machine/],
    ['rpcUrl', 'http://192.168.1.20:8545', /Use https:\/\//],
    ['rpcUrl', 'http://127.0.0.1.evil.example', /Use https:\/\//],
    ['rpcUrl', 'http://localhost.evil.example', /Use https:\/\//],
    ['chainId', '0', /at least 1/],
    ['chainId', '-5', /whole number/],
    ['chainId', '1.5', /whole number/],
    ['chainId', '', /whole number/],
    ['registry', '0x123', /40 hexadecimal/],
    ['registry', '0x5FbDB2315678afecb367f032d93F642f64180aA3', /checksum/],
    ['tips', 'tips', /40 hexadecimal/],
    ['lens', '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e', /40 hexadecimal/],
    ['lens', '0x9FE46736679d2D9a65F0992F2272dE9f3c7fa6e0', /checksum/],
    ['campaigns', '0xdc64a140aa3e981100a9beca4e685f962f0cf6c', /40 hexadecimal/],
    ['campaigns', '0xDC64a140Aa3E981100a9becA4E685f962f0cF6C9', /checksum/],
    ['unionId', 'abc', /whole number/],
  ])('refuses %s = %j with a reason', (field, value, reason) => {
    const result = validateConfig({ ...valid, [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[field as keyof typeof result.errors]).toMatch(reason);
      expect(Object.keys(result.errors)).toEqual([field]);
    }
  });
});
