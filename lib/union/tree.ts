/**
 * A union's social tree, folded from the registry's events. Pure functions: the background folds
 * the logs it fetches (incrementally, as blocks arrive) and pages draw the result.
 * Addresses are kept lower-case so that checksummed and plain spellings name the same node.
 */
import type { Address } from 'viem';
import { formatCount, shortAddress } from '../format';
import { displayHandle, platformOf } from '../identity/handles';

/** The registry's events, decoded; a zero sponsor (the leader's, at creation) becomes null. */
export type TreeEvent =
  | { kind: 'joined'; unionId: number; member: Address; sponsor: Address | null; block: number; logIndex: number }
  | { kind: 'switched'; unionId: number; member: Address; sponsor: Address; block: number; logIndex: number }
  | { kind: 'left'; unionId: number; member: Address; block: number; logIndex: number }
  /** OfficerSet (title) or OfficerRemoved (null). */
  | { kind: 'officer'; unionId: number; member: Address; title: string | null; block: number; logIndex: number }
  | { kind: 'claimed' | 'unclaimed'; owner: Address; handle: string; block: number; logIndex: number }
  | { kind: 'answered'; unionId: number; member: Address; block: number; logIndex: number }
  /** A tip in ETH or the union's token (any other token can be minted at will, so counts nothing). */
  | { kind: 'tipped'; to: Address; block: number; logIndex: number }
  /**
   * StakeLock's change to a member's lock: `locked` starts counting `amount`, `increased` adds it
   * while the lock counts, `withdrawn` and `settled` stop counting it.
   */
  | { kind: 'stake'; change: 'locked' | 'increased' | 'withdrawn' | 'settled'; unionId: number; owner: Address; amount: bigint; block: number; logIndex: number };

export interface TreeNode {
  address: Address;
  sponsor: Address | null;
  active: boolean;
  role: 'leader' | 'officer' | 'member' | 'left';
  /** Officer title, '' otherwise. */
  title: string;
  /** The address's first current claim (any site), or ''. */
  handle: string;
  /** Active members in the subtree, itself excluded. */
  supportBase: number;
  /** Active children. */
  directSupporters: number;
  ralliesAnswered: number;
  /** Tips received in ETH or the union's token. */
  tipsReceived: number;
  /** Stake-weighted support: what the active members below have locked (StakeLock), smallest unit, in decimal. */
  stakeBelow: string;
  /** Distance from the union's leader. */
  depth: number;
}

export interface UnionTree {
  unionId: number;
  root: Address | null;
  nodes: Map<Address, TreeNode>;
  /** Each node's children (active or not), in the order they came under it. */
  children: Map<Address, Address[]>;
  /** Current handle claims of every address seen claiming, member or not: a claim may precede the join. */
  claims: Map<Address, string[]>;
  /** Tips received by every address seen tipped, member or not: a tip may precede the join. */
  tips: Map<Address, number>;
  /** What each lock counts as stake, as the registry counts it (`own`); an uncounted lock adds nothing. */
  stakes: Map<Address, { own: bigint; counted: boolean }>;
  /** The last block whose events are folded in; 0 before any. */
  lastBlock: number;
}

/**
 * Applies `events` in (block, logIndex) order on top of `previous`, which is not modified.
 * Each call must carry whole blocks: events in blocks up to `previous.lastBlock` are taken as
 * already applied, so fetching an overlapping block range again counts nothing twice.
 */
export function foldTree(unionId: number, events: TreeEvent[], previous?: UnionTree): UnionTree {
  if (previous && previous.unionId !== unionId) throw new RangeError(`Tree of union ${previous.unionId} cannot fold union ${unionId}.`);
  const fresh = events
    .filter((e) => !previous || e.block > previous.lastBlock)
    .sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);
  if (fresh.length === 0) return previous ?? emptyTree(unionId);
  const tree = previous ? copyTree(previous) : emptyTree(unionId);
  for (const event of fresh) apply(tree, unionId, event);
  tree.lastBlock = fresh[fresh.length - 1]!.block;
  recount(tree);
  return tree;
}

function emptyTree(unionId: number): UnionTree {
  return { unionId, root: null, nodes: new Map(), children: new Map(), claims: new Map(), tips: new Map(), stakes: new Map(), lastBlock: 0 };
}

