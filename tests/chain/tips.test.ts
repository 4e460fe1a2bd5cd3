/**
 * Tips through the background, against one real seeded anvil: ETH and union-token tips to a
 * verified member, through the approval window, re-verified at send time, idempotent per tipId.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  formatEther,
  getAddress,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  stringToHex,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { tipsAbi, unionTokenAbi } from '@/lib/chain/generated/abi';
import { unionTokenBytecode } from '@/lib/chain/generated/bytecode';
import type { TipRecord } from '@/lib/features/tips/protocol';
import type { ResponseOf } from '@/lib/protocol';
import { EXTENSION_ORIGIN } from '@/lib/service';
import type { ApprovalRequest } from '@/lib/wallet/approvals';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { field, newBackground, type TestBackground } from './background';
import { devAccount, localChain, type Deployment } from '@/scripts/deploy';

const X_ORIGIN = 'https://x.com';
const POST_URL = 'https://twitter.com/Priya_NU/status/123/?s=20';
const CANONICAL_URL = 'https://x.com/priya_nu/status/123';
const CONTEXT = keccak256(stringToHex(CANONICAL_URL));

let node: LocalNode;
let deployment: Deployment;
let chain: PublicClient;
let test: ReturnType<typeof createTestClient>;
/** One funded fresh key that sends the tips of this file. */
let tipper: Wallet;
let tipperKey: Hex;
/** ETH tips to priya that were mined, in wei, for the track record `resolve` shows. */
const ethTipsToPriya: bigint[] = [];

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  const viemChain = localChain(node.rpcUrl);
  chain = createPublicClient({ chain: viemChain, transport: http(node.rpcUrl), pollingInterval: 50 }) as PublicClient;
  test = createTestClient({ chain: viemChain, mode: 'anvil', transport: http(node.rpcUrl) });
  tipperKey = generatePrivateKey();
  tipper = await newWallet({ privateKey: tipperKey, fund: true });
});
afterAll(() => node?.stop());

const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const priya = () => member('x:priya_nu');

type Wallet = TestBackground;

const newWallet = (options: { privateKey?: Hex; fund?: boolean } = {}) =>
  newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => test.setBalance(args) }, options);

function tipRequest(overrides: Record<string, unknown> = {}) {
  return { type: 'tip' as const, handle: 'x:priya_nu', amount: '0.01', currency: 'eth', note: '', url: POST_URL, tipId: crypto.randomUUID(), ...overrides };
}

const ethBalance = (address: Address) => chain.getBalance({ address });
const unionBalance = (address: Address) => chain.readContract({ address: deployment.token, abi: erc20Abi, functionName: 'balanceOf', args: [address] });
const allowanceToTips = (owner: Address) => chain.readContract({ address: deployment.token, abi: erc20Abi, functionName: 'allowance', args: [owner, deployment.tips] });

function tipperClient() {
  return createWalletClient({ chain: localChain(node.rpcUrl), account: privateKeyToAccount(tipperKey), transport: http(node.rpcUrl) });
}

