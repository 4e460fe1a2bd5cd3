import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import {
  deserializeTree, drawableTree, findByHandle, foldTree, leaderboard, serializeTree, subtree,
  type DrawNode, type TreeEvent, type UnionTree,
} from '@/lib/union/tree';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const [L, A, B, C, D, E, F, Z] = [1, 2, 3, 4, 5, 6, 7, 99].map(addr) as [Address, Address, Address, Address, Address, Address, Address, Address];

/** Events with increasing positions: each `block()` call starts a new block. */
function recorder() {
  const events: TreeEvent[] = [];
  let block = 0;
  let logIndex = 0;
  const at = () => ({ block, logIndex: logIndex++ });
  return {
    events,
    block: () => void ((block += 1), (logIndex = 0)),
    joined: (member: Address, sponsor: Address | null, unionId = 1) => events.push({ kind: 'joined', unionId, member, sponsor, ...at() }),
    switched: (member: Address, sponsor: Address, unionId = 1) => events.push({ kind: 'switched', unionId, member, sponsor, ...at() }),
    left: (member: Address, unionId = 1) => events.push({ kind: 'left', unionId, member, ...at() }),
    officer: (member: Address, title: string | null, unionId = 1) => events.push({ kind: 'officer', unionId, member, title, ...at() }),
    claimed: (owner: Address, handle: string) => events.push({ kind: 'claimed', owner, handle, ...at() }),
    unclaimed: (owner: Address, handle: string) => events.push({ kind: 'unclaimed', owner, handle, ...at() }),
    answered: (member: Address, unionId = 1) => events.push({ kind: 'answered', unionId, member, ...at() }),
    stake: (change: 'locked' | 'increased' | 'withdrawn' | 'settled', owner: Address, amount: bigint, unionId = 1) =>
      events.push({ kind: 'stake', change, unionId, owner, amount, ...at() }),
  };
}

/** The counts by definition: walk up from every active member, and count active children. */
function expectCountsMatchBruteForce(tree: UnionTree) {
  for (const node of tree.nodes.values()) {
    let supportBase = 0;
    let directSupporters = 0;
    for (const other of tree.nodes.values()) {
      if (!other.active || other === node) continue;
      if (other.sponsor === node.address) directSupporters++;
      for (let up = other.sponsor; up; up = tree.nodes.get(up)?.sponsor ?? null) {
        if (up === node.address) supportBase++;
      }
    }
    let depth = 0;
    for (let up = node.sponsor; up; up = tree.nodes.get(up)!.sponsor) depth++;
    // Stake below: what the active members anywhere under it have counted.
    let stakeBelow = 0n;
    for (const other of tree.nodes.values()) {
      if (!other.active || other === node) continue;
      for (let up = other.sponsor; up; up = tree.nodes.get(up)?.sponsor ?? null) {
        if (up === node.address) stakeBelow += tree.stakes.get(other.address)?.own ?? 0n;
      }
    }
    expect({ address: node.address, supportBase, directSupporters, depth, stakeBelow: String(stakeBelow) }).toEqual({
      address: node.address, supportBase: node.supportBase, directSupporters: node.directSupporters, depth: node.depth, stakeBelow: node.stakeBelow,
    });
  }
}

/** Create, joins, a switch, an officer, a leave, a rejoin elsewhere with its subtree, claims, answers; union 2 interleaved. */
function story() {
  const r = recorder();
  r.block();
  r.joined(L, null);
  r.claimed(L, 'x:lena');
  r.claimed(A, 'x:alice'); // before joining
  r.joined(Z, null, 2);
  r.block();
  r.joined(A, L);
  r.joined(B, L);
  r.joined(A, Z, 2);
  r.block();
  r.joined(C, A);
  r.joined(D, A);
  r.joined(E, C);
  r.joined(F, E);
  r.claimed(C, 'facebook:carol.smith');
  r.claimed(C, 'x:carol');
  r.block();
  r.switched(D, B);
  r.officer(A, 'Treasurer');
  r.officer(B, 'Secretary');
  r.answered(A);
  r.answered(A);
  r.answered(E);
  r.answered(A, 2);
  r.block();
  r.officer(B, null);
  r.left(C); // E and F keep their place under the inactive C
  r.left(A, 2);
  r.block();
  r.joined(C, B); // rejoin elsewhere: E and F come along
  r.unclaimed(C, 'facebook:carol.smith');
  r.claimed(E, 'x:erin');
  r.block();
  r.officer(A, null); // leaving officers lose the title first, as the registry emits it
  r.left(A);
  r.answered(D);
  r.claimed(F, 'x:carolyn');
  return r.events;
}