function copyTree(tree: UnionTree): UnionTree {
  return {
    ...tree,
    nodes: new Map([...tree.nodes].map(([address, node]) => [address, { ...node }])),
    children: new Map([...tree.children].map(([address, list]) => [address, [...list]])),
    claims: new Map([...tree.claims].map(([address, list]) => [address, [...list]])),
    tips: new Map(tree.tips),
    stakes: new Map([...tree.stakes].map(([owner, stake]) => [owner, { ...stake }])),
  };
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}

function apply(tree: UnionTree, unionId: number, event: TreeEvent): void {
  if ('handle' in event) {
    const owner = lower(event.owner);
    const claims = tree.claims.get(owner) ?? [];
    if (event.kind === 'claimed') claims.push(event.handle);
    else {
      // Swap-and-pop, as the registry does, so "first claim" means the same here and there.
      const i = claims.indexOf(event.handle);
      if (i >= 0) claims[i] = claims[claims.length - 1]!;
      if (i >= 0) claims.pop();
    }
    tree.claims.set(owner, claims);
    return;
  }
  if (event.kind === 'tipped') {
    const to = lower(event.to);
    tree.tips.set(to, (tree.tips.get(to) ?? 0) + 1);
    return;
  }
  if (event.unionId !== unionId) return;
  if (event.kind === 'stake') {
    const owner = lower(event.owner);
    const stake = tree.stakes.get(owner) ?? { own: 0n, counted: false };
    if (event.change === 'locked') tree.stakes.set(owner, { own: stake.own + event.amount, counted: true });
    else if (event.change === 'increased') tree.stakes.set(owner, stake.counted ? { own: stake.own + event.amount, counted: true } : stake);
    else tree.stakes.set(owner, { own: 0n, counted: false });
    return;
  }
  const member = lower(event.member);
  const node = tree.nodes.get(member);
  switch (event.kind) {
    case 'joined': {
      // A rejoin reuses the inactive node, so its subtree comes along under the new sponsor.
      const sponsor = event.sponsor && lower(event.sponsor);
      const joined = node ?? newNode(member);
      if (node) detach(tree, node);
      tree.nodes.set(member, joined);
      joined.sponsor = sponsor;
      joined.active = true;
      joined.role = sponsor ? 'member' : 'leader';
      joined.title = '';
      if (sponsor) attach(tree, member, sponsor);
      else tree.root = member;
      return;
    }
    case 'switched':
      if (!node) return;
      detach(tree, node);
      node.sponsor = lower(event.sponsor);
      attach(tree, member, node.sponsor);
      return;
    case 'left':
      if (!node) return;
      node.active = false;
      node.role = 'left';
      node.title = '';
      return;
    case 'officer':
      if (!node || node.role === 'leader') return;
      node.title = event.title ?? '';
      node.role = event.title !== null ? 'officer' : node.active ? 'member' : 'left';
      return;
    case 'answered':
      if (node) node.ralliesAnswered += 1;
      return;
  }
}

function newNode(address: Address): TreeNode {
  return {
    address, sponsor: null, active: true, role: 'member', title: '', handle: '',
    supportBase: 0, directSupporters: 0, ralliesAnswered: 0, tipsReceived: 0, stakeBelow: '0', depth: 0,
  };
}

function attach(tree: UnionTree, member: Address, sponsor: Address): void {
  const list = tree.children.get(sponsor);
  if (list) list.push(member);
  else tree.children.set(sponsor, [member]);
}

function detach(tree: UnionTree, node: TreeNode): void {
  const list = node.sponsor ? tree.children.get(node.sponsor) : undefined;
  if (!list) return;
  list.splice(list.indexOf(node.address), 1);
  // Only nodes with children have a list, as after deserializing.
  if (list.length === 0) tree.children.delete(node.sponsor!);
}

/**
 * Every node reachable from a top, each parent before its children and children in order. Tops
 * are the nodes whose sponsor is not in `tree.nodes`: the leader, a subtree's root, or a member
 * whose sponsor's Joined a partial log never showed.
 */
function preorder(tree: UnionTree, tops = topsOf(tree)): TreeNode[] {
  const order: TreeNode[] = [];
  const stack = [...tops].reverse();
  while (stack.length > 0) {
    const node = tree.nodes.get(stack.pop()!)!;
    order.push(node);
    const list = tree.children.get(node.address);
    if (list) for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]!);
  }
  return order;
}

function topsOf(tree: UnionTree): Address[] {
  return [...tree.nodes.values()].filter((n) => !n.sponsor || !tree.nodes.has(n.sponsor)).map((n) => n.address);
}

