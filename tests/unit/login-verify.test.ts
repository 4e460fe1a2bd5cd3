import { describe, expect, it } from 'vitest';
import { verifyMessage, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { STAKE_STATUSES, type StakeStatus } from '@/lib/login/criterion';
import { createNonceStore } from '@/lib/login/nonces';
import { unionResource } from '@/lib/login/resource';
import { verifyLogin, type LoginClient, type LoginPolicy } from '@/lib/login/verify';

const member = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const STAKE_LOCK: Address = '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707';
const NOW = new Date('2026-11-30T12:00:00Z');

/** Signatures are checked by viem's own EOA verification; the chain answers `statusOf` with `status`. */
function fakeChain(status: StakeStatus = 'invested'): LoginClient {
  return {
    verifyMessage: ((args: Parameters<typeof verifyMessage>[0]) => verifyMessage(args)) as LoginClient['verifyMessage'],
    readContract: (async () => STAKE_STATUSES.indexOf(status)) as unknown as LoginClient['readContract'],
  };
}

function setup() {
  const nonces = createNonceStore({ now: () => NOW.getTime() });
  const policy: LoginPolicy = { origin: 'https://forum.example', chainId: 31337, stakeLock: STAKE_LOCK, unionId: 1, nonces, now: () => NOW };
  const message = (overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) =>
    createSiweMessage({
      domain: 'forum.example',
      uri: 'https://forum.example/login',
      address: member.address,
      chainId: 31337,
      nonce: nonces.issue(),
      version: '1',
      statement: 'Sign in to the members’ forum of the Open Source Union.',
      issuedAt: NOW,
      expirationTime: new Date(NOW.getTime() + 5 * 60_000),
      resources: [unionResource({ chainId: 31337, stakeLock: STAKE_LOCK, unionId: 1 })],
      ...overrides,
    });
  const signed = async (text: string, account = member) => ({ message: text, signature: await account.signMessage({ message: text }) });
  return { policy, message, signed };
}

describe('the sign-in verifier', () => {
  it('accepts a fresh message for this origin, signed by an invested member', async () => {
    const { policy, message, signed } = setup();
    expect(await verifyLogin(fakeChain(), policy, await signed(message()))).toEqual({ ok: true, address: member.address, unionId: 1 });
  });

  it('refuses a message for another domain, or with a URI elsewhere', async () => {
    const { policy, message, signed } = setup();
    const other = await verifyLogin(fakeChain(), policy, await signed(message({ domain: 'evil.example', uri: 'https://evil.example/' })));
    expect(other).toMatchObject({ ok: false, code: 'domain', reason: expect.stringContaining('evil.example, not for forum.example') });
    const uri = await verifyLogin(fakeChain(), policy, await signed(message({ uri: 'https://evil.example/login' })));
    expect(uri).toMatchObject({ ok: false, code: 'uri' });
  });

  it('refuses a nonce used before, and one it never issued', async () => {
    const { policy, message, signed } = setup();
    const answer = await signed(message());
    expect((await verifyLogin(fakeChain(), policy, answer)).ok).toBe(true);
    expect(await verifyLogin(fakeChain(), policy, answer)).toMatchObject({ ok: false, code: 'nonce', reason: expect.stringContaining('already used') });
    const forged = await verifyLogin(fakeChain(), policy, await signed(message({ nonce: 'abcdefgh12345678' })));
    expect(forged).toMatchObject({ ok: false, code: 'nonce' });
  });

  it('refuses an expired message, and one issued in the future', async () => {
    const { policy, message, signed } = setup();
    const expired = message({ issuedAt: new Date(NOW.getTime() - 20 * 60_000), expirationTime: new Date(NOW.getTime() - 1000) });
    expect(await verifyLogin(fakeChain(), policy, await signed(expired))).toMatchObject({ ok: false, code: 'expired', reason: expect.stringMatching(/expired/) });
    const stale = message({ issuedAt: new Date(NOW.getTime() - 11 * 60_000), expirationTime: undefined });
    expect(await verifyLogin(fakeChain(), policy, await signed(stale))).toMatchObject({ ok: false, code: 'expired' });
    const early = message({ issuedAt: new Date(NOW.getTime() + 5 * 60_000) });
    expect(await verifyLogin(fakeChain(), policy, await signed(early))).toMatchObject({ ok: false, code: 'not-yet-valid' });
  });

  it('refuses a message for another chain, or naming no union or another union', async () => {
    const { policy, message, signed } = setup();
    const chain = await verifyLogin(fakeChain(), policy, await signed(message({ chainId: 10 })));
    expect(chain).toMatchObject({ ok: false, code: 'chain', reason: 'The message is for chain 10; this service uses chain 31337.' });
    expect(await verifyLogin(fakeChain(), policy, await signed(message({ resources: [] })))).toMatchObject({ ok: false, code: 'union' });
    const otherUnion = message({ resources: [unionResource({ chainId: 31337, stakeLock: STAKE_LOCK, unionId: 2 })] });
    expect(await verifyLogin(fakeChain(), policy, await signed(otherUnion))).toMatchObject({ ok: false, code: 'union' });
  });

  it("refuses a bad signature, and another account's signature, without spending the nonce", async () => {
    const { policy, message, signed } = setup();
    const text = message();
    const bad = await verifyLogin(fakeChain(), policy, { message: text, signature: `0x${'11'.repeat(65)}` });
    expect(bad).toMatchObject({ ok: false, code: 'signature', reason: expect.stringContaining(member.address) });
    expect(await verifyLogin(fakeChain(), policy, await signed(text, stranger))).toMatchObject({ ok: false, code: 'signature' });
    expect((await verifyLogin(fakeChain(), policy, await signed(text))).ok).toBe(true);
  });

  it('refuses a signer that does not meet the criterion, saying which part', async () => {
    const reasons = new Set<string>();
    for (const status of STAKE_STATUSES.filter((s) => s !== 'invested')) {
      const { policy, message, signed } = setup();
      const result = await verifyLogin(fakeChain(status), policy, await signed(message()));
      expect(result).toMatchObject({ ok: false, code: 'not-invested', status });
      if (!result.ok) reasons.add(result.reason);
    }
    expect(reasons.size).toBe(STAKE_STATUSES.length - 1);
  });

  it('refuses what is not a sign-in message, and a chain it cannot read', async () => {
    const { policy, message, signed } = setup();
    expect(await verifyLogin(fakeChain(), policy, { message: 'hello', signature: '0x00' })).toMatchObject({ ok: false, code: 'malformed' });
    const down: LoginClient = { ...fakeChain(), readContract: (async () => { throw new Error('offline'); }) as unknown as LoginClient['readContract'] };
    expect(await verifyLogin(down, policy, await signed(message()))).toMatchObject({ ok: false, code: 'unavailable' });
  });
});
