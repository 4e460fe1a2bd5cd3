/**
 * A failing or hostile node: the background talks to a real seeded anvil through a proxy that
 * times out, answers garbage, lies about the chain id or fees, loses answers, and a chain that
 * reorganises. Badges fail closed, the wallet refuses to send what it cannot pin, a transaction
 * the node may have taken stays pending and is sent again, nothing is recorded as sent that was not.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createTestClient, http, parseEther, parseTransaction, toHex, type Address, type Hex, type PublicClient } from 'viem';
import { MAX_NETWORK_FEE, resumePending } from '@/lib/wallet/transactions';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { localChain, type Deployment } from '@/scripts/deploy';
import { startRpcCounter, type RpcCounter } from '@/scripts/rpc-counter';
import { newBackground, type TestBackground } from './background';

let node: LocalNode;
let deployment: Deployment;
let chain: PublicClient;
let test: ReturnType<typeof createTestClient>;
let rpc: RpcCounter;
/** One funded wallet whose node is the proxy. */
let wallet: TestBackground;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  const viemChain = localChain(node.rpcUrl);
  chain = createPublicClient({ chain: viemChain, transport: http(node.rpcUrl), pollingInterval: 50 }) as PublicClient;
  test = createTestClient({ chain: viemChain, mode: 'anvil', transport: http(node.rpcUrl) });
  rpc = await startRpcCounter(node.rpcUrl);
  wallet = await newBackground({ rpcUrl: rpc.url, deployment, setBalance: (args) => test.setBalance(args) });
});
afterAll(async () => {
  await rpc?.close();
  await node?.stop();
});
afterEach(() => {
  rpc.fault = null;
  wallet.decision = 'approve';
});

const priya = () => deployment.members.find((m) => m.handle === 'x:priya_nu')!.address as Address;
const tip = (amount = '0.01', tipId: string = crypto.randomUUID()) =>
  ({ type: 'tip', handle: 'x:priya_nu', amount, currency: 'eth', note: '', url: 'https://x.com/priya_nu/status/7', tipId }) as const;
const recorded = async () => wallet.db.getAll('transactions');
const sentRaw = () => rpc.calls.filter((c) => c.method === 'eth_sendRawTransaction').map((c) => c.params[0] as Hex);
/** The wallet's chain connection, through the proxy, as the background uses it. */
const connection = () => wallet.service.connection();

describe('badges', () => {
  it.each([
    ['garbage', () => 'garbage' as const],
    ['a dropped connection', () => 'drop' as const],
    ['an error for every read', () => ({ result: undefined })],
  ])('show nothing verified when the node answers with %s', async (_, fault) => {
    await wallet.service.connection().then(() => wallet.db.clear('profiles'));
    rpc.fault = (call) => (call.method === 'eth_call' ? fault() : undefined);
    const answer = await wallet.value({ type: 'resolve', handles: ['x:priya_nu', 'x:mara_union'] }, 'https://x.com');
    for (const view of Object.values(answer.profiles)) expect(view).toMatchObject({ state: 'offline' });
    // Nothing of the failure was cached: once the node answers again, the member is verified.
    rpc.fault = null;
    const again = await wallet.value({ type: 'resolve', handles: ['x:priya_nu'] }, 'https://x.com');
    expect(again.profiles['x:priya_nu']).toMatchObject({ state: 'verified' });
  });
});

