// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UnionRegistry} from "./UnionRegistry.sol";
import {SocialTree} from "./libraries/SocialTree.sol";
import {HandleGrammar} from "./libraries/HandleGrammar.sol";

/// @title UnionLens
/// @notice Read-only views that clients batch (a page's handles in one call), assembled from the
/// registry's O(1) reads. It holds no state, so a new version can be deployed beside the registry
/// at any time.
/// @dev Bounded gas: every registry read it makes is O(1), it reads at most `MAX_UNIONS` unions per
/// call, and every string it returns is bounded by the registry (union name 64 bytes, purpose 280,
/// officer title 32, handle 81). What other accounts do (claim thousands of handles, join
/// thousands of unions) cannot make one profile cost more, so it cannot break a batch.
contract UnionLens {
    /// @notice Most union ids one `profileOf` or `profilesOf` call reads.
    uint256 public constant MAX_UNIONS = 32;

    /// @notice Most handles one `profilesOf` call reads: at most this many profiles' gas in one call.
    uint256 public constant MAX_HANDLES = 100;

    /// @notice The registry this lens reads.
    UnionRegistry public immutable registry;

    /// @notice What a client needs to draw one membership of a handle's owner.
    struct MembershipView {
        uint256 unionId;
        string unionName;
        string purpose;
        address leader;
        SocialTree.Role role;
        string officerTitle;
        address sponsor;
        // The sponsor's first claim on the queried handle's platform (`UnionRegistry.claimOn`);
        // empty when it has none there, or there is no sponsor (the leader).
        string sponsorHandle;
        uint32 directSupporters;
        uint32 supportBase;
        // Tokens locked (`StakeLock`) by the active members of its support base.
        uint256 supportStake;
        bool vouched;
        address voucher;
    }

    /// @notice One handle's owner and memberships, as `profileOf` returns them.
    struct Profile {
        address owner;
        MembershipView[] memberships;
    }

    /// @notice `profileOf` was given `count` union ids; it reads at most `maxCount`.
    error TooManyUnions(uint256 count, uint256 maxCount);

    /// @notice `profilesOf` was given `count` handles; it reads at most `maxCount`.
    error TooManyHandles(uint256 count, uint256 maxCount);

    /// @param registry_ The registry to read; a new lens can be deployed for it at any time.
    constructor(UnionRegistry registry_) {
        registry = registry_;
    }

    /// @notice Everything a client shows for a handle within the unions it follows: the handle's
    /// owner and the owner's current memberships among `unionIds`, in the order given (ids the
    /// owner is not a member of, unknown ids included, are left out; a repeated id is repeated).
    /// @param handle A handle such as `x:alice`; an unclaimed one yields a zero owner and nothing.
    /// @param unionIds At most `MAX_UNIONS` union ids.
    function profileOf(string calldata handle, uint256[] calldata unionIds)
        external
        view
        returns (address owner, MembershipView[] memory memberships)
    {
        if (unionIds.length > MAX_UNIONS) revert TooManyUnions(unionIds.length, MAX_UNIONS);
        return _profileOf(handle, unionIds);
    }

    /// @notice `profileOf` for each of `handles`, in the order given: a page's handles in one call,
    /// returned as one array (a client decodes it once, not one result per handle).
    /// @param handles At most `MAX_HANDLES` handles.
    /// @param unionIds At most `MAX_UNIONS` union ids, read for every handle.
    function profilesOf(string[] calldata handles, uint256[] calldata unionIds)
        external
        view
        returns (Profile[] memory profiles)
    {
        if (handles.length > MAX_HANDLES) revert TooManyHandles(handles.length, MAX_HANDLES);
        if (unionIds.length > MAX_UNIONS) revert TooManyUnions(unionIds.length, MAX_UNIONS);
        profiles = new Profile[](handles.length);
        for (uint256 i = 0; i < handles.length; i++) {
            (profiles[i].owner, profiles[i].memberships) = _profileOf(handles[i], unionIds);
        }
    }

    function _profileOf(string calldata handle, uint256[] calldata unionIds)
        private
        view
        returns (address owner, MembershipView[] memory memberships)
    {
        owner = registry.ownerOfHandle(handle);
        if (owner == address(0)) return (owner, memberships);
        // Claimed, so the handle follows the grammar and has a platform.
        string calldata platform = string(HandleGrammar.platformOf(bytes(handle)));
        memberships = new MembershipView[](unionIds.length);
        uint256 count;
        for (uint256 i = 0; i < unionIds.length; i++) {
            SocialTree.Node memory node = registry.nodeOf(unionIds[i], owner);
            if (node.role == SocialTree.Role.None) continue;
            memberships[count++] = _membershipView(unionIds[i], owner, node, handle, platform);
        }
        // Trim to the memberships found: the array's length word only shrinks.
        assembly ("memory-safe") {
            mstore(memberships, count)
        }
    }

    function _membershipView(
        uint256 unionId,
        address owner,
        SocialTree.Node memory node,
        string calldata handle,
        string calldata platform
    ) private view returns (MembershipView memory m) {
        m.unionId = unionId;
        (m.leader, m.unionName, m.purpose,,) = registry.getUnion(unionId);
        m.role = node.role;
        // Titles are cleared when an officer leaves or is removed: only officers have one.
        if (node.role == SocialTree.Role.Officer) m.officerTitle = registry.officerTitle(unionId, owner);
        m.sponsor = node.sponsor;
        if (node.sponsor != address(0)) m.sponsorHandle = registry.claimOn(node.sponsor, platform);
        m.directSupporters = node.directSupporters;
        m.supportBase = node.supportBase;
        (, m.supportStake) = registry.stakeOf(unionId, owner);
        (m.vouched, m.voucher) = registry.vouchOf(unionId, owner, handle);
    }
}