/**
 * Recomputes the derived fields in one pass: cheaper than walking ancestors per event on a first
 * fold. Stake below counts the locks of active members only, as the registry's does.
 */
function recount(tree: UnionTree): void {
  const order = preorder(tree);
  const stakeBelow = new Map<Address, bigint>();
  for (const node of order) {
    const parent = node.sponsor ? tree.nodes.get(node.sponsor) : undefined;
    node.depth = parent ? parent.depth + 1 : 0;
    node.supportBase = 0;
    node.directSupporters = 0;
    node.handle = tree.claims.get(node.address)?.[0] ?? '';
    node.tipsReceived = tree.tips.get(node.address) ?? 0;
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const below = stakeBelow.get(node.address) ?? 0n;
    node.stakeBelow = String(below);
    const parent = node.sponsor ? tree.nodes.get(node.sponsor) : undefined;
    if (!parent) continue;
    parent.supportBase += node.supportBase + (node.active ? 1 : 0);
    if (node.active) parent.directSupporters += 1;
    const own = node.active ? (tree.stakes.get(node.address)?.own ?? 0n) : 0n;
    if (below + own > 0n) stakeBelow.set(parent.address, (stakeBelow.get(parent.address) ?? 0n) + below + own);
  }
}

/**
 * The part of the tree under `rootAddress` (included), or null when it is not in the tree.
 * Shares node objects with `tree`, so depths stay depths in the whole union.
 */
export function subtree(tree: UnionTree, rootAddress: Address): UnionTree | null {
  const top = tree.nodes.get(lower(rootAddress));
  if (!top) return null;
  const nodes = new Map<Address, TreeNode>();
  const children = new Map<Address, Address[]>();
  for (const node of preorder(tree, [top.address])) {
    nodes.set(node.address, node);
    const list = tree.children.get(node.address);
    if (list) children.set(node.address, list);
  }
  return { ...tree, root: top.address, nodes, children };
}

/** Nodes whose handle starts with the query ('@alice', 'alice' or 'platform:alice'); exact and shorter matches first. */
export function findByHandle(tree: UnionTree, query: string): TreeNode[] {
  const [, platform, name = ''] = /^(?:([a-z0-9]+):)?@?(.*)$/.exec(query.trim().toLowerCase()) ?? [];
  if (!name) return [];
  const matches = (handle: string) => (!platform || platformOf(handle) === platform) && handle.slice(handle.indexOf(':') + 1).startsWith(name);
  return [...tree.nodes.values()]
    .filter((node) => node.handle !== '' && matches(node.handle))
    .sort((a, b) => a.handle.length - b.handle.length || compare(a.handle, b.handle));
}

export type LeaderboardKey = 'supportBase' | 'ralliesAnswered' | 'tipsReceived' | 'stakeBelow';

/** The top `limit` active members by `by`; ties go by address so the order holds between refreshes. */
export function leaderboard(tree: UnionTree, by: LeaderboardKey, limit: number): TreeNode[] {
  const order = by === 'stakeBelow'
    ? (a: TreeNode, b: TreeNode) => compareUnits(b.stakeBelow, a.stakeBelow)
    : (a: TreeNode, b: TreeNode) => b[by] - a[by];
  return [...tree.nodes.values()]
    .filter((node) => node.active)
    .sort((a, b) => order(a, b) || compare(a.address, b.address))
    .slice(0, limit);
}