describe('foldTree', () => {
  it('folds a union story into the right shape and counts', () => {
    const tree = foldTree(1, story());
    expect(tree.root).toBe(L);
    expect(tree.lastBlock).toBe(7);
    expect([...tree.nodes.keys()].sort()).toEqual([L, A, B, C, D, E, F].sort());
    expectCountsMatchBruteForce(tree);
    const n = (a: Address) => tree.nodes.get(a)!;
    expect(n(L)).toMatchObject({ role: 'leader', sponsor: null, supportBase: 5, directSupporters: 1, handle: 'x:lena' });
    expect(n(A)).toMatchObject({ role: 'left', active: false, title: '', supportBase: 0, handle: 'x:alice', ralliesAnswered: 2 });
    expect(n(B)).toMatchObject({ role: 'member', title: '', supportBase: 4, directSupporters: 2 });
    expect(n(C)).toMatchObject({ role: 'member', sponsor: B, supportBase: 2, directSupporters: 1, depth: 2, handle: 'x:carol' });
    expect(n(E)).toMatchObject({ sponsor: C, depth: 3, handle: 'x:erin', ralliesAnswered: 1 });
    expect(n(F)).toMatchObject({ sponsor: E, depth: 4, supportBase: 0 });
    expect(tree.children.has(A)).toBe(false);
    expect(tree.children.get(B)).toEqual([D, C]);
  });

  it("counts each lock as the registry does, and what active members below have locked as a member's stake-weighted support", () => {
    const r = recorder();
    r.block();
    r.joined(L, null);
    r.joined(A, L);
    r.joined(B, A);
    r.joined(C, B);
    r.stake('locked', B, 100n);
    r.stake('locked', C, 40n);
    r.stake('increased', C, 2n);
    r.stake('locked', A, 7n, 2); // another union's lock
    r.block();
    const n = (tree: UnionTree, a: Address) => tree.nodes.get(a)!;
    let tree = foldTree(1, r.events);
    expect([L, A, B, C].map((a) => n(tree, a).stakeBelow)).toEqual(['142', '142', '42', '0']);
    expect(leaderboard(tree, 'stakeBelow', 2).map((node) => node.address)).toEqual([L, A]);
    // B leaves: its own lock stops counting above it, C's still does (it keeps its place under B).
    r.left(B);
    tree = foldTree(1, r.events);
    expect([L, A, B].map((a) => n(tree, a).stakeBelow)).toEqual(['42', '42', '42']);
    // B rejoins under L with C: both locks move along; then C's lock is settled (expired) and an
    // addition to it counts nothing, while B withdraws and locks anew.
    r.block();
    r.joined(B, L);
    r.stake('settled', C, 42n);
    r.stake('increased', C, 5n);
    r.stake('withdrawn', B, 100n);
    r.stake('locked', B, 30n);
    tree = foldTree(1, r.events);
    expectCountsMatchBruteForce(tree);
    expect([L, A, B].map((a) => n(tree, a).stakeBelow)).toEqual(['30', '0', '0']);
    expect(tree.stakes.get(C)).toEqual({ own: 0n, counted: false });
  });

  it('keeps officers and their titles until removed', () => {
    const r = recorder();
    r.block();
    r.joined(L, null);
    r.joined(A, L);
    r.officer(A, 'Treasurer');
    expect(foldTree(1, r.events).nodes.get(A)).toMatchObject({ role: 'officer', title: 'Treasurer' });
  });

  it('folds incrementally to the same tree as all at once, and takes re-sent blocks only once', () => {
    const events = story();
    const whole = foldTree(1, events);
    for (let cut = 1; cut <= 7; cut++) {
      const first = foldTree(1, events.filter((e) => e.block <= cut));
      // The second fetch overlaps the first by a block, as a cautious poller's would.
      const second = foldTree(1, events.filter((e) => e.block >= cut), first);
      expect(second).toEqual(whole);
    }
    const snapshot = JSON.stringify(serializeTree(foldTree(1, events.filter((e) => e.block <= 3))));
    const base = deserializeTree(JSON.parse(snapshot));
    foldTree(1, events, base);
    expect(JSON.stringify(serializeTree(base))).toBe(snapshot); // `previous` is not modified
  });

  it('ignores other unions and sorts events by position', () => {
    const events = story();
    const only1 = events.filter((e) => !('unionId' in e) || e.unionId === 1);
    expect(foldTree(1, [...events].reverse())).toEqual(foldTree(1, only1));
    const two = foldTree(2, events);
    expect([...two.nodes.keys()].sort()).toEqual([Z, A].sort());
    expect(two.nodes.get(Z)).toMatchObject({ role: 'leader', active: true, supportBase: 0, directSupporters: 0 });
    expect(two.nodes.get(A)).toMatchObject({ role: 'left', ralliesAnswered: 1, handle: 'x:alice' });
  });

  it('accepts checksummed addresses and keys them lower-case', () => {
    const upper = (a: Address) => `0x${a.slice(2).toUpperCase()}` as Address;
    const r = recorder();
    r.block();
    r.joined(upper(addr(0xabc)), null);
    r.joined(addr(0xdef), upper(addr(0xabc)));
    r.claimed(upper(addr(0xdef)), 'x:dee');
    const tree = foldTree(1, r.events);
    expect(tree.nodes.get(addr(0xabc))).toMatchObject({ supportBase: 1 });
    expect(tree.nodes.get(addr(0xdef))).toMatchObject({ handle: 'x:dee' });
  });

  it('matches brute force through a long random history, folded in random chunks', () => {
    const random = mulberry32(7);
    const events = randomHistory(random, 1_500);
    const whole = foldTree(1, events);
    expectCountsMatchBruteForce(whole);
    let tree: UnionTree | undefined;
    for (let from = 1; from <= whole.lastBlock; ) {
      const to = from + Math.floor(random() * 40);
      tree = foldTree(1, events.filter((e) => e.block >= from && e.block <= to), tree);
      from = to + 1;
    }
    expect(tree).toEqual(whole);
    // The page gets each node's stake below, not the locks it was counted from.
    expect(deserializeTree(JSON.parse(JSON.stringify(serializeTree(whole))))).toEqual({ ...whole, stakes: new Map() });
  });
});