describe('sending', () => {
  it('refuses when the node says it is another chain, before any approval, recording nothing', async () => {
    const before = await chain.getBalance({ address: wallet.address });
    const windows = wallet.approvals.length;
    rpc.fault = (call) => (call.method === 'eth_chainId' ? { result: toHex(1) } : undefined);
    const refused = await wallet.ask(tip());
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/chain 1, not the configured chain 31337: nothing was sent/) });
    expect(wallet.approvals).toHaveLength(windows);
    expect(sentRaw()).toEqual([]);
    expect(await recorded()).toEqual([]);
    expect(await chain.getBalance({ address: wallet.address })).toBe(before);
  });

  it('signs for the configured chain id with the approved fee cap, whatever the node says after the approval', async () => {
    rpc.reset();
    wallet.decision = 'manual';
    const sending = wallet.ask(tip('0.002'));
    await expect.poll(() => wallet.approvals.at(-1)?.title).toMatch(/Tip 0\.002 ETH/);
    const approval = wallet.approvals.at(-1)!;
    // From now on the node claims to be mainnet: the signature must not follow it.
    rpc.fault = (call) => (call.method === 'eth_chainId' ? { result: toHex(1) } : undefined);
    await wallet.service.handle({ type: 'approvalDecide', id: approval.id, approve: true }, { kind: 'extension', origin: 'Network Union (this extension)' });
    expect(await sending).toMatchObject({ ok: true });
    const [raw] = sentRaw();
    const sent = parseTransaction(raw!);
    expect(sent).toMatchObject({ type: 'eip1559', chainId: 31337 });
    // The cap the window showed is the cap signed.
    const shownCap = approval.fields.find((f) => f.label === 'Fee cap per gas')!.value;
    expect(`${Number(sent.maxFeePerGas) / 1e9} gwei`).toBe(shownCap);
    expect(sent.gas! * sent.maxFeePerGas!).toBeLessThanOrEqual(MAX_NETWORK_FEE);
  });

  it('refuses a fee above the ceiling the node asks for, before any approval', async () => {
    const windows = wallet.approvals.length;
    rpc.reset();
    const huge = toHex(parseEther('0.001')); // a priority fee of 1,000,000 gwei per gas
    rpc.fault = (call) => (call.method === 'eth_maxPriorityFeePerGas' || call.method === 'eth_gasPrice' ? { result: huge } : undefined);
    const refused = await wallet.ask(tip());
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/above the 0\.05 ETH this wallet ever pays for one transaction: nothing was sent/) });
    expect(wallet.approvals).toHaveLength(windows);
    expect(sentRaw()).toEqual([]);
  });

  it('keeps a transaction whose answer was lost as pending, never sends the tip twice, and records it mined once it is', async () => {
    await wallet.db.clear('transactions');
    const received = await chain.getBalance({ address: priya() });
    const tipId = crypto.randomUUID();
    // The node takes the transaction, but its answer never arrives.
    rpc.fault = (call) => (call.method === 'eth_sendRawTransaction' ? 'lose-answer' : undefined);
    const lost = await wallet.ask(tip('0.003', tipId));
    expect(lost).toMatchObject({ ok: false, error: expect.stringMatching(/kept as pending and sent again until it is mined or refused/) });
    const [pending] = await recorded();
    expect(pending).toMatchObject({ status: 'pending', tipId });
    expect(pending!.raw).toMatch(/^0x02/);
    rpc.fault = null;
    // Asking again for the same tip returns it, sending nothing new.
    const windows = wallet.approvals.length;
    expect(await wallet.value(tip('0.003', tipId))).toMatchObject({ hash: pending!.hash });
    expect(wallet.approvals).toHaveLength(windows);
    const { client, config } = await connection();
    expect(await resumePending(client, wallet.db, config.chainId)).toMatchObject([{ hash: pending!.hash, status: 'mined' }]);
    expect((await chain.getBalance({ address: priya() })) - received).toBe(parseEther('0.003'));
  });

  it('sends a transaction that never reached the node again, and records nothing as sent until it is mined', async () => {
    await wallet.db.clear('transactions');
    const received = await chain.getBalance({ address: priya() });
    rpc.fault = (call) => (call.method === 'eth_sendRawTransaction' ? 'drop' : undefined);
    expect(await wallet.ask(tip('0.004'))).toMatchObject({ ok: false, error: expect.stringMatching(/kept as pending/) });
    const [pending] = await recorded();
    expect(pending!.status).toBe('pending');
    expect(await chain.getTransaction({ hash: pending!.hash }).catch(() => null)).toBeNull();
    expect(await chain.getBalance({ address: priya() })).toBe(received);
    // The node still fails: it stays pending.
    const { client, config } = await connection();
    expect(await resumePending(client, wallet.db, config.chainId)).toMatchObject([{ status: 'pending' }]);
    rpc.fault = null;
    expect(await resumePending(client, wallet.db, config.chainId)).toMatchObject([{ hash: pending!.hash, status: 'mined' }]);
    expect((await chain.getBalance({ address: priya() })) - received).toBe(parseEther('0.004'));
  });

  it('sends again a mined transaction that a reorganisation undid', async () => {
    await wallet.db.clear('transactions');
    const received = await chain.getBalance({ address: priya() });
    const snapshot = await test.snapshot();
    const { hash } = await wallet.value(tip('0.005'));
    expect((await recorded())[0]).toMatchObject({ hash, status: 'mined' });
    // The block holding it is undone.
    await test.revert({ id: snapshot });
    expect(await chain.getTransactionReceipt({ hash }).catch(() => null)).toBeNull();
    const { client, config } = await connection();
    expect(await resumePending(client, wallet.db, config.chainId)).toMatchObject([{ hash, status: 'mined' }]);
    expect(await chain.getTransactionReceipt({ hash })).toMatchObject({ status: 'success' });
    expect((await chain.getBalance({ address: priya() })) - received).toBe(parseEther('0.005'));
  });

  it('records a transaction that was mined but reverted as reverted, never as sent', async () => {
    await wallet.db.clear('transactions');
    // A node that lies about the gas lets a call through that the registry refuses on-chain.
    rpc.fault = (call) => (call.method === 'eth_estimateGas' ? { result: toHex(200_000) } : undefined);
    const claimed = await wallet.ask({ type: 'claimHandle', handle: 'x:priya_nu' });
    expect(claimed).toMatchObject({ ok: false, error: expect.stringMatching(/mined but reverted: nothing changed/) });
    expect(await recorded()).toMatchObject([{ status: 'reverted' }]);
    rpc.fault = null;
    const overview = await wallet.value({ type: 'walletOverview' });
    expect(overview.transactions).toMatchObject([{ status: 'reverted' }]);
    expect(overview.claims).toEqual([]);
  });
});
