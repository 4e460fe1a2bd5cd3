import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createTestClient, erc20Abi, http, parseEther, sha256, stringToHex, type PublicClient } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { formatProof } from '@/lib/identity/proof';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { DEMO_UNION } from '@/scripts/demo-union';
import { localChain, type Deployment } from '@/scripts/deploy';
import { field, newBackground } from './background';

let node: LocalNode;
let deployment: Deployment;
let chain: PublicClient;
let test: ReturnType<typeof createTestClient>;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  const viemChain = localChain(node.rpcUrl);
  chain = createPublicClient({ chain: viemChain, transport: http(node.rpcUrl) }) as PublicClient;
  test = createTestClient({ chain: viemChain, mode: 'anvil', transport: http(node.rpcUrl) });
});
afterAll(() => node?.stop());

const newWallet = (fund: boolean) =>
  newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => test.setBalance(args) }, { privateKey: generatePrivateKey(), fund });

describe('a newcomer gets funds without leaving the extension', () => {
  it('is told how to get ETH when it has none, then gets test ETH and UNION on the local chain', async () => {
    const wallet = await newWallet(false);
    const refused = await wallet.ask({ type: 'joinUnion', unionId: deployment.unionId, sponsor: 'x:priya_nu', inviteCode: '' });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^Not enough ETH .* the account has 0 ETH\. .*Get test ETH and UNION.*npx union fund 0x/) });
    expect(refused.ok || refused.error).not.toMatch(/\d\.\d{7,}/);

    expect((await wallet.value({ type: 'walletOverview' })).funded).toBe(false);
    expect(await wallet.value({ type: 'walletGetTestFunds' })).toEqual({ eth: '10', tokens: ['100 UNION'] });
    expect(await chain.getBalance({ address: wallet.address })).toBe(parseEther('10'));
    expect(await chain.readContract({ address: deployment.token, abi: erc20Abi, functionName: 'balanceOf', args: [wallet.address] })).toBe(parseEther('100'));
    const overview = await wallet.value({ type: 'walletOverview' });
    expect(overview).toMatchObject({ balance: '10', funded: true, testFunds: true, chainName: 'Local development chain (31337)' });
  });
});

describe('onboarding state read back from the chain', () => {
  it('shows the published bylaws text that matches the on-chain hash, and names it in the approval', async () => {
    const wallet = await newWallet(true);
    const bylaws = await wallet.value({ type: 'unionBylaws', unionId: deployment.unionId });
    expect(bylaws).toEqual({ bylawsHash: sha256(stringToHex(DEMO_UNION.bylaws)), text: DEMO_UNION.bylaws, title: 'Bylaws of the Open Source Union.' });
    await wallet.value({ type: 'acceptBylaws', unionId: deployment.unionId });
    expect(field(wallet.approvals.at(-1), 'Bylaws')).toBe('Bylaws of the Open Source Union.');
    expect(field(wallet.approvals.at(-1), 'Bylaws SHA-256')).toBe(bylaws.bylawsHash);
  });

  it('the approval puts the fee and total in ETH with the cap, and the raw call under details', async () => {
    const wallet = await newWallet(true);
    await wallet.value({ type: 'joinUnion', unionId: deployment.unionId, sponsor: 'x:priya_nu', inviteCode: '' });
    const approval = wallet.approvals.at(-1)!;
    expect(field(approval, 'Network fee')).toMatch(/^about \d+(\.\d+)? ETH \(at most \d+(\.\d+)? ETH\)$/);
    expect(field(approval, 'Total')).toMatch(/^at most \d+(\.\d+)? ETH$/);
    expect(field(approval, 'Chain')).toBe('Local development chain (31337)');
    expect(field(approval, 'Balance')).toBe('10 ETH');
    const labels = approval.fields.map((f) => f.label);
    expect(labels[0]).toBe('Call');
    expect(approval.fields.filter((f) => f.detail).map((f) => f.label)).toEqual(['Contract', 'From', 'Gas estimate', 'Gas limit', 'Fee cap per gas', 'Data']);
    expect(labels.indexOf('Data')).toBeGreaterThan(labels.indexOf('Total'));
  });

  it('remembers every step from the chain: membership, claim with its proof, vouch, messaging key, proof seen', async () => {
    const wallet = await newWallet(true);
    const handle = `x:newcomer_${Date.now() % 100000}`;
    const empty = await wallet.value({ type: 'walletOverview' });
    expect(empty).toMatchObject({ memberships: [], claims: [], handles: [], messagingKeyPublished: false });

    await wallet.value({ type: 'joinUnion', unionId: deployment.unionId, sponsor: 'x:priya_nu', inviteCode: '' });
    await wallet.value({ type: 'claimHandle', handle });
    await wallet.value({ type: 'publishMessagingKey' });
    const proof = formatProof(wallet.address);
    let overview = await wallet.value({ type: 'walletOverview' });
    expect(overview.memberships.map((m) => m.unionId)).toEqual([deployment.unionId]);
    expect(overview.messagingKeyPublished).toBe(true);
    expect(overview.handles).toEqual([{ handle, proof, proofSeen: false, vouched: false }]);

    await wallet.value({ type: 'resolve', handles: [], profile: { handle, bio: `hello ${proof}` } }, 'https://x.com');
    overview = await wallet.value({ type: 'walletOverview' });
    expect(overview.handles).toEqual([{ handle, proof, proofSeen: true, vouched: false }]);
  });

  it('answers a second join and a second claim of one’s own handle in plain words, sending nothing', async () => {
    const wallet = await newWallet(true);
    const handle = `x:twice_${Date.now() % 100000}`;
    await wallet.value({ type: 'joinUnion', unionId: deployment.unionId, sponsor: 'x:priya_nu', inviteCode: '' });
    await wallet.value({ type: 'claimHandle', handle });
    const approvals = wallet.approvals.length;

    expect(await wallet.ask({ type: 'joinUnion', unionId: deployment.unionId, sponsor: 'x:priya_nu', inviteCode: '' })).toEqual({
      ok: false,
      error: expect.stringMatching(/^You're already a member of union #1/),
    });
    expect(await wallet.value({ type: 'claimHandle', handle: handle.slice(2) })).toEqual({
      hash: null,
      summary: `You already own @${handle.slice(2)}: here is your proof.`,
      proof: formatProof(wallet.address),
      alreadyOwned: true,
    });
    expect(wallet.approvals).toHaveLength(approvals);

    const other = await newWallet(true);
    const taken = await other.ask({ type: 'claimHandle', handle });
    expect(taken).toEqual({ ok: false, error: expect.stringMatching(/^Another address already claims this handle: .* \[HandleTaken\(x:twice_\d+, 0x[0-9a-fA-F]{40}\)\]$/) });
  });
});
