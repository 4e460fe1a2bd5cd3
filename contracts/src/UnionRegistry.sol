// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Handles} from "./registry/Handles.sol";
import {Rallies} from "./registry/Rallies.sol";
import {SocialTree} from "./libraries/SocialTree.sol";

/// @title UnionRegistry
/// @notice On-chain state of network unions: each union is a social tree with its leader at the
/// root and every member supporting a sponsor (`SocialTree`); who joins and how (`Admission`);
/// site handles, vouches and messaging keys (`Handles`); calls to action (`Rallies`); and, from
/// the one `StakeLock` bound to it, each member's stake-weighted support.
/// @dev The one deployable, composed of those modules. Its views are O(1) per member; whatever
/// client views need in one call (a handle's profile) is assembled by `UnionLens`, which can be
/// redeployed without touching this state.
/// EIP-712 domain: name "NetworkUnion", version "1", this chain's id, this registry's address.
contract UnionRegistry is Handles, Rallies {
    using SocialTree for SocialTree.Tree;

    /// @notice The lock contract whose locks count as stake; zero until the deployer binds it.
    address public stakeLock;
    address private immutable _deployer;

    /// @notice The deployer bound the lock contract (once, for good).
    event StakeLockBound(address stakeLock);

    /// @notice Only the deployer binds the lock contract, and only once.
    error StakeLockBinding(address caller);
    /// @notice Only the bound lock contract changes stake.
    error NotStakeLock(address caller);

    constructor() EIP712("NetworkUnion", "1") {
        _deployer = msg.sender;
    }

    /// @notice Binds the lock contract whose locks count as stake. The deployer calls it once,
    /// right after deploying `StakeLock` for this registry.
    function bindStakeLock(address stakeLock_) external {
        if (msg.sender != _deployer || stakeLock != address(0) || stakeLock_ == address(0)) {
            revert StakeLockBinding(msg.sender);
        }
        stakeLock = stakeLock_;
        emit StakeLockBound(stakeLock_);
    }

    /// @notice The lock contract reports that `member` locked `amount` more of `unionId`'s token
    /// (`increase`) or that `amount` stopped counting. Ancestors of an active member follow in the
    /// same call (O(depth)); the lock contract emits the events.
    function changeStake(uint256 unionId, address member, uint256 amount, bool increase) external {
        if (msg.sender != stakeLock) revert NotStakeLock(msg.sender);
        _treeOf(unionId).changeStake(member, amount, increase);
    }

    /// @notice What `member` has locked for `unionId` (`own`, counted while it is a member) and
    /// its stake-weighted support: the tokens locked by the active members below it (`below`).
    function stakeOf(uint256 unionId, address member) external view returns (uint256 own, uint256 below) {
        SocialTree.Stake storage stake = _treeOf(unionId).stakes[member];
        return (stake.own, stake.below);
    }
}