describe('subtree', () => {
  it('holds a member and everything under it', () => {
    const tree = foldTree(1, story());
    const sub = subtree(tree, B)!;
    expect(sub.root).toBe(B);
    expect([...sub.nodes.keys()].sort()).toEqual([B, C, D, E, F].sort());
    expect(sub.nodes.get(B)).toBe(tree.nodes.get(B));
    expect(subtree(tree, addr(12345))).toBeNull();
    expect(serializeTree(sub).nodes.map((n) => n.address)).toEqual([B, D, C, E, F]);
  });
});

describe('findByHandle', () => {
  const tree = foldTree(1, story());
  const handles = (query: string) => findByHandle(tree, query).map((n) => n.handle);

  it('matches a prefix however it is written, exact and shorter first', () => {
    for (const query of ['@car', 'car', 'x:car', ' X:@CAR ']) expect(handles(query)).toEqual(['x:carol', 'x:carolyn']);
    expect(handles('carolyn')).toEqual(['x:carolyn']);
    expect(handles('alice')).toEqual(['x:alice']); // left, still in the tree
  });

  it('finds nothing for an empty query, another platform or a handle given up', () => {
    expect(handles('')).toEqual([]);
    expect(handles('@')).toEqual([]);
    expect(handles('facebook:carol')).toEqual([]);
    expect(handles('nobody')).toEqual([]);
  });
});

describe('leaderboard', () => {
  it('ranks active members, ties by address', () => {
    const tree = foldTree(1, story());
    expect(leaderboard(tree, 'supportBase', 10).map((n) => n.address)).toEqual([L, B, C, E, D, F]);
    expect(leaderboard(tree, 'supportBase', 2).map((n) => n.address)).toEqual([L, B]);
    // A answered twice but left.
    expect(leaderboard(tree, 'ralliesAnswered', 3).map((n) => n.address)).toEqual([D, E, L]);
  });
});

