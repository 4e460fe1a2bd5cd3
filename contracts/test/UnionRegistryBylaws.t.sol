// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {Admission} from "../src/registry/Admission.sol";

/// @dev Bylaws a member can read: the leader publishes the text whose SHA-256 the union stores.
contract UnionRegistryBylawsTest is Test {
    UnionRegistry internal reg;
    uint256 internal id;
    address internal leader = makeAddr("leader");
    address internal alice = makeAddr("alice");
    string internal constant TEXT = "Bylaws of the Couriers.\n1. Fair pay per delivery.\n";

    function setUp() public {
        reg = new UnionRegistry();
        // Hashed before the prank: the call to the SHA-256 precompile would take it.
        bytes32 bylawsHash = sha256(bytes(TEXT));
        vm.prank(leader);
        id = reg.createUnion("Couriers", "Fair pay per delivery", bylawsHash);
        vm.prank(alice);
        reg.join(id, leader);
    }

    function test_publishBylaws_leaderPublishesTheMatchingText() public {
        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.BylawsPublished(id, TEXT);
        vm.prank(leader);
        reg.publishBylaws(id, TEXT);
    }

    function test_publishBylaws_refusesATextThatIsNotTheHashedOne() public {
        string memory altered = "Bylaws of the Couriers.\n1. Fair pay per delivery, sometimes.\n";
        bytes memory refusal =
            abi.encodeWithSelector(Admission.BylawsMismatch.selector, id, sha256(bytes(altered)), sha256(bytes(TEXT)));
        vm.expectRevert(refusal);
        vm.prank(leader);
        reg.publishBylaws(id, altered);
    }

    function test_publishBylaws_onlyTheLeader() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        vm.prank(alice);
        reg.publishBylaws(id, TEXT);
    }

    function test_publishBylaws_unknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 99));
        vm.prank(leader);
        reg.publishBylaws(99, TEXT);
    }

    function testFuzz_publishBylaws_onlyTheHashedTextPasses(string calldata text) public {
        vm.assume(sha256(bytes(text)) != sha256(bytes(TEXT)));
        bytes memory refusal =
            abi.encodeWithSelector(Admission.BylawsMismatch.selector, id, sha256(bytes(text)), sha256(bytes(TEXT)));
        vm.expectRevert(refusal);
        vm.prank(leader);
        reg.publishBylaws(id, text);
    }
}
