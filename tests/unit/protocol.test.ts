import { describe, expect, it } from 'vitest';
import { MAX_BIO_CHARS, MAX_HANDLES_PER_REQUEST } from '@/lib/protocol/limits';
import { PROTOCOL, parseRequest, type RequestType } from '@/lib/protocol';
import { createApi } from '@/lib/protocol/client';

const TYPES = Object.keys(PROTOCOL) as RequestType[];

describe('protocol', () => {
  it('accepts the requests it knows and drops fields they do not have', () => {
    expect(parseRequest({ type: 'resolve', handles: ['x:a'] }, 'content')).toEqual({ type: 'resolve', params: { handles: ['x:a'] } });
    expect(parseRequest({ type: 'status', extra: 1 }, 'extension')).toEqual({ type: 'status', params: {} });
  });

  it('cuts an oversized bio instead of passing it on', () => {
    const parsed = parseRequest({ type: 'resolve', handles: [], profile: { handle: 'x:a', bio: 'b'.repeat(10_000) } }, 'content');
    expect('params' in parsed && (parsed.params as { profile: { bio: string } }).profile.bio.length).toBe(MAX_BIO_CHARS);
  });

  it.each([
    [null, /object/],
    ['resolve', /object/],
    [{ type: 'unlock' }, /Unknown request type: unlock/],
    [{ type: 'toString' }, /Unknown request type: toString/],
    [{ type: 'resolve' }, /resolve\.handles/],
    [{ type: 'resolve', handles: [1] }, /resolve\.handles/],
    [{ type: 'resolve', handles: Array(MAX_HANDLES_PER_REQUEST + 1).fill('x:a') }, /resolve\.handles/],
    [{ type: 'resolve', handles: [], profile: { handle: 'x:a' } }, /resolve\.profile/],
    [{ type: 'tip', handle: 'x:a', amount: '1', currency: 'btc', note: '', url: '', tipId: '1' }, /tip\.currency/],
    [{ type: 'setConfig' }, /setConfig\.config/],
    [{ type: 'walletSetAutoLock', minutes: -1 }, /walletSetAutoLock\.minutes/],
  ])('refuses %j with a reason', (message, reason) => {
    const parsed = parseRequest(message, 'extension');
    expect('error' in parsed && parsed.error).toMatch(reason);
  });

  it('describes every request: fields, at least one caller, and whether it changes the chain', () => {
    expect(TYPES.length).toBeGreaterThan(40);
    for (const type of TYPES) {
      const descriptor = PROTOCOL[type];
      expect(typeof descriptor.fields, type).toBe('object');
      expect(descriptor.callers.length, type).toBeGreaterThan(0);
      expect(typeof descriptor.changesChain, type).toBe('boolean');
    }
  });

  describe.each(TYPES)('%s', (type) => {
    const { callers } = PROTOCOL[type];
    it(callers.includes('content') ? 'is open to the overlay on host pages' : 'refuses the overlay on host pages', () => {
      const parsed = parseRequest({ type }, 'content');
      if (callers.includes('content')) expect('error' in parsed ? parsed.error : '').not.toMatch(/only accepted from/);
      else expect('error' in parsed && parsed.error).toMatch(new RegExp(`^${type} is only accepted from (the extension's own pages|a web site)`));
    });
    it(callers.includes('site') ? 'is open to web sites' : 'refuses web sites', () => {
      const parsed = parseRequest({ type }, 'site');
      if (callers.includes('site')) expect('error' in parsed ? parsed.error : '').not.toMatch(/only accepted from/);
      else expect('error' in parsed && parsed.error).toMatch(/only accepted from/);
    });
  });

  it('lets web sites ask only for the chain id, accounts and sign-in signatures', () => {
    const open = TYPES.filter((type) => PROTOCOL[type].callers.includes('site')).sort();
    expect(open).toEqual(['siteAccounts', 'siteChainId', 'siteConnect', 'siteSignIn']);
    for (const type of open) expect(PROTOCOL[type].callers).toEqual(['site']);
  });

  it('lets host pages ask only for what the overlay needs, and nothing that reads or moves keys or settings', () => {
    const open = TYPES.filter((type) => PROTOCOL[type].callers.includes('content')).sort();
    expect(open).toEqual(['compose', 'loadFeature', 'lockStatus', 'openArmour', 'openWallet', 'requestVouch', 'resolve', 'tip', 'tipOptions', 'unionRecord']);
  });

  it('drops the cached reads after every request that sends a transaction', () => {
    const changing = TYPES.filter((type) => PROTOCOL[type].changesChain).sort();
    expect(changing).toEqual([
      'answerRally', 'claimHandle', 'escalateCampaign', 'joinUnion', 'openCampaign', 'payoutCampaign', 'pledgeCampaign', 'postRally', 'publishMessagingKey',
      'recordCampaignOutcome', 'refundCampaign', 'removeOfficer', 'requestVouch', 'setOfficer', 'signCampaign', 'stakeExtend', 'stakeIncrease', 'stakeLock',
      'stakeWithdraw', 'tip', 'vouch', 'walletGetTestFunds',
    ]);
  });
});

describe('client', () => {
  it('sends the type with the params', async () => {
    const sent: unknown[] = [];
    const api = createApi(async (message) => (sent.push(message), { ok: true, value: { reason: null } }));
    expect(await api('lockStatus', { peerHandle: 'x:a' })).toEqual({ ok: true, value: { reason: null } });
    expect(sent).toEqual([{ type: 'lockStatus', peerHandle: 'x:a' }]);
  });

  it('turns a transport failure into an error value', async () => {
    const failing = createApi(() => Promise.reject(new Error('Extension context invalidated.')));
    expect(await failing('status')).toEqual({ ok: false, error: expect.stringContaining('Extension context invalidated.') });
    expect(await createApi(async () => undefined)('status')).toEqual({ ok: false, error: expect.stringContaining('did not answer') });
  });
});