async function mined(hash: Hex) {
  const receipt = await chain.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** The Tipped events of one transaction. */
async function tippedIn(hash: Hex) {
  const receipt = await mined(hash);
  return { receipt, events: parseEventLogs({ abi: tipsAbi, eventName: 'Tipped', logs: receipt.logs }).map((log) => ({ address: log.address, ...log.args })) };
}

function expectTipApproval(request: ApprovalRequest | undefined, call: 'tipEth' | 'tipToken', origin = EXTENSION_ORIGIN) {
  expect(request).toMatchObject({ kind: 'transaction', origin });
  expect(field(request, 'Call')).toBe(`Tips.${call}`);
  expect(field(request, 'Contract')).toBe(deployment.tips);
  expect(field(request, 'recipient')).toBe(priya().address);
  expect(field(request, 'context')).toBe(CONTEXT);
  expect(field(request, 'To')).toBe(`@priya_nu (${priya().address})`);
  expect(field(request, 'For')).toBe(CANONICAL_URL);
  expect(field(request, 'Gas estimate')).toMatch(/^[1-9][\d,]* gas$/);
}

describe('ETH tips', () => {
  it('an approved tip moves exactly the amount to the verified member, through the Tips contract, for the canonical post', async () => {
    const amount = parseEther('0.01');
    const before = { tipper: await ethBalance(tipper.address), priya: await ethBalance(priya().address) };
    const result = await tipper.value(tipRequest({ amount: '0.01', note: '  thanks for the parser fix  ' }));
    expect(result.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.summary).toBe('Tip 0.01 ETH to @priya_nu');

    const { receipt, events } = await tippedIn(result.hash);
    expect(receipt.to?.toLowerCase()).toBe(deployment.tips.toLowerCase());
    expect(events).toEqual([{ address: deployment.tips.toLowerCase(), from: tipper.address, to: priya().address, token: zeroAddress, amount, context: CONTEXT }]);
    ethTipsToPriya.push(amount);

    expect(await ethBalance(priya().address)).toBe(before.priya + amount);
    expect(await ethBalance(tipper.address)).toBe(before.tipper - amount - receipt.gasUsed * receipt.effectiveGasPrice);
    expect(await ethBalance(deployment.tips)).toBe(0n);

    expect(tipper.approvals).toHaveLength(1);
    const approval = tipper.approvals[0];
    expectTipApproval(approval, 'tipEth');
    expect(approval!.title).toBe('Tip 0.01 ETH to @priya_nu');
    expect(field(approval, 'Value')).toBe('0.01 ETH');
    expect(field(approval, 'Note (kept in this browser)')).toBe('thanks for the parser fix');

    const recorded = await tipper.db.get('transactions', result.hash);
    expect(recorded).toMatchObject({ hash: result.hash, from: tipper.address, status: 'mined' });
  });

  it('a rejected tip sends nothing and records nothing', async () => {
    const before = {
      tipper: await ethBalance(tipper.address),
      priya: await ethBalance(priya().address),
      nonce: await chain.getTransactionCount({ address: tipper.address }),
      recorded: (await tipper.db.getAll('transactions')).length,
      approvals: tipper.approvals.length,
    };
    tipper.decision = 'reject';
    try {
      const request = tipRequest({ amount: '0.5' });
      expect(await tipper.ask(request)).toEqual({ ok: false, error: expect.stringMatching(/Rejected/) });
      expect(tipper.approvals).toHaveLength(before.approvals + 1);
      expectTipApproval(tipper.approvals.at(-1), 'tipEth');
      expect(field(tipper.approvals.at(-1), 'Value')).toBe('0.5 ETH');
      expect(await ethBalance(tipper.address)).toBe(before.tipper);
      expect(await ethBalance(priya().address)).toBe(before.priya);
      expect(await chain.getTransactionCount({ address: tipper.address })).toBe(before.nonce);
      const recorded = await tipper.db.getAll('transactions');
      expect(recorded).toHaveLength(before.recorded);
      expect(recorded.some((t) => t.tipId === request.tipId)).toBe(false);
    } finally {
      tipper.decision = 'approve';
    }
  });

  it('two concurrent requests with one tipId open one approval and send one transaction; a later one returns the recorded hash', async () => {
    const amount = parseEther('0.002');
    const request = tipRequest({ amount: '0.002', tipId: 'composer-tip-1' });
    const before = {
      priya: await ethBalance(priya().address),
      nonce: await chain.getTransactionCount({ address: tipper.address }),
      approvals: tipper.approvals.length,
    };
    tipper.decision = 'manual';
    let first: Awaited<ReturnType<Wallet['ask']>>;
    let second: Awaited<ReturnType<Wallet['ask']>>;
    try {
      const a = tipper.ask(request);
      const b = tipper.ask(request);
      await expect.poll(() => tipper.approvals.length).toBe(before.approvals + 1);
      await new Promise((r) => setTimeout(r, 200)); // a second approval would be queued by now
      expect(tipper.service.approvals.pendingCount()).toBe(1);
      const id = tipper.approvals.at(-1)!.id;
      expect(await tipper.value({ type: 'approvalDecide', id, approve: true })).toEqual({ decided: true });
      [first, second] = await Promise.all([a, b]);
    } finally {
      tipper.decision = 'approve';
    }
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const hash = (first as { value: ResponseOf<'tip'> }).value.hash;
    expect(tipper.approvals).toHaveLength(before.approvals + 1);
    expect(tipper.service.approvals.pendingCount()).toBe(0);
    expect(await chain.getTransactionCount({ address: tipper.address })).toBe(before.nonce + 1);
    expect(await ethBalance(priya().address)).toBe(before.priya + amount);
    expect((await tippedIn(hash)).events).toHaveLength(1);
    ethTipsToPriya.push(amount);

    // A retry later (the composer re-sends the same tipId): the recorded hash, no approval, nothing sent.
    expect(await tipper.value(request)).toEqual({ hash, summary: 'Tip 0.002 ETH to @priya_nu' });
    expect(tipper.approvals).toHaveLength(before.approvals + 1);
    expect(await chain.getTransactionCount({ address: tipper.address })).toBe(before.nonce + 1);
    expect((await tipper.db.getAll('transactions')).filter((t) => t.tipId === 'composer-tip-1')).toHaveLength(1);
  });

  it('a tip from a content script is accepted and its approval names the site', async () => {
    const amount = parseEther('0.003');
    const before = { priya: await ethBalance(priya().address), approvals: tipper.approvals.length };
    const result = await tipper.value(tipRequest({ amount: '0.003' }), X_ORIGIN);
    await mined(result.hash);
    ethTipsToPriya.push(amount);
    expect(await ethBalance(priya().address)).toBe(before.priya + amount);
    expect(tipper.approvals).toHaveLength(before.approvals + 1);
    expectTipApproval(tipper.approvals.at(-1), 'tipEth', X_ORIGIN);
    // tipOptions is open to content scripts too.
    expect(await tipper.value({ type: 'tipOptions', handle: 'x:priya_nu' }, X_ORIGIN)).toMatchObject({ wallet: 'unlocked' });
  });
});

describe('refusals before any approval', () => {
  it('re-verifies the recipient at send time: one-sided, spoofed and unknown handles are refused', async () => {
    const before = { approvals: tipper.approvals.length, nonce: await chain.getTransactionCount({ address: tipper.address }) };
    // Sam's profile shows a bio proof naming another address: the tipper has seen it.
    const sam = member('x:sam_spoofed');
    const { profiles } = await tipper.value({ type: 'resolve', handles: [], profile: { handle: 'x:sam_spoofed', bio: sam.bio } }, X_ORIGIN);
    expect(profiles['x:sam_spoofed']).toMatchObject({ state: 'unverified-claim' });

    for (const handle of ['x:ivy_unvouched', 'x:sam_spoofed', 'x:nobody_tipme']) {
      const result = await tipper.ask(tipRequest({ handle }), X_ORIGIN);
      expect(result, handle).toEqual({ ok: false, error: expect.stringMatching(/not a verified member/) });
    }
    // Not a handle at all.
    expect(await tipper.ask(tipRequest({ handle: 'not a handle' }))).toEqual({ ok: false, error: expect.any(String) });
    expect(tipper.approvals).toHaveLength(before.approvals);
    expect(await chain.getTransactionCount({ address: tipper.address })).toBe(before.nonce);
  });

  it('a bio-proven member is tippable once the tipper saw the proof on the profile', async () => {
    const kai = member('x:kai_bioproof');
    expect(await tipper.ask(tipRequest({ handle: 'x:kai_bioproof' }))).toEqual({ ok: false, error: expect.stringMatching(/not a verified member/) });
    const before = tipper.approvals.length;
    await tipper.value({ type: 'resolve', handles: [], profile: { handle: 'x:kai_bioproof', bio: kai.bio } }, X_ORIGIN);
    tipper.decision = 'reject';
    try {
      expect(await tipper.ask(tipRequest({ handle: 'x:kai_bioproof' }))).toEqual({ ok: false, error: expect.stringMatching(/Rejected/) });
    } finally {
      tipper.decision = 'approve';
    }
    expect(tipper.approvals).toHaveLength(before + 1);
    expect(field(tipper.approvals.at(-1), 'To')).toBe(`@kai_bioproof (${kai.address})`);
    // Without the proof (the profile now shows none), the tip is refused again.
    await tipper.value({ type: 'resolve', handles: [], profile: { handle: 'x:kai_bioproof', bio: 'no proof here' } }, X_ORIGIN);
    expect(await tipper.ask(tipRequest({ handle: 'x:kai_bioproof' }))).toEqual({ ok: false, error: expect.stringMatching(/not a verified member/) });
    expect(tipper.approvals).toHaveLength(before + 1);
  });

  it('a locked wallet answers locked: true and opens no approval', async () => {
    const locked = await newWallet();
    expect(await locked.value({ type: 'walletLock' })).toMatchObject({ state: 'locked' });
    expect(await locked.ask(tipRequest(), X_ORIGIN)).toEqual({ ok: false, error: expect.stringMatching(/locked/), locked: true });
    expect(await locked.ask(tipRequest({ currency: 'token', amount: '1' }), X_ORIGIN)).toMatchObject({ ok: false, locked: true });
    expect(locked.approvals).toEqual([]);
    expect(await locked.value({ type: 'tipOptions', handle: 'x:priya_nu' }, X_ORIGIN)).toMatchObject({ wallet: 'locked' });
    expect(await chain.getTransactionCount({ address: locked.address })).toBe(0);
  });

  it('refuses amounts that are zero, negative, not numbers or too precise', async () => {
    const before = tipper.approvals.length;
    const recorded = (await tipper.db.getAll('transactions')).length;
    const cases: [string, RegExp][] = [
      ['0', /more than zero/],
      ['0.000', /more than zero/],
      ['-1', /positive number/],
      ['abc', /positive number/],
      ['', /positive number/],
      ['1.1234567890123456789', /At most 18 decimals/],
    ];
    for (const [amount, reason] of cases) {
      expect(await tipper.ask(tipRequest({ amount })), amount).toEqual({ ok: false, error: expect.stringMatching(reason) });
      expect(await tipper.ask(tipRequest({ amount, currency: 'token' })), `${amount} UNION`).toEqual({ ok: false, error: expect.stringMatching(reason) });
    }
    expect(tipper.approvals).toHaveLength(before);
    expect(await tipper.db.getAll('transactions')).toHaveLength(recorded);
  });
});

describe('union token tips', () => {
  it("offers ETH with the wallet's balance and the fee, and the union's token only once the wallet holds some", async () => {
    const eth = await ethBalance(tipper.address);
    expect(await unionBalance(tipper.address)).toBe(0n);
    const options = await tipper.value({ type: 'tipOptions', handle: 'x:priya_nu' }, X_ORIGIN);
    expect(options).toEqual({ wallet: 'unlocked', currencies: [{ id: 'eth', symbol: 'ETH', balance: expect.any(String) }], fee: expect.stringMatching(/^0\.\d+$/) });
    expect(Number(options.currencies[0]!.balance)).toBeCloseTo(Number(formatEther(eth)), 3);
  });

  it('a token tip asks to approve exactly the amount, then tips, leaving no allowance and nothing in the contract', async () => {
    const leader = createWalletClient({ chain: localChain(node.rpcUrl), account: devAccount(0), transport: http(node.rpcUrl) });
    await mined(await leader.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'transfer', args: [tipper.address, parseEther('100')] }));
    expect(await unionBalance(tipper.address)).toBe(parseEther('100'));
    expect(await allowanceToTips(tipper.address)).toBe(0n);
    expect((await tipper.value({ type: 'tipOptions', handle: 'x:priya_nu' }, X_ORIGIN)).currencies).toEqual([
      { id: 'eth', symbol: 'ETH', balance: expect.any(String) },
      { id: 'token', symbol: 'UNION', balance: '100' },
    ]);

    const amount = parseEther('5');
    const before = { priya: await unionBalance(priya().address), approvals: tipper.approvals.length };
    const result = await tipper.value(tipRequest({ currency: 'token', amount: '5' }), X_ORIGIN);
    expect(result.summary).toBe('Tip 5 UNION to @priya_nu');

    const [approve, tipCall] = tipper.approvals.slice(before.approvals);
    expect(tipper.approvals).toHaveLength(before.approvals + 2);
    expect(approve).toMatchObject({ kind: 'transaction', origin: X_ORIGIN });
    expect(field(approve, 'Call')).toBe('UNION.approve');
    expect(field(approve, 'Contract')).toBe(deployment.token);
    expect(field(approve, 'spender')).toBe(deployment.tips);
    expect(field(approve, 'amount')).toBe(amount.toString());
    expect(field(approve, 'Value')).toBe('0 ETH');
    expectTipApproval(tipCall, 'tipToken', X_ORIGIN);
    expect(field(tipCall, 'token')).toBe(deployment.token);
    expect(field(tipCall, 'amount')).toBe(amount.toString());

    const { events } = await tippedIn(result.hash);
    expect(events).toEqual([{ address: deployment.tips.toLowerCase(), from: tipper.address, to: priya().address, token: deployment.token, amount, context: CONTEXT }]);
    expect(await unionBalance(priya().address)).toBe(before.priya + amount);
    expect(await unionBalance(tipper.address)).toBe(parseEther('95'));
    expect(await allowanceToTips(tipper.address)).toBe(0n);
    expect(await unionBalance(deployment.tips)).toBe(0n);
    expect(await ethBalance(deployment.tips)).toBe(0n);
  });

  it('with enough allowance already given, a token tip asks for one approval only', async () => {
    await mined(await tipperClient().writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'approve', args: [deployment.tips, parseEther('12')] }));
    const before = { priya: await unionBalance(priya().address), approvals: tipper.approvals.length };
    const result = await tipper.value(tipRequest({ currency: 'token', amount: '5' }));
    expect(tipper.approvals).toHaveLength(before.approvals + 1);
    expectTipApproval(tipper.approvals.at(-1), 'tipToken');
    await mined(result.hash);
    expect(await unionBalance(priya().address)).toBe(before.priya + parseEther('5'));
    expect(await allowanceToTips(tipper.address)).toBe(parseEther('7'));
    expect(await unionBalance(deployment.tips)).toBe(0n);
  });
});

