import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, parseEther, sha256, stringToHex } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { DEFAULT_CONFIG } from '@/lib/config';
import { formatProof } from '@/lib/identity/proof';
import { startAnvil, type LocalNode } from '@/scripts/anvil';
import { deployContracts, devAccount } from '@/scripts/deploy';

const BIN = resolve(import.meta.dirname, '../../bin/union.mjs');
let node: LocalNode;

beforeAll(async () => {
  node = await startAnvil();
  await deployContracts(node.rpcUrl);
});
afterAll(() => node?.stop());

/** Runs `union …` against the test chain; resolves with exit code and output, never throws. */
async function union(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [BIN, '--rpc', node.rpcUrl, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const json = (out: { stdout: string }) => JSON.parse(out.stdout);
const chain = () => createPublicClient({ transport: http(node.rpcUrl) });

describe('union CLI', () => {
  it('creates a union, joins, claims, vouches and shows the member', async () => {
    const leader = devAccount(1).address;
    const member = devAccount(2).address;

    const created = json(await union('create-union', '--name', 'CLI Union', '--purpose', 'Testing', '--account', '1', '--json'));
    expect(created).toMatchObject({ unionId: '1', from: leader, bylawsHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    expect((await union('claim', 'x:Cli_Leader', '--account', '1')).stdout).toContain('claims x:cli_leader');
    const joined = await union('join', '--union', '1', '--sponsor', 'x:cli_leader', '--account', '2', '--json');
    expect(json(joined)).toMatchObject({ sponsor: leader, from: member });
    const claimed = json(await union('claim', 'x:cli_member', '--account', '2', '--json'));
    expect(claimed.proof).toBe(formatProof(member));
    expect(json(await union('vouch', '--union', '1', '--member', 'x:cli_member', '--account', '1', '--json'))).toMatchObject({ member, handle: 'x:cli_member' });

    const shown = json(await union('show', 'x:cli_member', '--json'));
    expect(shown).toEqual({
      address: member,
      claims: ['x:cli_member'],
      memberships: [
        { unionId: '1', union: 'CLI Union', role: 'member', officerTitle: '', sponsor: leader, directSupporters: '0', supportBase: '0', vouchedClaims: ['x:cli_member'] },
      ],
    });
    const leaderShown = await union('show', leader);
    expect(leaderShown.stdout).toMatch(/leader[\s\S]*support base: 1, direct supporters: 1/);
  });

  it('lets the leader make the union invite-only, after which a plain join is refused', async () => {
    expect(json(await union('set-policy', '--union', '1', '--policy', 'invite-only', '--account', '1', '--json'))).toMatchObject({ policy: 'invite-only' });
    const refused = await union('join', '--union', '1', '--sponsor', devAccount(1).address, '--account', '5');
    expect(refused.stderr).toMatch(/This union admits by invitation only: ask a member for an invite code\. \[InviteRequired\(1\)\]/);
    expect((await union('set-policy', '--union', '1', '--policy', 'open', '--account', '2')).stderr).toMatch(/NotLeader/);
    await union('set-policy', '--union', '1', '--policy', 'open', '--account', '1');
  });

  it('signs an invite for one address, which only that address can redeem', async () => {
    const code = json(await union('invite', '--union', '1', '--for', devAccount(6).address, '--days', '3', '--account', '1', '--json')).code as string;
    expect(code).toMatch(/^nu-invite2:/);
    const copied = await union('join', '--union', '1', '--invite', code, '--account', '7');
    expect(copied.code).toBe(2);
    expect(copied.stderr).toContain(`This invite is for ${devAccount(6).address}`);
    expect(json(await union('join', '--union', '1', '--invite', code, '--account', '6', '--json'))).toMatchObject({ sponsor: devAccount(1).address, from: devAccount(6).address });
  });

  it('publishes a messaging key with its proof, and lets an officer challenge a squatted handle', async () => {
    const published = json(await union('publish-key', '--account', '6', '--json'));
    expect(await chain().readContract({ address: DEFAULT_CONFIG.registry, abi: unionRegistryAbi, functionName: 'encryptionKeyOf', args: [devAccount(6).address] })).toBe(published.publicKey);

    await union('claim', 'x:cli_newcomer', '--account', '8'); // a squatter, not a member
    const challenged = await union('challenge', '--union', '1', '--member', devAccount(6).address, '--handle', 'x:cli_newcomer', '--account', '1');
    expect(challenged.stdout).toContain('challenged the claim of x:cli_newcomer');
    const early = await union('take', 'x:cli_newcomer', '--account', '6');
    expect(early.stderr).toMatch(/challenge period has not passed yet.*ChallengeStillOpen/);
  });

  it('lets the leader appoint and remove an officer with a title', async () => {
    const member = devAccount(2).address;
    expect(json(await union('set-officer', '--union', '1', '--member', 'x:cli_member', '--title', 'Treasurer', '--account', '1', '--json'))).toMatchObject({ member, title: 'Treasurer' });
    expect((await union('show', member)).stdout).toContain('officer (Treasurer)');
    await union('remove-officer', '--union', '1', '--member', member, '--account', '1');
    expect((await union('show', member)).stdout).toContain(': member');
  });

  it("prints the contract's reason when a transaction is refused", async () => {
    const again = await union('join', '--union', '1', '--sponsor', devAccount(1).address, '--account', '2');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/You're already a member of this union: nothing to do\..* \[AlreadyMember\(1, 0x[0-9a-fA-F]{40}\)\]/);
    const taken = await union('claim', 'x:cli_member', '--account', '3', '--json');
    expect(json(taken).error).toMatch(/HandleTaken\(x:cli_member/);
    const own = await union('claim', 'x:cli_member', '--account', '2');
    expect(own).toMatchObject({ code: 0, stdout: expect.stringContaining(`You already own x:cli_member: here is your proof for the profile's bio: ${formatProof(devAccount(2).address)}`) });
  });

  it('publishes the bylaws text with the union, so members can read what they accept', async () => {
    const text = 'Bylaws of the Readers.\n1. Everyone reads before signing.\n';
    const file = join(mkdtempSync(join(tmpdir(), 'bylaws-')), 'bylaws.md');
    writeFileSync(file, text);
    const created = json(await union('create-union', '--name', 'Readers', '--bylaws', file, '--account', '6', '--json'));
    expect(created.bylawsHash).toBe(sha256(stringToHex(text)));
    const logs = await chain().getContractEvents({ address: DEFAULT_CONFIG.registry, abi: unionRegistryAbi, eventName: 'BylawsPublished', args: { unionId: BigInt(created.unionId) }, fromBlock: 0n });
    expect(logs.map((log) => log.args.text)).toEqual([text]);
  });

  it('funds an address or a handle with test ETH on the local chain', async () => {
    const member = devAccount(2).address;
    const before = await chain().getBalance({ address: member });
    const funded = await union('fund', 'x:cli_member');
    expect(funded.stdout).toContain(`Sent 10 test ETH to ${member}`);
    expect(await chain().getBalance({ address: member })).toBe(before + parseEther('10'));
  });

  it('prints the exact bio proof for an address', async () => {
    const address = devAccount(4).address;
    expect((await union('proof', address.toLowerCase())).stdout.trim()).toBe(formatProof(address));
    expect((await union('proof', '--account', '4')).stdout.trim()).toBe(formatProof(address));
    const bad = await union('proof', '0x5FbDB2315678afecb367f032d93F642f64180aA3');
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('checksum') });
  });

  it('says clearly what is wrong with bad input and a bad chain', async () => {
    expect(await union('claim', 'x:not valid', '--account', '1')).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a handle') });
    expect(await union('claim', 'x:someone')).toMatchObject({ code: 2, stderr: expect.stringContaining('--key') });
    expect(await union('show', 'x:cli_member', '--registry', '0x000000000000000000000000000000000000dEaD')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no contract at 0x000000000000000000000000000000000000dEaD'),
    });
    const dead = await startAnvil();
    await dead.stop();
    const offline = await promisify(execFile)('node', [BIN, 'show', 'x:cli_member', '--rpc', dead.rpcUrl]).catch((e) => e);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain(`Cannot reach the chain at ${dead.rpcUrl}`);
    expect(await union('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command') });
  });
});
