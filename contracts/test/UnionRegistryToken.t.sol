// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {Admission} from "../src/registry/Admission.sol";
import {UnionToken} from "../src/UnionToken.sol";

/// @dev A union's token: set by the leader only, one per union, zero when none.
contract UnionRegistryTokenTest is CouriersFixture {
    UnionToken internal token;

    function setUp() public {
        _createCouriers();
        token = new UnionToken(leader, 1_000 ether);
        vm.prank(alice);
        reg.join(id, leader);
    }

    function _set(address who, uint256 unionId, address t) internal {
        vm.prank(who);
        reg.setUnionToken(unionId, t);
    }

    function test_unionToken_noneByDefault() public view {
        vm.assertEq(reg.unionToken(id), address(0), "no token yet");
        vm.assertEq(reg.unionToken(0), address(0), "union 0");
        vm.assertEq(reg.unionToken(99), address(0), "unknown union");
    }

    function test_setUnionToken_leaderSetsEmitsAndReads() public {
        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.UnionTokenSet(id, address(token));
        _set(leader, id, address(token));
        vm.assertEq(reg.unionToken(id), address(token), "read back");
    }

    function test_setUnionToken_replaceAndClear() public {
        _set(leader, id, address(token));
        UnionToken other = new UnionToken(leader, 1);
        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.UnionTokenSet(id, address(other));
        _set(leader, id, address(other));
        vm.assertEq(reg.unionToken(id), address(other), "replaced");

        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.UnionTokenSet(id, address(0));
        _set(leader, id, address(0));
        vm.assertEq(reg.unionToken(id), address(0), "cleared");
    }

    function test_setUnionToken_leaderOnly() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        _set(alice, id, address(token));
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, outsider));
        _set(outsider, id, address(token));

        // An officer is not the leader either.
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        _set(alice, id, address(token));
        vm.assertEq(reg.unionToken(id), address(0), "unchanged");
    }

    function test_setUnionToken_unknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        _set(leader, 0, address(token));
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, id + 1));
        _set(leader, id + 1, address(token));
    }

    function test_setUnionToken_perUnion() public {
        vm.prank(alice);
        uint256 id2 = reg.createUnion("Riders", "", bytes32(0));
        _set(leader, id, address(token));
        // Each leader only for its own union.
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id2, leader));
        _set(leader, id2, address(token));
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        _set(alice, id, address(0));
        vm.assertEq(reg.unionToken(id), address(token), "union 1");
        vm.assertEq(reg.unionToken(id2), address(0), "union 2 unaffected");
    }

    function testFuzz_setUnionToken_onlyTheLeaderChangesIt(address caller, address t) public {
        if (caller != leader) {
            vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, caller));
        }
        _set(caller, id, t);
        vm.assertEq(reg.unionToken(id), caller == leader ? t : address(0), "token after the call");
    }
}
