/**
 * Stake through the background, as the wallet's Stake tab sends it, against one real seeded anvil:
 * lock the union's token until a week-rounded date, add, extend, the criterion's standing and what
 * would meet it, withdraw refused before expiry and accepted once chain time passes, and the
 * sponsor's stake-weighted support following every step.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createTestClient, createWalletClient, erc20Abi, http, parseEther, type Address, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { stakeLockAbi, unionRegistryAbi } from '@/lib/chain/generated/abi';
import type { StakeSummary } from '@/lib/features/stake/protocol';
import { DAY, WEEK } from '@/lib/login/criterion';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { field, newBackground, type TestBackground } from './background';
import { localChain, type DeployedMember, type Deployment } from '@/scripts/deploy';

const MAX_LOCK = 208 * WEEK;

let node: LocalNode;
let deployment: Deployment;
let chain: PublicClient;
let test: ReturnType<typeof createTestClient>;
let member: DeployedMember;
let sponsor: DeployedMember;
let wallet: TestBackground;

/** A YYYY-MM-DD date `days` after chain time `now`. */
const dateAfter = (now: number, days: number) => new Date((now + days * DAY) * 1000).toISOString().slice(0, 10);
const weekOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000 / WEEK) * WEEK;

const supportBelow = async (account: Address) =>
  (await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'stakeOf', args: [BigInt(deployment.unionId), account] }))[1];
const tokenBalance = (account: Address) => chain.readContract({ address: deployment.token, abi: erc20Abi, functionName: 'balanceOf', args: [account] });
const stake = () => wallet.value({ type: 'stakeGet' }) as Promise<StakeSummary>;

/** Sends one stake request through the approval window and waits for it to be mined. */
async function send(message: Parameters<TestBackground['value']>[0]) {
  const before = wallet.approvals.length;
  const { hash } = (await wallet.value(message)) as { hash: `0x${string}` };
  expect((await chain.waitForTransactionReceipt({ hash, pollingInterval: 50 })).status).toBe('success');
  return wallet.approvals.slice(before);
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  const viemChain = localChain(node.rpcUrl);
  chain = createPublicClient({ chain: viemChain, transport: http(node.rpcUrl), pollingInterval: 50 }) as PublicClient;
  test = createTestClient({ chain: viemChain, mode: 'anvil', transport: http(node.rpcUrl) });
  // A member with a sponsor and no lock of its own, given 200 UNION by the leader.
  const locked = async (m: DeployedMember) =>
    (await chain.readContract({ address: deployment.stakeLock, abi: stakeLockAbi, functionName: 'lockOf', args: [m.address, BigInt(deployment.unionId)] })).amount > 0n;
  for (const m of deployment.members) {
    if (m.sponsor && m.role === 'member' && !(await locked(m))) { member = m; break; }
  }
  sponsor = deployment.members.find((m) => m.handle === member.sponsor)!;
  const leader = deployment.members.find((m) => m.role === 'leader')!;
  const leaderWallet = createWalletClient({ chain: viemChain, account: privateKeyToAccount(leader.privateKey), transport: http(node.rpcUrl) });
  const hash = await leaderWallet.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'transfer', args: [member.address, parseEther('200')] });
  await chain.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  wallet = await newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => test.setBalance(args) }, { privateKey: member.privateKey, fund: true });
});
afterAll(() => node?.stop());

describe('stake through the background', () => {
  it('locks, adds, extends, shows the criterion and what would meet it, and withdraws only after expiry', async () => {
    const supportBefore = await supportBelow(sponsor.address);
    const fresh = await stake();
    expect(fresh).toMatchObject({ lock: null, status: 'no-lock', balance: parseEther('200').toString(), criterion: 'At least 100 UNION locked with at least 90 days left' });
    expect(fresh.explanation).toMatch(/^No lock for this union: lock 100 UNION until .+ or later\.$/);

    // 60 UNION until a date 30 days ahead: the allowance, then the lock, each in the approval window.
    const shortDate = dateAfter(fresh.now, 30);
    const locking = await send({ type: 'stakeLock', amount: '60', unlockDate: shortDate });
    expect(locking.map((r) => r.fields.find((f) => f.label === 'Union') ? 'lock' : 'allowance')).toEqual(['allowance', 'lock']);
    expect(field(locking[1], 'Union')).toContain(`#${deployment.unionId}`);
    let summary = await stake();
    expect(summary.lock).toMatchObject({ amount: parseEther('60').toString(), unlockTime: weekOf(shortDate), counted: true });
    expect(summary.lock!.unlockTime % WEEK).toBe(0);
    expect(summary.status).toBe('too-little');
    expect(summary.explanation).toBe('60 UNION locked, 40 UNION short: add at least that much.');
    expect(await supportBelow(sponsor.address)).toBe(supportBefore + parseEther('60'));

    await send({ type: 'stakeIncrease', amount: '40' });
    summary = await stake();
    expect(summary.lock!.amount).toBe(parseEther('100').toString());
    expect(summary.status).toBe('too-short');
    expect(summary.explanation).toMatch(/^Only \d+ days left: extend the lock until .+ or later\.$/);
    expect(await supportBelow(sponsor.address)).toBe(supportBefore + parseEther('100'));

    const longDate = dateAfter(summary.now, 120);
    await send({ type: 'stakeExtend', unlockDate: longDate });
    summary = await stake();
    const unlock = weekOf(longDate);
    expect(summary.lock!.unlockTime).toBe(unlock);
    expect(summary.status).toBe('invested');
    expect(summary.lock!.weight).toBe(((parseEther('100') * BigInt(unlock - summary.now)) / BigInt(MAX_LOCK)).toString());
    expect(BigInt(summary.balance)).toBe(parseEther('100'));

    // Before expiry the contract refuses, and nothing moves.
    const early = await wallet.ask({ type: 'stakeWithdraw' });
    expect(early).toMatchObject({ ok: false, error: expect.stringContaining('This lock is still running: it can be withdrawn from its unlock date.') });
    expect(await tokenBalance(member.address)).toBe(parseEther('100'));

    await test.increaseTime({ seconds: unlock - summary.now + 1 });
    await test.mine({ blocks: 1 });
    summary = await stake();
    expect(summary.status).toBe('expired');
    expect(summary.lock!.weight).toBe('0');
    await send({ type: 'stakeWithdraw' });
    summary = await stake();
    expect(summary).toMatchObject({ lock: null, status: 'no-lock', balance: parseEther('200').toString() });
    expect(await supportBelow(sponsor.address)).toBe(supportBefore);
  });
});
