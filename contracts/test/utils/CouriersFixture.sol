// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {UnionRegistry} from "../../src/UnionRegistry.sol";

/// @dev The registry tests' common start: a fresh registry, named accounts, and the union
/// "Couriers" led by `leader` that nobody else has joined yet.
abstract contract CouriersFixture is Test {
    UnionRegistry internal reg;
    uint256 internal id;

    address internal leader;
    address internal alice;
    address internal bob;
    address internal carol;
    address internal dave;
    address internal erin;
    address internal outsider;

    bytes32 internal constant BYLAWS = keccak256("bylaws v1");

    function _createCouriers() internal {
        reg = new UnionRegistry();
        leader = makeAddr("leader");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        dave = makeAddr("dave");
        erin = makeAddr("erin");
        outsider = makeAddr("outsider");
        vm.prank(leader);
        id = reg.createUnion("Couriers", "Fair pay per delivery", BYLAWS);
    }

    /// @dev `who` joins the fixture's union under `sponsor`.
    function _join(address who, address sponsor) internal {
        vm.prank(who);
        reg.join(id, sponsor);
    }

    /// @dev `who` claims `handle`.
    function _claim(address who, string memory handle) internal {
        vm.prank(who);
        reg.claimHandle(handle);
    }
}