/** Two amounts written in decimal, without leading zeros, compared as numbers. */
export function compareUnits(a: string, b: string): number {
  return a.length - b.length || compare(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A node to draw: a member, or a "+N more" stand-in for the members of a cut branch. */
export interface DrawNode {
  /** The address, or `more:<parent address>` for a stand-in. */
  id: string;
  address: Address | null;
  label: string;
  /** For a stand-in: the active members it stands for. */
  supportBase: number;
  role: TreeNode['role'];
  /** 0, or how many nodes (members, past and present) this stand-in stands for. */
  aggregated: number;
  children: DrawNode[];
}

/** Handle (or short address), with the role or title that marks it. Raw chain text: pass through safeText to show. */
export function nodeLabel(node: TreeNode): string {
  const name = node.handle ? displayHandle(node.handle) : shortAddress(node.address);
  if (node.role === 'leader') return `${name} · Leader`;
  if (node.role === 'officer') return node.title ? `${name} · ${node.title}` : `${name} · Officer`;
  if (node.role === 'left') return `${name} (left)`;
  return name;
}

/**
 * What to draw at once: nodes down to `maxDepth` below `root`, at most `maxNodes` drawn in all
 * (at least 2: the root and one stand-in), and at most `maxChildren` under any one node. Levels
 * are filled top-down; where a level does not fit, the widest fans are cut first, keeping their
 * members with the largest support base. Every node cut is counted in exactly one "+N more"
 * stand-in, under the node it hangs from. `root` must be in the tree.
 */
export function drawableTree(
  tree: UnionTree,
  root: Address,
  options: { maxDepth: number; maxNodes: number; maxChildren?: number },
): DrawNode {
  const top = tree.nodes.get(lower(root));
  if (!top) throw new RangeError(`${root} is not in union ${tree.unionId}'s tree.`);
  const kids = (address: Address) => tree.children.get(address) ?? [];
  const sizes = subtreeSizes(tree, top);

  // Drawn nodes, each with the children chosen so far; a node with children hidden draws one stand-in more.
  const shown = new Map<Address, Set<Address>>([[top.address, new Set()]]);
  let budget = Math.max(2, options.maxNodes) - 1 - (kids(top.address).length > 0 ? 1 : 0);
  let level = [top.address];
  for (let depth = 0; depth < options.maxDepth && budget > 0 && level.length > 0; depth++) {
    const next: Address[] = [];
    const byWidth = level.filter((a) => kids(a).length > 0).sort((a, b) => kids(a).length - kids(b).length || compare(a, b));
    for (const parent of byWidth) {
      const list = kids(parent);
      // Largest support first: when a fan is cut, what stays visible is what matters most.
      const ranked = [...list].sort((a, b) => tree.nodes.get(b)!.supportBase - tree.nodes.get(a)!.supportBase || compare(a, b));
      const chosen = shown.get(parent)!;
      for (const child of ranked) {
        if (chosen.size >= (options.maxChildren ?? Infinity)) break;
        // The child, plus its own stand-in if it has children; the parent's stand-in goes with the last child.
        const cost = 1 + (kids(child).length > 0 ? 1 : 0) - (chosen.size === list.length - 1 ? 1 : 0);
        if (cost > budget) continue;
        budget -= cost;
        chosen.add(child);
        shown.set(child, new Set());
        next.push(child);
      }
    }
    level = next;
  }

  const build = (address: Address): DrawNode => {
    const node = tree.nodes.get(address)!;
    const chosen = shown.get(address)!;
    const children: DrawNode[] = [];
    let hidden = 0;
    let hiddenActive = 0;
    for (const child of kids(address)) {
      if (chosen.has(child)) children.push(build(child));
      else {
        const c = tree.nodes.get(child)!;
        hidden += sizes.get(child)!;
        hiddenActive += c.supportBase + (c.active ? 1 : 0);
      }
    }
    if (hidden > 0) {
      children.push({
        id: `more:${address}`, address: null, label: `+${formatCount(hidden)} more`,
        supportBase: hiddenActive, role: 'member', aggregated: hidden, children: [],
      });
    }
    return { id: address, address, label: nodeLabel(node), supportBase: node.supportBase, role: node.role, aggregated: 0, children };
  };
  return build(top.address);
}

/** Nodes in each subtree under `top`, itself included. */
function subtreeSizes(tree: UnionTree, top: TreeNode): Map<Address, number> {
  const order = preorder(tree, [top.address]);
  const sizes = new Map<Address, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    let size = 1;
    for (const child of tree.children.get(node.address) ?? []) size += sizes.get(child)!;
    sizes.set(node.address, size);
  }
  return sizes;
}

/** Plain JSON for the page message; nodes come parent first so children keep their order. */
export interface SerializedTree {
  unionId: number;
  root: Address | null;
  lastBlock: number;
  nodes: TreeNode[];
  claims: [Address, string[]][];
}

export function serializeTree(tree: UnionTree): SerializedTree {
  return { unionId: tree.unionId, root: tree.root, lastBlock: tree.lastBlock, nodes: preorder(tree), claims: [...tree.claims] };
}

export function deserializeTree(data: SerializedTree): UnionTree {
  const tree = emptyTree(data.unionId);
  tree.root = data.root;
  tree.lastBlock = data.lastBlock;
  for (const node of data.nodes) {
    tree.nodes.set(node.address, { ...node });
    if (node.sponsor) attach(tree, node.address, node.sponsor);
  }
  tree.claims = new Map(data.claims.map(([owner, handles]) => [owner, [...handles]]));
  return tree;
}