describe('the record of tips', () => {
  it("the tipper's wallet lists the tips sent, the recipient's lists them received, and the visited profile shows the ETH record", async () => {
    const totalEth = ethTipsToPriya.reduce((a, b) => a + b, 0n);
    expect(ethTipsToPriya).toHaveLength(3);

    const sent = (await tipper.value({ type: 'walletTips' })).sent;
    expect(sent.map((t) => t.amount)).toEqual(['5 UNION', '5 UNION', '0.003 ETH', '0.002 ETH', '0.01 ETH']);
    expect(sent.every((t) => t.from === tipper.address && t.to === priya().address && t.context === CONTEXT)).toBe(true);
    expect(sent.map((t) => t.blockNumber)).toEqual([...sent.map((t) => t.blockNumber)].sort((a, b) => b - a));
    expect(new Set(sent.map((t) => t.hash)).size).toBe(5);
    expect((await tipper.value({ type: 'walletTips' })).received).toEqual([]);

    const recipient = await newWallet({ privateKey: priya().privateKey, fund: false });
    expect(recipient.address).toBe(priya().address);
    const { sent: sentByPriya, received } = await recipient.value({ type: 'walletTips' });
    expect(sentByPriya).toEqual([]);
    expect(received).toEqual(sent satisfies TipRecord[]);

    const { profiles } = await recipient.value({ type: 'resolve', handles: ['x:priya_nu'], profile: { handle: 'x:priya_nu', bio: priya().bio } }, X_ORIGIN);
    expect(profiles['x:priya_nu']).toMatchObject({ state: 'verified', owner: priya().address, tipsReceived: { count: 3, eth: formatEther(totalEth) } });
    expect(profiles['x:priya_nu']!.tipsReceived).toEqual({ count: 3, eth: '0.015' });
    // A member nobody tipped shows an empty record.
    const { profiles: others } = await tipper.value({ type: 'resolve', handles: [], profile: { handle: 'x:tomas_nu', bio: member('x:tomas_nu').bio } }, X_ORIGIN);
    expect(others['x:tomas_nu']).toMatchObject({ state: 'verified', tipsReceived: { count: 0, eth: '0' } });
  });

  it('leaves out tips in a token no followed union uses, however it is named', async () => {
    const recipient = await newWallet({ privateKey: priya().privateKey, fund: false });
    const before = (await recipient.value({ type: 'walletTips' })).received;
    // Anyone can deploy a token called UNION and "tip" with it: a Tipped event that looks like income.
    const wallet = tipperClient();
    const lookalike = getAddress((await mined(await wallet.deployContract({ abi: unionTokenAbi, bytecode: unionTokenBytecode, args: [tipper.address, parseEther('1000')] }))).contractAddress!);
    expect(await chain.readContract({ address: lookalike, abi: erc20Abi, functionName: 'symbol' })).toBe('UNION');
    await mined(await wallet.writeContract({ address: lookalike, abi: erc20Abi, functionName: 'approve', args: [deployment.tips, parseEther('500')] }));
    const { events } = await tippedIn(await wallet.writeContract({ address: deployment.tips, abi: tipsAbi, functionName: 'tipToken', args: [lookalike, priya().address, parseEther('500'), CONTEXT] }));
    expect(events).toMatchObject([{ token: lookalike, amount: parseEther('500') }]);
    expect((await recipient.value({ type: 'walletTips' })).received).toEqual(before);
  });
});