describe('drawableTree', () => {
  const random = mulberry32(42);
  const tree = foldTree(1, generatedUnion(random, 10_000));

  it('generates a big union to test on', () => {
    expect(tree.nodes.size).toBe(10_000);
    expect(tree.nodes.get(tree.root!)!.supportBase).toBeGreaterThan(9_000);
  });

  const cases = [
    { maxDepth: 32, maxNodes: 500 },
    { maxDepth: 3, maxNodes: 400 },
    { maxDepth: 1, maxNodes: 10_000 },
    { maxDepth: 6, maxNodes: 50 },
    { maxDepth: 32, maxNodes: 2 },
    { maxDepth: 0, maxNodes: 100 },
    { maxDepth: 6, maxNodes: 400, maxChildren: 12 },
  ];
  for (const options of cases) {
    it(`draws at most ${options.maxNodes} nodes down to depth ${options.maxDepth}, ${options.maxChildren ?? 'any'} per fan, losing no member`, () => {
      const draw = drawableTree(tree, tree.root!, options);
      const drawn = checkDrawing(tree, tree.root!, draw, options.maxDepth, options.maxChildren);
      expect(drawn).toBeLessThanOrEqual(Math.max(2, options.maxNodes));
      if (options.maxDepth === 32) expect(drawn).toBeGreaterThanOrEqual(options.maxNodes - 1); // the budget is used
    });
  }

  it('draws a branch, and everything when it fits', () => {
    const big = leaderboard(tree, 'supportBase', 5)[3]!;
    const draw = drawableTree(tree, big.address, { maxDepth: 4, maxNodes: 60 });
    expect(draw.address).toBe(big.address);
    checkDrawing(tree, big.address, draw, 4);

    const small = foldTree(1, story());
    const all = drawableTree(small, L, { maxDepth: 32, maxNodes: 100 });
    expect(checkDrawing(small, L, all, 32)).toBe(small.nodes.size);
    expect(all.label).toBe('@lena · Leader');
    expect(all.children.map((c) => c.label)).toEqual(['@alice (left)', '0x0000…0003']);
  });

  it('refuses a root outside the tree', () => {
    expect(() => drawableTree(tree, addr(0xfffff), { maxDepth: 2, maxNodes: 10 })).toThrow(RangeError);
  });
});

/**
 * Checks a drawing against the tree: each member drawn once, within the depth, and each
 * "+N more" counts exactly the members whose nearest drawn ancestor is the node it hangs from.
 * Returns how many nodes are drawn.
 */
function checkDrawing(tree: UnionTree, root: Address, draw: DrawNode, maxDepth: number, maxChildren = Infinity): number {
  const drawn = new Set<Address>();
  const standIns = new Map<Address, { aggregated: number; supportBase: number }>();
  let count = 0;
  const visit = (node: DrawNode, parent: Address | null, depth: number) => {
    count++;
    if (node.address === null) {
      expect(node.children).toEqual([]);
      expect(node.aggregated).toBeGreaterThan(0);
      expect(node.label).toBe(`+${node.aggregated.toLocaleString('en-US')} more`);
      expect(standIns.has(parent!)).toBe(false);
      standIns.set(parent!, { aggregated: node.aggregated, supportBase: node.supportBase });
      return;
    }
    expect(depth).toBeLessThanOrEqual(maxDepth);
    expect(drawn.has(node.address)).toBe(false);
    expect(tree.nodes.get(node.address)!.sponsor === parent || depth === 0).toBe(true);
    drawn.add(node.address);
    expect(node.children.filter((c) => c.address).length).toBeLessThanOrEqual(maxChildren);
    for (const child of node.children) visit(child, node.address, depth + 1);
  };
  visit(draw, null, 0);

  const expected = new Map<Address, { aggregated: number; supportBase: number }>();
  for (const node of subtree(tree, root)!.nodes.values()) {
    if (drawn.has(node.address)) continue;
    let up = node.sponsor!;
    while (!drawn.has(up)) up = tree.nodes.get(up)!.sponsor!;
    const entry = expected.get(up) ?? { aggregated: 0, supportBase: 0 };
    entry.aggregated += 1;
    entry.supportBase += node.active ? 1 : 0;
    expected.set(up, entry);
  }
  expect(standIns).toEqual(expected);
  const hidden = [...standIns.values()].reduce((sum, s) => sum + s.aggregated, 0);
  expect(drawn.size + hidden).toBe(subtree(tree, root)!.nodes.size);
  return count;
}

