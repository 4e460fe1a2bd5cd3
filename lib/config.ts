import { isAddress, getAddress, type Address } from 'viem';

/** Where the extension reads the union's state: one EVM chain, one registry. */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  registry: Address;
  /** The Tips contract beside the registry. */
  tips: Address;
  /** The UnionLens reading the registry: profiles for badges, in one batched call. */
  lens: Address;
  /** The Campaigns contract reading the registry: campaigns, pledges, the union's track record. */
  campaigns: Address;
  /** The StakeLock contract: locks of union tokens, each union's login criterion. */
  stakeLock: Address;
  multicall3: Address;
  /** The union the popup shows and the badge prefers when a member belongs to several. */
  unionId: number;
  /**
   * The union's indexer (indexer/, served over HTTP), for what needs the whole union: the tree page,
   * leaderboards, ranks, tip and campaign records. Absent: those are folded from the chain's events.
   */
  indexerUrl?: string;
}

/** Multicall3 sits at this address on public chains; the local chain scripts put it there too. */
export const CANONICAL_MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * The embedded default: the local chain of `npm run chain`. The registry, Tips and the lens are
 * the first three contracts that dev account 0 deploys on a fresh anvil (nonces 0, 1 and 2), and
 * Campaigns the fifth (nonce 4, after the demo token) and StakeLock the sixth (nonce 5), so their
 * addresses are fixed.
 */
export const DEFAULT_CONFIG: ChainConfig = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  tips: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  lens: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  campaigns: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
  stakeLock: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
  multicall3: CANONICAL_MULTICALL3,
  unionId: 1,
};

export type ConfigInput = { [K in keyof ChainConfig]?: unknown };
export type ConfigErrors = Partial<Record<keyof ChainConfig, string>>;
export type ConfigValidation = { ok: true; config: ChainConfig } | { ok: false; errors: ConfigErrors };

/** Checks what a user typed in the options page; every refusal says which field and why. */
export function validateConfig(input: ConfigInput): ConfigValidation {
  const errors: ConfigErrors = {};
  const rpcUrl = String(input.rpcUrl ?? '').trim();
  let url: URL | undefined;
  try {
    url = new URL(rpcUrl);
  } catch {
    errors.rpcUrl = 'Not a URL. Use an http:// or https:// JSON-RPC address, e.g. http://127.0.0.1:8545.';
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
    errors.rpcUrl = `The RPC URL must start with http:// or https://, not ${url.protocol}//.`;
  } else if (url && (url.username || url.password)) {
    errors.rpcUrl = 'Put no user name or password in the RPC URL.';
  } else if (url && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    // Anyone on the way could read and change what a remote node answers over plain http.
    errors.rpcUrl = `Use https:// for a node on another machine (${url.hostname}); http:// is accepted only for this machine (127.0.0.1, localhost).`;
  }

  const chainId = parseInteger(input.chainId);
  if (chainId === undefined || chainId < 1) errors.chainId = 'The chain id is a whole number of at least 1 (31337 for the local chain).';

  const unionId = parseInteger(input.unionId ?? DEFAULT_CONFIG.unionId);
  if (unionId === undefined || unionId < 1) errors.unionId = 'The union id is a whole number of at least 1.';

  const registry = parseAddress(input.registry, 'registry', errors);
  const tips = parseAddress(input.tips ?? DEFAULT_CONFIG.tips, 'tips', errors);
  const lens = parseAddress(input.lens ?? DEFAULT_CONFIG.lens, 'lens', errors);
  const campaigns = parseAddress(input.campaigns ?? DEFAULT_CONFIG.campaigns, 'campaigns', errors);
  const stakeLock = parseAddress(input.stakeLock ?? DEFAULT_CONFIG.stakeLock, 'stakeLock', errors);
  const multicall3 = parseAddress(input.multicall3 ?? CANONICAL_MULTICALL3, 'multicall3', errors);

  const indexerUrl = parseIndexerUrl(input.indexerUrl, errors);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      rpcUrl: url!.toString().replace(/\/$/, ''),
      chainId: chainId!,
      registry: registry!,
      tips: tips!,
      lens: lens!,
      campaigns: campaigns!,
      stakeLock: stakeLock!,
      multicall3: multicall3!,
      unionId: unionId!,
      ...(indexerUrl ? { indexerUrl } : {}),
    },
  };
}

/** This machine: 127.0.0.0/8, ::1, localhost and its subdomains. */
function isLoopback(hostname: string): boolean {
  return /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]' || hostname === 'localhost' || hostname.endsWith('.localhost');
}

/** Empty means none. Like the RPC, plain http only on this machine: a lying indexer would rank strangers first. */
function parseIndexerUrl(value: unknown, errors: ConfigErrors): string | undefined {
  const text = String(value ?? '').trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    errors.indexerUrl = 'Not a URL. Use the indexer\'s http:// or https:// address, e.g. http://127.0.0.1:42069, or leave it empty.';
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.indexerUrl = `The indexer URL must start with http:// or https://, not ${url.protocol}//.`;
  else if (url.protocol === 'http:' && !isLoopback(url.hostname)) errors.indexerUrl = 'A remote indexer needs https:// (http:// only on this machine).';
  else if (url.username || url.password) errors.indexerUrl = 'Put no user name or password in the indexer URL.';
  else if (url.search || url.hash) errors.indexerUrl = 'The indexer URL is its base address, without ? or #.';
  return errors.indexerUrl ? undefined : url.toString().replace(/\/$/, '');
}

function parseInteger(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function parseAddress(value: unknown, field: 'registry' | 'tips' | 'lens' | 'campaigns' | 'stakeLock' | 'multicall3', errors: ConfigErrors): Address | undefined {
  const text = String(value ?? '').trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    errors[field] = 'An address is 0x followed by 40 hexadecimal characters.';
    return undefined;
  }
  if (!isAddress(text, { strict: true })) {
    errors[field] = 'The address has a wrong checksum (mixed case that does not match): check for a typo.';
    return undefined;
  }
  return getAddress(text);
}
