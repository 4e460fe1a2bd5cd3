// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SocialTree
/// @notice One union's social tree: the leader is the root and every other member supports a
/// sponsor (its parent). Each node keeps its support counts, so reading them is O(1), and every
/// change walks only the ancestors of the member that moves: at most `MAX_DEPTH` of them.
/// @dev Internal functions only, so the code is inlined into the contract using it (no linking).
/// Depth: no node is ever more than `MAX_DEPTH` sponsor steps below the root. `join` checks the
/// newcomer's depth; a move checks the moved subtree against an upper bound of its height
/// (`Node.height`), which every walk raises and nothing lowers, so it may be conservative after a
/// subtree has moved away but is never too small.
/// Known limit: as the bound is never lowered, a member whose supporters all moved away can still
/// be refused (`TooDeep`) a sponsor near the maximum depth.
/// A member that leaves stays in the tree as an inactive node (role `None`): its supporters keep
/// their place, every ancestor's counts stay exact, and it may rejoin under any sponsor later.
/// Stake: beside the counts each node keeps `Stake.below`, the tokens locked (`StakeLock`) by the
/// active members below it, its stake-weighted support, in a second slot per node that a walk
/// touches only when the moving subtree holds stake, so a plain join writes nothing more.
library SocialTree {
    /// @notice Longest sponsor chain allowed below the root; bounds the gas of every tree write.
    uint256 internal constant MAX_DEPTH = 32;

    enum Role {
        None,
        Member,
        Officer,
        Leader
    }

    /// @dev One storage slot: the ancestor walk reads the parent and updates the counts together.
    /// `supportBase` counts the active members below the node, `directSupporters` those right
    /// below it; `height` is the upper bound on the subtree's height; `joined` marks a node that
    /// was ever in the tree (it stays set after the member leaves).
    struct Node {
        address sponsor;
        uint32 supportBase;
        uint32 directSupporters;
        uint16 height;
        Role role;
        bool joined;
    }

    /// @dev One slot. `own` is what the member has locked (counted upward only while it is active);
    /// `below` sums `own` over the active members of its subtree, itself excluded. The lock contract
    /// caps a lock below 2**96 and there are fewer than 2**32 members, so neither sum overflows.
    struct Stake {
        uint128 own;
        uint128 below;
    }

    struct Tree {
        mapping(address member => Node) nodes;
        mapping(address member => Stake) stakes;
    }

    /// @notice `account` holds no current membership of `unionId`.
    error NotAMember(uint256 unionId, address account);
    /// @notice `account` is already a current member of `unionId`.
    error AlreadyMember(uint256 unionId, address account);
    /// @notice The leader is the root: it can neither leave nor switch sponsor.
    error LeaderCannotMove(uint256 unionId);
    /// @notice The member already supports `sponsor`.
    error SameSponsor(uint256 unionId, address sponsor);
    /// @notice `sponsor` supports `member` directly or indirectly: support cannot go in a circle.
    error CycleDetected(uint256 unionId, address member, address sponsor);
    /// @notice The change would put a member `depth` steps below the root, beyond `MAX_DEPTH`.
    error TooDeep(uint256 unionId, uint256 depth);

    /// @dev Makes `leader` the tree's active root. `unionId` in every function below only names
    /// the union in error data.
    function plant(Tree storage tree, address leader) internal {
        tree.nodes[leader] = Node({
            sponsor: address(0), supportBase: 0, directSupporters: 0, height: 0, role: Role.Leader, joined: true
        });
    }

    /// @dev `member` joins as a plain member under `sponsor`, which must be active. A member that
    /// left rejoins here, bringing its remaining subtree along.
    /// @return firstJoin True when `member` was never in the tree before.
    function join(Tree storage tree, uint256 unionId, address member, address sponsor)
        internal
        returns (bool firstJoin)
    {
        Node storage node = tree.nodes[member];
        if (node.role != Role.None) revert AlreadyMember(unionId, member);
        requireMember(tree, unionId, sponsor);
        firstJoin = !node.joined;
        if (firstJoin) {
            // A newcomer holds no stake: locking needs a current membership.
            uint256 depth = _walkUp(tree, unionId, sponsor, member, 1, 0, 1) + 1;
            if (depth > MAX_DEPTH) revert TooDeep(unionId, depth);
            node.sponsor = sponsor;
            node.joined = true;
        } else {
            _move(tree, unionId, member, node, sponsor, true);
        }
        node.role = Role.Member;
        tree.nodes[sponsor].directSupporters += 1;
    }

    /// @dev Moves active `member` and its whole subtree under `newSponsor`.
    /// @return oldSponsor Whom `member` supported before.
    function switchSponsor(Tree storage tree, uint256 unionId, address member, address newSponsor)
        internal
        returns (address oldSponsor)
    {
        Node storage node = _requireMovable(tree, unionId, member);
        oldSponsor = node.sponsor;
        if (newSponsor == oldSponsor) revert SameSponsor(unionId, newSponsor);
        requireMember(tree, unionId, newSponsor);
        tree.nodes[oldSponsor].directSupporters -= 1;
        _move(tree, unionId, member, node, newSponsor, false);
        tree.nodes[newSponsor].directSupporters += 1;
    }

    /// @dev Makes active `member` an inactive node; its supporters keep their place.
    /// @return formerRole The role it held (the caller clears what goes with an office).
    function leave(Tree storage tree, uint256 unionId, address member) internal returns (Role formerRole) {
        Node storage node = _requireMovable(tree, unionId, member);
        formerRole = node.role;
        node.role = Role.None;
        address sponsor = node.sponsor;
        tree.nodes[sponsor].directSupporters -= 1;
        _walkDown(tree, sponsor, 1, tree.stakes[member].own);
    }

    /// @dev Adds `amount` to (or, unless `increase`, takes it from) what `member` has locked, and,
    /// while it is active, to the stake below each of its ancestors. Inactive or unknown members
    /// only keep the figure, which a rejoin brings along.
    function changeStake(Tree storage tree, address member, uint256 amount, bool increase) internal {
        Stake storage stake = tree.stakes[member];
        // Safe cast: the lock contract caps every lock below 2**96.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint128 delta = uint128(amount);
        if (increase) stake.own += delta;
        else stake.own -= delta;
        Node storage node = tree.nodes[member];
        if (node.role == Role.None) return;
        address current = node.sponsor;
        while (current != address(0)) {
            Stake storage s = tree.stakes[current];
            if (increase) s.below += delta;
            else s.below -= delta;
            current = tree.nodes[current].sponsor;
        }
    }

    /// @dev Reverts with `NotAMember` unless `account` is active.
    function requireMember(Tree storage tree, uint256 unionId, address account) internal view {
        if (tree.nodes[account].role == Role.None) revert NotAMember(unionId, account);
    }

    /// @dev An active, non-root node: the only kind that may leave or move.
    function _requireMovable(Tree storage tree, uint256 unionId, address member)
        private
        view
        returns (Node storage node)
    {
        node = tree.nodes[member];
        if (node.role == Role.None) revert NotAMember(unionId, member);
        if (node.role == Role.Leader) revert LeaderCannotMove(unionId);
    }

    /// @dev Moves `member`'s subtree under `newSponsor`, fixing both ancestor chains' counts.
    /// `activating` adds the member itself to the moved count (a rejoin).
    function _move(
        Tree storage tree,
        uint256 unionId,
        address member,
        Node storage node,
        address newSponsor,
        bool activating
    ) private {
        bool active = node.role != Role.None;
        uint256 moved = uint256(node.supportBase) + (active ? 1 : 0);
        Stake storage stake = tree.stakes[member];
        uint256 movedStake = uint256(stake.below) + (active ? stake.own : 0);
        if (node.sponsor != address(0) && moved > 0) _walkDown(tree, node.sponsor, moved, movedStake);
        if (activating) {
            moved += 1;
            movedStake += stake.own;
        }
        uint256 depth = _walkUp(tree, unionId, newSponsor, member, moved, movedStake, node.height + 1) + 1;
        if (depth + node.height > MAX_DEPTH) revert TooDeep(unionId, depth + node.height);
        node.sponsor = newSponsor;
    }

    /// @dev Adds `amount` to the support base of `from` and each of its ancestors (and `stake` to
    /// their stake below, touching that slot only when there is some), raises their height bounds,
    /// and refuses a walk that meets `member` (a cycle). Returns `from`'s depth.
    function _walkUp(
        Tree storage tree,
        uint256 unionId,
        address from,
        address member,
        uint256 amount,
        uint256 stake,
        uint256 height
    ) private returns (uint256 depth) {
        address current = from;
        while (current != address(0)) {
            if (current == member) revert CycleDetected(unionId, member, from);
            Node storage n = tree.nodes[current];
            // Safe casts: `amount` is a member count (below 2**32); `height` stays below 3 * MAX_DEPTH.
            // forge-lint: disable-next-line(unsafe-typecast)
            n.supportBase += uint32(amount);
            // forge-lint: disable-next-line(unsafe-typecast)
            if (n.height < height) n.height = uint16(height);
            // forge-lint: disable-next-line(unsafe-typecast) -- below 2**128, see `Stake`
            if (stake != 0) tree.stakes[current].below += uint128(stake);
            height++;
            current = n.sponsor;
            if (current != address(0)) depth++;
        }
    }

    /// @dev Subtracts `amount` from the support base of `from` and each of its ancestors, and
    /// `stake` from their stake below.
    function _walkDown(Tree storage tree, address from, uint256 amount, uint256 stake) private {
        address current = from;
        while (current != address(0)) {
            Node storage n = tree.nodes[current];
            // forge-lint: disable-next-line(unsafe-typecast) -- a member count, below 2**32
            n.supportBase -= uint32(amount);
            // forge-lint: disable-next-line(unsafe-typecast) -- below 2**128, see `Stake`
            if (stake != 0) tree.stakes[current].below -= uint128(stake);
            current = n.sponsor;
        }
    }
}
