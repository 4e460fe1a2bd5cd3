import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, http } from 'viem';
import type { RallyRecord } from '@/lib/store/db';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { localChain, type Deployment } from '@/scripts/deploy';
import { newBackground } from './background';

let node: LocalNode;
let deployment: Deployment;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
});
afterAll(() => node?.stop());

/** A member's background (its demo key imported), recording what it notified. */
async function background(handle: string) {
  const notified = { rallies: [] as RallyRecord[], summaries: [] as number[], badge: 0 };
  const member = deployment.members.find((m) => m.handle === handle)!;
  const chain = { rpcUrl: node.rpcUrl, deployment, setBalance: async () => undefined };
  const { value: ask } = await newBackground(chain, {
    privateKey: member.privateKey,
    fund: false,
    notifier: {
      rally: async (r) => void notified.rallies.push(r),
      summary: async (count) => void notified.summaries.push(count),
      badge: async (unread) => void (notified.badge = unread),
    },
  });
  return { ask, notified, member };
}

const post = (leader: Awaited<ReturnType<typeof background>>, text: string, hours = 24) =>
  leader.ask({ type: 'postRally', unionId: deployment.unionId, text, uri: '', hours });

describe('rallies', () => {
  it('reach each member once, as a notification, and are answered once on-chain', async () => {
    const leader = await background('x:mara_union');
    const member = await background('x:lena_nu');
    expect(await member.ask({ type: 'checkRallies' })).toEqual({ found: 0 });

    await post(leader, 'Sign the petition for the library');
    expect(await member.ask({ type: 'checkRallies' })).toEqual({ found: 1 });
    expect(member.notified.rallies.map((r) => r.text)).toEqual(['Sign the petition for the library']);
    expect(member.notified.badge).toBe(1);
    // Polling again finds nothing new and notifies nothing again.
    expect(await member.ask({ type: 'checkRallies' })).toEqual({ found: 0 });
    expect(member.notified.rallies).toHaveLength(1);

    const { rallies } = await member.ask({ type: 'rallyInbox' });
    const rallyId = rallies[0]!.rallyId;
    await member.ask({ type: 'answerRally', rallyId });
    const rally = await member.ask({ type: 'getRally', rallyId });
    expect(rally).toMatchObject({ answers: 1, answered: true, rally: { status: 'answered' } });
    await expect(member.ask({ type: 'answerRally', rallyId })).rejects.toThrow(/AlreadyAnswered/);
    expect(member.notified.badge).toBe(0);
    const past = await leader.ask({ type: 'pastRallies', unionId: deployment.unionId });
    expect(past.rallies.find((r) => r.rallyId === rallyId)?.answers).toBe(1);
  });

  it('arrive after a browser was closed as one summary, newest first in the inbox, never twice', async () => {
    const leader = await background('x:mara_union');
    const member = await background('x:kofi_nu');
    await member.ask({ type: 'checkRallies' }); // a new browser: rallies still open from earlier tests arrive first
    member.notified.rallies.length = 0;
    member.notified.summaries.length = 0;
    for (const n of [1, 2, 3, 4, 5]) await post(leader, `Rally number ${n}`);
    expect(await member.ask({ type: 'checkRallies' })).toEqual({ found: 5 });
    expect(member.notified.rallies).toEqual([]);
    expect(member.notified.summaries).toEqual([5]);
    const { rallies, unread } = await member.ask({ type: 'rallyInbox' });
    expect(rallies.slice(0, 5).map((r) => r.text)).toEqual([5, 4, 3, 2, 1].map((n) => `Rally number ${n}`));
    expect(unread).toBeGreaterThanOrEqual(5);
    expect(await member.ask({ type: 'checkRallies' })).toEqual({ found: 0 });
  });

  it('keep closed rallies out of the notifications, and refuse posts by plain members', async () => {
    const leader = await background('x:mara_union');
    const member = await background('x:amara_nu');
    await member.ask({ type: 'checkRallies' });
    member.notified.rallies.length = 0;
    await post(leader, 'Only for an hour', 1);
    await createTestClient({ chain: localChain(node.rpcUrl), mode: 'anvil', transport: http(node.rpcUrl) }).increaseTime({ seconds: 7_200 });
    await createTestClient({ chain: localChain(node.rpcUrl), mode: 'anvil', transport: http(node.rpcUrl) }).mine({ blocks: 1 });
    await member.ask({ type: 'checkRallies' });
    const closed = (await member.ask({ type: 'rallyInbox' })).rallies.find((r) => r.text === 'Only for an hour');
    // Kept in the inbox as read, and never notified.
    expect(closed).toMatchObject({ status: 'read' });
    expect(member.notified.rallies).toEqual([]);
    await expect(post(member, 'I am not an officer')).rejects.toThrow(/NotRallyAuthor/);
  });

  it('may be posted by an officer the leader appointed, and no longer once removed', async () => {
    const leader = await background('x:mara_union');
    const member = await background('x:elias_nu');
    await leader.ask({ type: 'setOfficer', unionId: deployment.unionId, member: '@elias_nu', title: 'Organiser' });
    await post(member, 'Officers rally too');
    const past = await leader.ask({ type: 'pastRallies', unionId: deployment.unionId });
    expect(past.rallies[0]?.text).toBe('Officers rally too');
    await leader.ask({ type: 'removeOfficer', unionId: deployment.unionId, member: 'x:elias_nu' });
    await expect(post(member, 'Not any more')).rejects.toThrow(/NotRallyAuthor/);
  });
});
