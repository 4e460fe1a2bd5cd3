// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Handles} from "./registry/Handles.sol";
import {Rallies} from "./registry/Rallies.sol";

/// @title UnionRegistry
/// @notice On-chain state of network unions: each union is a social tree with its leader at the
/// root and every member supporting a sponsor (`SocialTree`); who joins and how (`Admission`);
/// site handles, vouches and messaging keys (`Handles`); calls to action (`Rallies`).
/// @dev The one deployable, composed of those modules. Its views are O(1) per member; whatever
/// client views need in one call (a handle's profile) is assembled by `UnionLens`, which can be
/// redeployed without touching this state.
/// EIP-712 domain: name "NetworkUnion", version "1", this chain's id, this registry's address.
contract UnionRegistry is Handles, Rallies {
    constructor() EIP712("NetworkUnion", "1") {}
}
