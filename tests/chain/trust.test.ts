/**
 * The forged badge: an outsider creates a union named exactly like the demo union, a sock account
 * joins it and squats a famous handle, the outsider vouches for it — all with the CLI. A viewer who
 * does not follow that union sees nothing verified; after following it, sees that union's id and leader.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestClient, http } from 'viem';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { devAccount, localChain, type Deployment } from '@/scripts/deploy';
import { field, newBackground, type TestBackground } from './background';

const BIN = resolve(import.meta.dirname, '../../bin/union.mjs');
const FAMOUS = 'x:famous_person';
const X = 'https://x.com';

let node: LocalNode;
let deployment: Deployment;
let viewer: TestBackground;
let forgedUnion: number;
const outsider = devAccount(7).address;
const sock = devAccount(8).address;

async function union(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', [BIN, '--rpc', node.rpcUrl, ...args, '--json'], { timeout: 30_000 });
  return stdout;
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  // Four transactions, nothing but the public CLI.
  const created = JSON.parse(await union('create-union', '--name', deployment.union.name, '--purpose', deployment.union.purpose, '--account', '7'));
  forgedUnion = Number(created.unionId);
  await union('join', '--union', String(forgedUnion), '--sponsor', outsider, '--account', '8');
  await union('claim', FAMOUS, '--account', '8');
  await union('vouch', '--union', String(forgedUnion), '--member', FAMOUS, '--account', '7');
  const test = createTestClient({ chain: localChain(node.rpcUrl), mode: 'anvil', transport: http(node.rpcUrl) });
  viewer = await newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => test.setBalance(args) });
}, 120_000);
afterAll(() => node?.stop());

describe('a union made to look like another', () => {
  it('has the same name as the demo union, another id, and the outsider as leader', async () => {
    const { union: info } = await viewer.value({ type: 'unionInfo', unionId: forgedUnion });
    expect(info).toMatchObject({ id: forgedUnion, name: deployment.union.name, leader: outsider, size: 2, followed: false, followedBecause: null });
    expect(forgedUnion).not.toBe(deployment.unionId);
  });

  it('verifies nothing for a viewer who does not follow it: no badge, no tip, no Lock', async () => {
    const { profiles } = await viewer.value({ type: 'resolve', handles: [FAMOUS, 'x:priya_nu'] }, X);
    expect(profiles[FAMOUS]).toEqual({ handle: FAMOUS, state: 'none' });
    expect(profiles['x:priya_nu']).toMatchObject({ state: 'verified', membership: { unionId: deployment.unionId } });
    expect(await viewer.ask({ type: 'tipOptions', handle: FAMOUS }, X)).toMatchObject({ ok: false, error: expect.stringContaining('not a verified member') });
    expect(await viewer.ask({ type: 'tip', handle: FAMOUS, amount: '0.01', currency: 'eth', note: '', url: `${X}/famous_person`, tipId: 't1' }, X)).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a verified member'),
    });
    expect(viewer.approvals).toEqual([]);
    expect((await viewer.value({ type: 'lockStatus', peerHandle: FAMOUS }, X)).reason).toMatch(/not a verified member/);
  });

  it('once followed, shows that union by its id and leader, never as the demo union', async () => {
    const { unions } = await viewer.value({ type: 'followUnion', unionId: forgedUnion });
    expect(unions.map((u) => [u.id, u.followedBecause])).toEqual([
      [deployment.unionId, 'settings'],
      [forgedUnion, 'chosen'],
    ]);
    const { profiles } = await viewer.value({ type: 'resolve', handles: [FAMOUS] }, X);
    expect(profiles[FAMOUS]).toMatchObject({
      state: 'verified',
      via: 'vouch',
      owner: sock,
      unionLabel: `${deployment.union.name} #${forgedUnion}`,
      membership: { unionId: forgedUnion, leader: outsider, unionName: deployment.union.name },
    });
    // A demo member still shows the demo union by its name alone.
    const priya = (await viewer.value({ type: 'resolve', handles: ['x:priya_nu'] }, X)).profiles['x:priya_nu'];
    expect(priya).toMatchObject({ unionLabel: deployment.union.name, membership: { unionId: deployment.unionId } });
  });

  it('stops verifying once unfollowed; the settings union cannot be unfollowed', async () => {
    await viewer.value({ type: 'unfollowUnion', unionId: forgedUnion });
    expect((await viewer.value({ type: 'resolve', handles: [FAMOUS] }, X)).profiles[FAMOUS]!.state).toBe('none');
    expect(await viewer.ask({ type: 'unfollowUnion', unionId: deployment.unionId })).toMatchObject({ ok: false, error: expect.stringContaining('settings') });
    expect(await viewer.ask({ type: 'followUnion', unionId: 999 })).toMatchObject({ ok: false, error: expect.stringContaining('no union #999') });
  });

  it('follows the unions the wallet joins, without a choice', async () => {
    const joiner = await newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => createTestClient({ chain: localChain(node.rpcUrl), mode: 'anvil', transport: http(node.rpcUrl) }).setBalance(args) });
    await joiner.value({ type: 'joinUnion', unionId: forgedUnion, sponsor: outsider, inviteCode: '' });
    // The approval named the union by id and leader, not by its borrowed name alone.
    expect(field(joiner.approvals.at(-1), 'Union')).toBe(`${deployment.union.name} #${forgedUnion}, led by ${outsider}`);
    const { unions } = await joiner.value({ type: 'followedUnions' });
    expect(unions.find((u) => u.id === forgedUnion)).toMatchObject({ followed: true, followedBecause: 'member', leader: outsider });
    expect(await joiner.ask({ type: 'unfollowUnion', unionId: forgedUnion })).toMatchObject({ ok: false, error: expect.stringContaining('member') });
  });
});