describe('a tip whose transaction reverted', () => {
  // BUG (lib/wallet/handlers.ts, `tip`): the idempotence check returns any recorded transaction
  // with the tipId, whatever its status. A tip that was approved, sent and mined but reverted
  // (here: the allowance was withdrawn while the approval window was open) answers
  // "mined but reverted: nothing changed on-chain", yet a retry with the same tipId answers
  // { ok: true, value: { hash: <the reverted hash> } }: the composer shows a tip that moved nothing
  // as sent. A recorded tip with status 'reverted' should not count as done.
  it('is not reported as sent when retried with the same tipId', async () => {
    await mined(await tipperClient().writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'approve', args: [deployment.tips, parseEther('1')] }));
    const request = tipRequest({ currency: 'token', amount: '1', tipId: 'reverted-tip' });
    const priyaBefore = await unionBalance(priya().address);
    const approvals = tipper.approvals.length;
    tipper.decision = 'manual';
    let first: Awaited<ReturnType<Wallet['ask']>>;
    try {
      const pending = tipper.ask(request);
      await expect.poll(() => tipper.approvals.length).toBe(approvals + 1);
      expect(field(tipper.approvals.at(-1), 'Call')).toBe('Tips.tipToken');
      // The allowance is withdrawn while the window is open: the approved tip reverts on-chain.
      await mined(await tipperClient().writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'approve', args: [deployment.tips, 0n] }));
      await tipper.value({ type: 'approvalDecide', id: tipper.approvals.at(-1)!.id, approve: true });
      first = await pending;
    } finally {
      tipper.decision = 'reject';
    }
    try {
      expect(first).toEqual({ ok: false, error: expect.stringMatching(/mined but reverted/) });
      expect(await unionBalance(priya().address)).toBe(priyaBefore);
      const [recorded] = (await tipper.db.getAll('transactions')).filter((t) => t.tipId === 'reverted-tip');
      expect(recorded).toMatchObject({ status: 'reverted' });
      // Whether the retry refuses or asks anew (rejected here), it must not report success.
      expect(await tipper.ask(request)).toMatchObject({ ok: false });
    } finally {
      tipper.decision = 'approve';
    }
  });
});
