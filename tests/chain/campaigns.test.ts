import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createPublicClient, createWalletClient, http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { campaignsAbi, unionTokenAbi } from '@/lib/chain/generated/abi';
import type { RallyRecord } from '@/lib/store/db';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { localChain, type DeployedMember, type Deployment } from '@/scripts/deploy';
import { newBackground } from './background';

const BIN = resolve(import.meta.dirname, '../../bin/union.mjs');
let node: LocalNode;
let deployment: Deployment;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
});
afterAll(() => node?.stop());

const byRole = (role: DeployedMember['role']) => deployment.members.filter((m) => m.role === role && m.vouched);
const chain = () => createPublicClient({ chain: localChain(node.rpcUrl), transport: http(node.rpcUrl) });

/** Runs `union campaign …` as `key`; resolves with exit code and output, never throws. */
async function union(key: Hex, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [BIN, 'campaign', ...args, '--rpc', node.rpcUrl, '--key', key], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const json = (out: { stdout: string; stderr: string }) => {
  if (!out.stdout) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
};

/** A member's background (its demo key imported), recording the rallies it notified. */
async function background(member: DeployedMember) {
  const notified: RallyRecord[] = [];
  const bg = await newBackground(
    { rpcUrl: node.rpcUrl, deployment, setBalance: async () => undefined },
    {
      privateKey: member.privateKey,
      fund: false,
      notifier: { rally: async (r) => void notified.push(r), summary: async () => undefined, badge: async () => undefined },
    },
  );
  return Object.assign(bg, { notified });
}

describe('union campaign (CLI)', () => {
  it('opens, takes pledges and signatures, escalates as a rally, records a win and pays the payee', async () => {
    const leader = deployment.members.find((m) => m.role === 'leader')!;
    const [alice, bob] = byRole('member');
    const payee = byRole('member')[5]!.address;
    const opened = json(
      await union(leader.privateKey, 'open', '--union', String(deployment.unionId), '--kind', 'bulk-purchase', '--target', 'Grain Co', '--target-url', 'https://grain.example',
        '--demand', 'Sell us 10 tonnes at the bulk price.', '--goal', '1.5', '--payee', payee, '--days', '7', '--step', 'Letter', '--step', 'Every member posts', '--step', 'Boycott', '--json'),
    );
    const id = String(opened.campaignId);
    expect(opened).toMatchObject({ unionId: String(deployment.unionId), payee, goal: parseEther('1.5').toString() });

    expect(json(await union(alice!.privateKey, 'pledge', id, '--amount', '1', '--json'))).toMatchObject({ from: alice!.address, amount: parseEther('1').toString() });
    expect((await union(bob!.privateKey, 'pledge', id, '--amount', '0.5')).stdout).toContain(`pledged 0.5 ETH to campaign #${id}`);
    await union(alice!.privateKey, 'sign', id);
    expect((await union(alice!.privateKey, 'sign', id)).stderr).toMatch(/already signed this campaign.*\[AlreadySigned/);
    expect((await union(alice!.privateKey, 'escalate', id)).stderr).toMatch(/leader or an officer.*\[NotCampaignLead/);

    // A member's extension sees the escalation once, as a rally naming the campaign and the step.
    const member = await background(bob!);
    await member.value({ type: 'checkRallies' });
    member.notified.length = 0;
    expect(json(await union(leader.privateKey, 'escalate', id, '--json'))).toMatchObject({ step: 1, stepName: 'Every member posts' });
    expect(await member.value({ type: 'checkRallies' })).toEqual({ found: 1 });
    expect(await member.value({ type: 'checkRallies' })).toEqual({ found: 0 });
    expect(member.notified.map((r) => r.text)).toEqual([`Campaign #${id} against Grain Co, step 2 of 3: Every member posts. Sell us 10 tonnes at the bulk price.`]);
    expect(member.notified[0]!.uri).toBe('https://grain.example');

    const shown = json(await union(bob!.privateKey, 'show', id, '--json'));
    expect(shown).toMatchObject({ status: 'open', step: 1, raised: '1.5', goal: '1.5', symbol: 'ETH', backers: 2, signatures: 1, paidOut: false, refundable: false });

    expect((await union(leader.privateKey, 'payout', id)).stderr).toMatch(/\[NotPayable/);
    await union(leader.privateKey, 'outcome', id, '--outcome', 'won', '--evidence', 'https://grain.example/deal', '--document', `0x${'ab'.repeat(32)}`);
    const before = await chain().getBalance({ address: payee });
    await union(bob!.privateKey, 'payout', id);
    expect((await chain().getBalance({ address: payee })) - before).toBe(parseEther('1.5'));

    const record = json(await union(bob!.privateKey, 'show', '--union', String(deployment.unionId), '--json'));
    expect(record.record).toMatchObject({ won: 1, ethRaised: '1.5', backers: 2 });
  });

  it('refunds each backer exactly once after a withdrawal, in the union token', async () => {
    const officer = byRole('officer')[0]!;
    const carol = byRole('member')[2]!;
    const leader = deployment.members.find((m) => m.role === 'leader')!;
    // The demo deploy gives the leader the whole token supply.
    const token = { address: deployment.token, abi: unionTokenAbi } as const;
    const wallet = createWalletClient({ chain: localChain(node.rpcUrl), account: privateKeyToAccount(leader.privateKey), transport: http(node.rpcUrl) });
    await chain().waitForTransactionReceipt({ hash: await wallet.writeContract({ ...token, functionName: 'transfer', args: [carol.address, parseEther('50')] }) });

    const opened = json(await union(officer.privateKey, 'open', '--union', String(deployment.unionId), '--target', 'Payments Inc', '--demand', 'Reinstate our member.', '--kind', 'reinstatement', '--goal', '100', '--token', '--step', 'Letter', '--json'));
    const id = String(opened.campaignId);
    await union(carol.privateKey, 'pledge', id, '--amount', '20');
    expect(await chain().readContract({ ...token, functionName: 'balanceOf', args: [carol.address] })).toBe(parseEther('30'));
    expect((await union(carol.privateKey, 'refund', id)).stderr).toMatch(/No refunds for this campaign.*\[NotRefundable/);
    await union(officer.privateKey, 'outcome', id, '--outcome', 'withdrawn');
    expect((await union(carol.privateKey, 'refund', id)).stdout).toContain('took back 20 UNION');
    expect(await chain().readContract({ ...token, functionName: 'balanceOf', args: [carol.address] })).toBe(parseEther('50'));
    expect((await union(carol.privateKey, 'refund', id)).stderr).toMatch(/\[NothingToRefund/);
    expect(await chain().readContract({ address: deployment.campaigns, abi: campaignsAbi, functionName: 'owed', args: [deployment.token] })).toBe(0n);
  });
});

describe('campaigns through the extension', () => {
  it('escalates with two approvals (the step, then the rally), and shows the union its campaigns and record', async () => {
    const officer = await background(byRole('officer')[1]!);
    const member = await background(byRole('member')[3]!);
    await member.value({ type: 'checkRallies' });
    member.notified.length = 0;

    const opened = await officer.value({
      type: 'openCampaign',
      unionId: deployment.unionId,
      kind: 'job',
      targetName: 'City Depot',
      targetUri: '',
      demand: 'Hire our member for the open driver job.',
      currency: 'eth',
      goal: '',
      payee: '',
      days: 10,
      steps: ['Letter', 'Rally at the gate'],
    });
    expect(opened.campaignId).toBeGreaterThan(0);
    await member.value({ type: 'signCampaign', campaignId: opened.campaignId });

    officer.approvals.length = 0;
    await officer.value({ type: 'escalateCampaign', campaignId: opened.campaignId });
    expect(officer.approvals.map((a) => a.title)).toEqual([
      `Move campaign #${opened.campaignId} to step 2 of 2: Rally at the gate`,
      `Tell the members: campaign #${opened.campaignId} moves to "Rally at the gate"`,
    ]);
    expect(await member.value({ type: 'checkRallies' })).toEqual({ found: 1 });
    expect(await member.value({ type: 'checkRallies' })).toEqual({ found: 0 });
    expect(member.notified).toHaveLength(1);
    expect(member.notified[0]!.text).toContain('step 2 of 2: Rally at the gate');
    await expect(officer.value({ type: 'escalateCampaign', campaignId: opened.campaignId })).rejects.toThrow(/last step/);

    const page = await member.value({ type: 'unionCampaigns', unionId: deployment.unionId });
    expect(page.role).toBe('member');
    expect(page.campaigns[0]).toMatchObject({ campaignId: opened.campaignId, kind: 'job', targetName: 'City Depot', step: 1, steps: ['Letter', 'Rally at the gate'], signatures: 1, signed: true, goal: '0', status: 'open' });
    await officer.value({ type: 'recordCampaignOutcome', campaignId: opened.campaignId, outcome: 'lost', evidenceUri: 'https://depot.example/reply', documentHash: '' });

    // The overlay may ask for the record; it is folded from events (the CLI test's win and withdrawal included).
    const record = await member.value({ type: 'unionRecord', unionId: deployment.unionId }, 'https://x.com');
    expect(record).toMatchObject({ won: 1, lost: 1, withdrawn: 1, ethRaised: '1.5', tokenRaised: null, backers: 3 });
  });
});