/** A seeded generator, so that failures repeat. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 10,000 members: a few wide fans (popular organisers), long chains, some who left. */
function generatedUnion(random: () => number, size: number): TreeEvent[] {
  const r = recorder();
  r.block();
  r.joined(addr(1), null);
  const members = [addr(1)];
  for (let i = 2; i <= size; i++) {
    if (i % 100 === 0) r.block();
    const roll = random();
    // Popular sponsors near the top, recent joiners (chains), or anyone.
    const sponsor = roll < 0.3 ? members[Math.floor(random() * Math.min(20, members.length))]!
      : roll < 0.6 ? members[members.length - 1 - Math.floor(random() * 3)] ?? members[0]!
      : members[Math.floor(random() * members.length)]!;
    r.joined(addr(i), sponsor);
    r.claimed(addr(i), `x:m${i}`);
    members.push(addr(i));
    if (random() < 0.05) r.left(addr(i));
  }
  return r.events;
}

/** A history that follows the registry's rules: no cycles, only members sponsor, the leader stays. */
function randomHistory(random: () => number, steps: number): TreeEvent[] {
  const r = recorder();
  r.block();
  r.joined(addr(1), null);
  const sponsorOf = new Map<Address, Address | null>([[addr(1), null]]);
  const active = new Set<Address>([addr(1)]);
  const officers = new Set<Address>();
  /** Members holding a lock (counted or settled): they may add to it, withdraw or be settled. */
  const locked = new Set<Address>();
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const isUnder = (member: Address, ancestor: Address) => {
    for (let up: Address | null = member; up; up = sponsorOf.get(up) ?? null) if (up === ancestor) return true;
    return false;
  };
  let next = 2;
  for (let step = 0; step < steps; step++) {
    if (random() < 0.3) r.block();
    const roll = random();
    const actives = [...active];
    const movable = actives.filter((a) => a !== addr(1));
    if (roll < 0.45 || movable.length === 0) {
      const member = addr(next++);
      const sponsor = pick(actives);
      r.joined(member, sponsor);
      sponsorOf.set(member, sponsor);
      active.add(member);
      if (random() < 0.5) r.claimed(member, `x:u${next}`);
    } else if (roll < 0.6) {
      const member = pick(movable);
      const targets = actives.filter((a) => !isUnder(a, member) && a !== sponsorOf.get(member));
      if (targets.length === 0) continue;
      const sponsor = pick(targets);
      r.switched(member, sponsor);
      sponsorOf.set(member, sponsor);
    } else if (roll < 0.72) {
      const member = pick(movable);
      if (officers.delete(member)) r.officer(member, null);
      r.left(member);
      active.delete(member);
    } else if (roll < 0.8) {
      const gone = [...sponsorOf.keys()].filter((a) => !active.has(a));
      if (gone.length === 0) continue;
      const member = pick(gone);
      const targets = actives.filter((a) => !isUnder(a, member));
      if (targets.length === 0) continue;
      const sponsor = pick(targets);
      r.joined(member, sponsor);
      sponsorOf.set(member, sponsor);
      active.add(member);
    } else if (roll < 0.88) {
      const member = pick(movable);
      const title = officers.has(member) && random() < 0.5 ? null : pick(['Treasurer', 'Steward', 'Secretary']);
      r.officer(member, title);
      if (title) officers.add(member);
      else officers.delete(member);
    } else if (roll < 0.92) {
      r.answered(pick(actives));
    } else if (roll < 0.96) {
      const owner = pick(actives);
      const change = locked.has(owner) ? pick(['increased', 'withdrawn', 'settled'] as const) : 'locked';
      r.stake(change, owner, BigInt(1 + Math.floor(random() * 1_000)) * 10n ** 18n);
      if (change === 'locked') locked.add(owner);
      if (change === 'withdrawn') locked.delete(owner);
    } else {
      r.joined(addr(next), addr(1), 2); // another union's noise
    }
  }
  return r.events;
}
