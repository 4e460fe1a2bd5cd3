// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";

/// @dev Unit tests: one behaviour per test, every refusal checked with its exact error data.
contract UnionRegistryTest is CouriersFixture {
    function setUp() public {
        _createCouriers();
    }

    // ------------------------------------------------------------------ helpers

    function _join(address who, address sponsor) internal {
        vm.prank(who);
        reg.join(id, sponsor);
    }

    function _leave(address who) internal {
        vm.prank(who);
        reg.leave(id);
    }

    function _switch(address who, address to) internal {
        vm.prank(who);
        reg.switchSponsor(id, to);
    }

    function _claim(address who, string memory handle) internal {
        vm.prank(who);
        reg.claimHandle(handle);
    }

    function _counts(address who, uint256 direct, uint256 base, string memory what) internal view {
        vm.assertEq(reg.directSupporters(id, who), direct, string.concat(what, ": directSupporters"));
        vm.assertEq(reg.supportBase(id, who), base, string.concat(what, ": supportBase"));
    }

    function _role(uint256 unionId, address who) internal view returns (uint256) {
        return uint256(reg.roleOf(unionId, who));
    }

    function _size() internal view returns (uint256 size) {
        (,,,, size) = reg.getUnion(id);
    }

    /// @dev A fresh chain of `n` members hanging below `top`; element i sits i+1 steps below it.
    function _chain(address top, uint256 n, uint256 salt) internal returns (address[] memory c) {
        c = new address[](n);
        address sponsor = top;
        for (uint256 i = 0; i < n; i++) {
            c[i] = address(uint160(uint256(keccak256(abi.encode("chain", salt, i)))));
            _join(c[i], sponsor);
            sponsor = c[i];
        }
    }

    function _repeat(bytes1 ch, uint256 n) internal pure returns (string memory) {
        bytes memory b = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            b[i] = ch;
        }
        return string(b);
    }

    function _key(bytes1 prefix, uint256 len) internal pure returns (bytes memory k) {
        k = new bytes(len);
        for (uint256 i = 0; i < len; i++) {
            k[i] = bytes1(uint8(i + 1));
        }
        if (len > 0) k[0] = prefix;
    }

    /// @dev leader <- alice <- bob <- carol, and leader <- dave.
    function _buildSample() internal {
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob);
        _join(dave, leader);
    }

    // ------------------------------------------------------------------ createUnion

    function test_createUnion_callerBecomesLeaderAtRoot() public {
        bytes32 hash = keccak256("nurses bylaws");
        vm.expectEmit(true, true, false, true, address(reg));
        emit UnionRegistry.UnionCreated(2, alice, "Nurses", "Safe staffing", hash);
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Joined(2, alice, address(0));
        vm.prank(alice);
        uint256 id2 = reg.createUnion("Nurses", "Safe staffing", hash);

        vm.assertEq(id2, 2, "ids count from 1");
        vm.assertEq(reg.unionCount(), 2, "unionCount");
        (address l, string memory name, string memory purpose, bytes32 bylaws, uint256 size) = reg.getUnion(id2);
        vm.assertEq(l, alice, "leader");
        vm.assertEq(name, "Nurses", "name");
        vm.assertEq(purpose, "Safe staffing", "purpose");
        vm.assertEq(bylaws, hash, "bylaws hash");
        vm.assertEq(size, 1, "a new union counts its leader");
        vm.assertEq(_role(id2, alice), uint256(UnionRegistry.Role.Leader), "role");
        vm.assertEq(reg.sponsorOf(id2, alice), address(0), "leader has no sponsor");
        uint256[] memory ids = reg.unionsOf(alice);
        vm.assertEq(ids.length, 1, "unionsOf length");
        vm.assertEq(ids[0], 2, "unionsOf[0]");
        // The first union is untouched.
        (l,,,,) = reg.getUnion(id);
        vm.assertEq(l, leader, "first union's leader");
    }

    function test_createUnion_revertsOnEmptyName() public {
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.EmptyName.selector));
        vm.prank(alice);
        reg.createUnion("", "purpose", BYLAWS);
    }

    // ------------------------------------------------------------------ join

    function test_join_emitsJoinedAndRecordsMembership() public {
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Joined(id, alice, leader);
        _join(alice, leader);
        vm.assertEq(_role(id, alice), uint256(UnionRegistry.Role.Member), "role");
        vm.assertEq(reg.sponsorOf(id, alice), leader, "sponsor");
        uint256[] memory ids = reg.unionsOf(alice);
        vm.assertEq(ids.length, 1, "unionsOf length");
        vm.assertEq(ids[0], id, "unionsOf[0]");
    }

    function test_join_countsEveryAncestor() public {
        _buildSample();
        _counts(leader, 2, 4, "leader");
        _counts(alice, 1, 2, "alice");
        _counts(bob, 1, 1, "bob");
        _counts(carol, 0, 0, "carol");
        _counts(dave, 0, 0, "dave");
        vm.assertEq(_size(), 5, "size");
    }

    function test_join_revertsOnUnknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.join(0, leader);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 2));
        vm.prank(alice);
        reg.join(2, leader);
    }

    function test_join_revertsWhenSponsorIsNotAMember() public {
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, outsider));
        _join(alice, outsider);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, address(0)));
        _join(alice, address(0));
        // Sponsoring yourself: you are not a member yet.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, alice));
        _join(alice, alice);
    }

    function test_join_revertsWhenSponsorHasLeft() public {
        _join(alice, leader);
        _leave(alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, alice));
        _join(bob, alice);
    }

    function test_join_revertsForCurrentMembersAndLeader() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.AlreadyMember.selector, id, alice));
        _join(alice, bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.AlreadyMember.selector, id, leader));
        _join(leader, alice);
    }

    function test_join_enforcesMaxDepth() public {
        uint256 max = reg.MAX_DEPTH();
        vm.assertEq(max, 32, "MAX_DEPTH");
        address[] memory c = _chain(leader, max, 1); // deepest member sits exactly at MAX_DEPTH
        _counts(leader, 1, max, "leader");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.TooDeep.selector, id, max + 1));
        _join(alice, c[max - 1]);
        // One level up is still fine.
        _join(alice, c[max - 2]);
        _counts(c[max - 2], 2, 2, "second-deepest");
    }

    // ------------------------------------------------------------------ switchSponsor

    function test_switchSponsor_movesSubtreeCounts() public {
        _buildSample();
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.SponsorSwitched(id, bob, alice, dave);
        _switch(bob, dave);
        vm.assertEq(reg.sponsorOf(id, bob), dave, "new sponsor");
        vm.assertEq(reg.sponsorOf(id, carol), bob, "carol follows bob");
        _counts(alice, 0, 0, "alice lost bob and carol");
        _counts(dave, 1, 2, "dave gained bob and carol");
        _counts(bob, 1, 1, "bob's own numbers");
        _counts(leader, 2, 4, "leader unchanged");
        vm.assertEq(_role(id, bob), uint256(UnionRegistry.Role.Member), "still member");
    }

    function test_switchSponsor_toLeaderShortensChain() public {
        _buildSample();
        _switch(carol, leader);
        _counts(leader, 3, 4, "leader");
        _counts(alice, 1, 1, "alice");
        _counts(bob, 0, 0, "bob");
    }

    function test_switchSponsor_revertsOnBadCallers() public {
        _buildSample();
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 5));
        vm.prank(alice);
        reg.switchSponsor(5, dave);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, outsider));
        _switch(outsider, dave);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.LeaderCannotMove.selector, id));
        _switch(leader, dave);
        _leave(dave);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, dave));
        _switch(dave, alice);
    }

    function test_switchSponsor_revertsOnBadTargets() public {
        _buildSample();
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.SameSponsor.selector, id, alice));
        _switch(bob, alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, outsider));
        _switch(bob, outsider);
        _leave(dave);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, dave));
        _switch(bob, dave);
    }

    function test_switchSponsor_rejectsCycles() public {
        _buildSample();
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.CycleDetected.selector, id, alice, carol));
        _switch(alice, carol);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.CycleDetected.selector, id, alice, bob));
        _switch(alice, bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.CycleDetected.selector, id, alice, alice));
        _switch(alice, alice);
        // A cycle through an inactive node is still a cycle.
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.CycleDetected.selector, id, alice, carol));
        _switch(alice, carol);
        vm.assertEq(reg.sponsorOf(id, alice), leader, "alice did not move");
        _counts(alice, 0, 1, "alice");
    }

    function test_switchSponsor_enforcesMaxDepthOnSubtreeHeight() public {
        uint256 max = reg.MAX_DEPTH();
        address[] memory c = _chain(leader, max - 2, 2); // depths 1..30
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob); // alice's subtree has height 2
        // Under depth 30, carol would sit at 33.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.TooDeep.selector, id, max + 1));
        _switch(alice, c[max - 3]);
        // Under depth 29, carol sits exactly at MAX_DEPTH.
        _switch(alice, c[max - 4]);
        _counts(c[max - 4], 2, 4, "new sponsor at depth 29");
        _counts(leader, 1, max - 2 + 3, "leader");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.TooDeep.selector, id, max + 1));
        _join(dave, carol);
    }

    function test_switchSponsor_awayFromInactiveSponsor() public {
        _buildSample();
        _leave(bob);
        _switch(carol, leader);
        _counts(bob, 0, 0, "bob");
        _counts(alice, 0, 0, "alice");
        _counts(leader, 3, 3, "leader");
    }

    // ------------------------------------------------------------------ leave

    function test_leave_keepsSupportersInPlace() public {
        _buildSample();
        vm.expectEmit(true, true, false, false, address(reg));
        emit UnionRegistry.Left(id, bob);
        _leave(bob);
        vm.assertEq(_role(id, bob), uint256(UnionRegistry.Role.None), "role None");
        vm.assertEq(reg.sponsorOf(id, bob), alice, "inactive node keeps its sponsor");
        vm.assertEq(reg.sponsorOf(id, carol), bob, "supporter keeps its place");
        _counts(alice, 0, 1, "alice");
        _counts(bob, 1, 1, "bob still supported by carol");
        _counts(leader, 2, 3, "leader");
        vm.assertEq(_size(), 4, "size");
        vm.assertEq(reg.unionsOf(bob).length, 1, "history kept");
    }

    function test_leave_reverts() public {
        _join(alice, leader);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.leave(0);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, outsider));
        _leave(outsider);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.LeaderCannotMove.selector, id));
        _leave(leader);
        _leave(alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, alice));
        _leave(alice);
    }

    function test_leave_officerLosesTitle() public {
        _join(alice, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectEmit(true, true, false, false, address(reg));
        emit UnionRegistry.OfficerRemoved(id, alice);
        vm.expectEmit(true, true, false, false, address(reg));
        emit UnionRegistry.Left(id, alice);
        _leave(alice);
        vm.assertEq(reg.officerTitle(id, alice), "", "title cleared");
        // Rejoining makes a plain member, not an officer again.
        _join(alice, leader);
        vm.assertEq(_role(id, alice), uint256(UnionRegistry.Role.Member), "plain member");
    }

    // ------------------------------------------------------------------ rejoin

    function test_rejoin_elsewhereBringsSubtree() public {
        _buildSample();
        _leave(bob);
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Joined(id, bob, dave);
        _join(bob, dave);
        vm.assertEq(_role(id, bob), uint256(UnionRegistry.Role.Member), "active again");
        vm.assertEq(reg.sponsorOf(id, bob), dave, "new sponsor");
        vm.assertEq(reg.sponsorOf(id, carol), bob, "carol came along");
        _counts(alice, 0, 0, "alice");
        _counts(dave, 1, 2, "dave");
        _counts(bob, 1, 1, "bob");
        _counts(leader, 2, 4, "leader");
        vm.assertEq(_size(), 5, "size");
        vm.assertEq(reg.unionsOf(bob).length, 1, "no duplicate in unionsOf");
    }

    function test_rejoin_underSameSponsorRestoresCounts() public {
        _buildSample();
        _leave(bob);
        _join(bob, alice);
        _counts(alice, 1, 2, "alice");
        _counts(bob, 1, 1, "bob");
        _counts(leader, 2, 4, "leader");
    }

    function test_rejoin_underOwnSupporterIsACycle() public {
        _buildSample();
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.CycleDetected.selector, id, bob, carol));
        _join(bob, carol);
        vm.assertEq(_role(id, bob), uint256(UnionRegistry.Role.None), "still out");
        _counts(alice, 0, 1, "alice");
        _counts(leader, 2, 3, "leader");
    }

    function test_rejoin_enforcesMaxDepthOnSubtreeHeight() public {
        uint256 max = reg.MAX_DEPTH();
        address[] memory c = _chain(leader, max - 2, 3); // depths 1..30
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob);
        _leave(alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.TooDeep.selector, id, max + 1));
        _join(alice, c[max - 3]);
        _join(alice, c[max - 4]);
        _counts(c[max - 4], 2, 4, "new sponsor");
        _counts(leader, 1, max - 2 + 3, "leader");
    }

    // ------------------------------------------------------------------ officers

    function test_setOfficer_appointsAndRetitles() public {
        _join(alice, leader);
        vm.expectEmit(true, true, false, true, address(reg));
        emit UnionRegistry.OfficerSet(id, alice, "Treasurer");
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.assertEq(_role(id, alice), uint256(UnionRegistry.Role.Officer), "role");
        vm.assertEq(reg.officerTitle(id, alice), "Treasurer", "title");

        vm.expectEmit(true, true, false, true, address(reg));
        emit UnionRegistry.OfficerSet(id, alice, "Secretary");
        vm.prank(leader);
        reg.setOfficer(id, alice, "Secretary");
        vm.assertEq(reg.officerTitle(id, alice), "Secretary", "retitled");
    }

    function test_setOfficer_reverts() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 9));
        vm.prank(leader);
        reg.setOfficer(9, alice, "T");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotLeader.selector, id, bob));
        vm.prank(bob);
        reg.setOfficer(id, alice, "T");
        vm.prank(leader);
        reg.setOfficer(id, alice, "T");
        // Officers cannot appoint officers.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotLeader.selector, id, alice));
        vm.prank(alice);
        reg.setOfficer(id, bob, "T");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidOfficer.selector, id, outsider));
        vm.prank(leader);
        reg.setOfficer(id, outsider, "T");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidOfficer.selector, id, leader));
        vm.prank(leader);
        reg.setOfficer(id, leader, "T");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidOfficer.selector, id, bob));
        vm.prank(leader);
        reg.setOfficer(id, bob, "T");
    }

    function test_removeOfficer_returnsToMember() public {
        _join(alice, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectEmit(true, true, false, false, address(reg));
        emit UnionRegistry.OfficerRemoved(id, alice);
        vm.prank(leader);
        reg.removeOfficer(id, alice);
        vm.assertEq(_role(id, alice), uint256(UnionRegistry.Role.Member), "role");
        vm.assertEq(reg.officerTitle(id, alice), "", "title cleared");
    }

    function test_removeOfficer_reverts() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 0));
        vm.prank(leader);
        reg.removeOfficer(0, alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotLeader.selector, id, alice));
        vm.prank(alice);
        reg.removeOfficer(id, alice);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidOfficer.selector, id, bob));
        vm.prank(leader);
        reg.removeOfficer(id, bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidOfficer.selector, id, leader));
        vm.prank(leader);
        reg.removeOfficer(id, leader);
    }

    // ------------------------------------------------------------------ handles

    function _validHandles() internal pure returns (string[] memory h) {
        h = new string[](8);
        h[0] = "x:alice";
        h[1] = "x:a_1";
        h[2] = "facebook:alice.smith";
        h[3] = "x:abcdefghijklmno"; // 15, the X maximum
        h[4] = "facebook:abcde"; // 5, the Facebook minimum
        h[5] = "facebook:abcdefghijklmnopqrstuvwxyz0123456789.abcdefghijklm"; // 50
        h[6] = "x:0";
        h[7] = "x:_";
    }

    function test_claimHandle_acceptsValidHandles() public {
        string[] memory h = _validHandles();
        for (uint256 i = 0; i < h.length; i++) {
            vm.expectEmit(true, true, false, true, address(reg));
            emit UnionRegistry.HandleClaimed(alice, keccak256(bytes(h[i])), h[i]);
            _claim(alice, h[i]);
            vm.assertEq(reg.ownerOfHandle(h[i]), alice, h[i]);
        }
        string[] memory claims = reg.claimsOf(alice);
        vm.assertEq(claims.length, h.length, "claimsOf length");
        for (uint256 i = 0; i < h.length; i++) {
            vm.assertEq(claims[i], h[i], "claimsOf in claim order");
        }
    }

    function test_claimHandle_rejectsInvalidHandles() public {
        string[] memory h = new string[](23);
        h[0] = "";
        h[1] = "x:Alice"; // upper case
        h[2] = "X:alice"; // platform is case-sensitive
        h[3] = "x:"; // empty name
        h[4] = "facebook:";
        h[5] = "xalice"; // no colon
        h[6] = ":alice"; // empty platform
        h[7] = "tiktok:alice"; // unknown platform
        h[8] = "x:abcdefghijklmnop"; // 16 > 15
        h[9] = "facebook:abcd"; // 4 < 5
        h[10] = "facebook:abcdefghijklmnopqrstuvwxyz0123456789.abcdefghijklmn"; // 51
        h[11] = string.concat("facebook:", _repeat("a", 56)); // 56 > 50
        h[12] = "x:al ice";
        h[13] = "x:<script>";
        h[14] = "x:alice.smith"; // no dots on X
        h[15] = "facebook:alice_smith"; // no underscores on Facebook
        h[16] = "facebook:Alice.Smith";
        h[17] = "x:alice\n";
        h[18] = "x:a:b";
        h[19] = "x :alice";
        h[20] = unicode"x:alicé";
        h[21] = "x:alice-b";
        h[22] = "facebook:....."; // must start with a letter or digit
        for (uint256 i = 0; i < h.length; i++) {
            vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidHandle.selector, h[i]));
            _claim(alice, h[i]);
        }
        vm.assertEq(reg.claimsOf(alice).length, 0, "nothing claimed");
    }

    function test_claimHandle_oneOwnerPerHandle() public {
        _claim(alice, "x:alice");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleTaken.selector, "x:alice", alice));
        _claim(bob, "x:alice");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleTaken.selector, "x:alice", alice));
        _claim(alice, "x:alice");
        vm.assertEq(reg.claimsOf(alice).length, 1, "no duplicate claim");
        // Same name on another platform is another handle.
        _claim(bob, "facebook:alice");
        vm.assertEq(reg.ownerOfHandle("facebook:alice"), bob, "facebook:alice");
        vm.assertEq(reg.ownerOfHandle("x:alice"), alice, "x:alice");
    }

    function test_unclaimHandle_freesHandleForSomeoneElse() public {
        _claim(alice, "x:alice");
        vm.expectEmit(true, true, false, true, address(reg));
        emit UnionRegistry.HandleUnclaimed(alice, keccak256("x:alice"), "x:alice");
        vm.prank(alice);
        reg.unclaimHandle("x:alice");
        vm.assertEq(reg.ownerOfHandle("x:alice"), address(0), "no owner");
        vm.assertEq(reg.claimsOf(alice).length, 0, "alice's claims");
        _claim(bob, "x:alice");
        vm.assertEq(reg.ownerOfHandle("x:alice"), bob, "bob owns it now");
        string[] memory claims = reg.claimsOf(bob);
        vm.assertEq(claims.length, 1, "bob's claims");
        vm.assertEq(claims[0], "x:alice", "bob's claim");
    }

    function test_unclaimHandle_reverts() public {
        _claim(alice, "x:alice");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleNotClaimed.selector, "x:alice", bob));
        vm.prank(bob);
        reg.unclaimHandle("x:alice");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleNotClaimed.selector, "x:nobody", alice));
        vm.prank(alice);
        reg.unclaimHandle("x:nobody");
        vm.prank(alice);
        reg.unclaimHandle("x:alice");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleNotClaimed.selector, "x:alice", alice));
        vm.prank(alice);
        reg.unclaimHandle("x:alice");
    }

    function test_unclaimHandle_keepsOtherClaims() public {
        _claim(alice, "x:alice1");
        _claim(alice, "x:alice2");
        _claim(alice, "facebook:alice.smith");
        vm.prank(alice);
        reg.unclaimHandle("x:alice1");
        string[] memory claims = reg.claimsOf(alice);
        vm.assertEq(claims.length, 2, "two left");
        bool has2;
        bool hasFb;
        for (uint256 i = 0; i < claims.length; i++) {
            if (keccak256(bytes(claims[i])) == keccak256("x:alice2")) has2 = true;
            if (keccak256(bytes(claims[i])) == keccak256("facebook:alice.smith")) hasFb = true;
        }
        vm.assertTrue(has2 && hasFb, "the other claims remain");
        vm.assertEq(reg.ownerOfHandle("x:alice2"), alice, "still owned");
    }

    // ------------------------------------------------------------------ vouches

    /// @dev leader <- alice <- bob <- carol, leader <- dave; bob claims x:bob.
    function _vouchSetup() internal {
        _buildSample();
        _claim(bob, "x:bob");
    }

    function _vouched(address member, string memory handle) internal view returns (bool v, address by) {
        return reg.vouchOf(id, member, handle);
    }

    function _assertVouchedBy(address member, string memory handle, address voucher) internal view {
        (bool v, address by) = _vouched(member, handle);
        vm.assertTrue(v, "vouched");
        vm.assertEq(by, voucher, "voucher");
    }

    function test_vouch_bySponsor() public {
        _vouchSetup();
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Vouched(id, bob, alice, "x:bob");
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        _assertVouchedBy(bob, "x:bob", alice);
    }

    function test_vouch_byLeaderForAnyMember() public {
        _vouchSetup();
        vm.prank(leader);
        reg.vouch(id, bob, "x:bob");
        _assertVouchedBy(bob, "x:bob", leader);
    }

    function test_vouch_byOfficer() public {
        _vouchSetup();
        vm.prank(leader);
        reg.setOfficer(id, dave, "Verifier");
        vm.prank(dave);
        reg.vouch(id, bob, "x:bob");
        _assertVouchedBy(bob, "x:bob", dave);
    }

    function test_vouch_refusedForOthers() public {
        _vouchSetup();
        // An unrelated member.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, dave, bob));
        vm.prank(dave);
        reg.vouch(id, bob, "x:bob");
        // A non-member.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, outsider, bob));
        vm.prank(outsider);
        reg.vouch(id, bob, "x:bob");
        // A sponsor's sponsor is not the sponsor.
        _claim(carol, "x:carol");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, alice, carol));
        vm.prank(alice);
        reg.vouch(id, carol, "x:carol");
        // A member cannot vouch for itself.
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, bob, bob));
        vm.prank(bob);
        reg.vouch(id, bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "nobody vouched");
    }

    function _vouchedFlag(address member, string memory handle) internal view returns (bool v) {
        (v,) = reg.vouchOf(id, member, handle);
    }

    function test_vouch_lapsesWithTheVouchersAuthority() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        // Bob moves to another sponsor: alice's vouch no longer speaks for his tree.
        _switch(bob, dave);
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "former sponsor's vouch lapses");
        _switch(bob, alice);
        vm.assertTrue(_vouchedFlag(bob, "x:bob"), "counts again under that sponsor");

        // An officer's vouch lapses when the officer is removed.
        _claim(carol, "x:carol");
        vm.prank(leader);
        reg.setOfficer(id, dave, "Organiser");
        vm.prank(dave);
        reg.vouch(id, carol, "x:carol");
        vm.assertTrue(_vouchedFlag(carol, "x:carol"), "officer's vouch");
        vm.prank(leader);
        reg.removeOfficer(id, dave);
        vm.assertFalse(_vouchedFlag(carol, "x:carol"), "removed officer's vouch lapses");
    }

    function test_vouch_leaderCannotVouchForItself() public {
        _claim(leader, "x:leader");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, leader, leader));
        vm.prank(leader);
        reg.vouch(id, leader, "x:leader");
    }

    function test_vouch_refusedForFormerSponsor() public {
        _vouchSetup();
        _switch(bob, dave);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, alice, bob));
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.prank(dave);
        reg.vouch(id, bob, "x:bob"); // the new sponsor may
        // A sponsor who left may no longer vouch for its remaining supporter.
        _claim(carol, "x:carol");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, bob, carol));
        vm.prank(bob);
        reg.vouch(id, carol, "x:carol");
    }

    function test_vouch_requiresActiveMemberAndItsOwnClaim() public {
        _vouchSetup();
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 7));
        vm.prank(leader);
        reg.vouch(7, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, outsider));
        vm.prank(leader);
        reg.vouch(id, outsider, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleNotClaimed.selector, "x:nobody", bob));
        vm.prank(leader);
        reg.vouch(id, bob, "x:nobody");
        _claim(carol, "x:carol");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.HandleNotClaimed.selector, "x:carol", bob));
        vm.prank(leader);
        reg.vouch(id, bob, "x:carol");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAMember.selector, id, bob));
        vm.prank(leader);
        reg.vouch(id, bob, "x:bob");
    }

    function test_vouch_lapsesAfterUnclaimAndReclaim() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.prank(bob);
        reg.unclaimHandle("x:bob");
        (bool v, address by) = _vouched(bob, "x:bob");
        vm.assertFalse(v, "lapsed on unclaim");
        vm.assertEq(by, address(0), "no voucher reported");
        _claim(bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "a new claim needs a new vouch");
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.assertTrue(_vouchedFlag(bob, "x:bob"), "vouched again");
    }

    function test_vouch_doesNotFollowHandleToNewOwner() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.prank(bob);
        reg.unclaimHandle("x:bob");
        _claim(dave, "x:bob");
        vm.assertFalse(_vouchedFlag(dave, "x:bob"), "new owner not vouched");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "old owner not vouched");
    }

    function test_vouch_hiddenWhileMemberIsOut() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        _leave(bob);
        (bool v, address by) = _vouched(bob, "x:bob");
        vm.assertFalse(v, "not vouched while out");
        vm.assertEq(by, address(0), "no voucher");
    }

    function test_vouch_isPerUnion() public {
        _vouchSetup();
        vm.prank(leader);
        uint256 id2 = reg.createUnion("Second", "", bytes32(0));
        vm.prank(bob);
        reg.join(id2, leader);
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        (bool v,) = reg.vouchOf(id2, bob, "x:bob");
        vm.assertFalse(v, "vouch in union 1 says nothing about union 2");
    }

    function test_unvouch_byVoucher() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Unvouched(id, bob, alice, "x:bob");
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "withdrawn");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotVouched.selector, id, bob, "x:bob"));
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
    }

    function test_unvouch_byLeaderNamesOriginalVoucher() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.expectEmit(true, true, true, true, address(reg));
        emit UnionRegistry.Unvouched(id, bob, alice, "x:bob");
        vm.prank(leader);
        reg.unvouch(id, bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "withdrawn");
    }

    function test_unvouch_reverts() public {
        _vouchSetup();
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotVouched.selector, id, bob, "x:bob"));
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, dave, bob));
        vm.prank(dave);
        reg.unvouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.NotAllowedToVouch.selector, id, outsider, bob));
        vm.prank(outsider);
        reg.unvouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.unvouch(0, bob, "x:bob");
        vm.assertTrue(_vouchedFlag(bob, "x:bob"), "still vouched");
    }

    // ------------------------------------------------------------------ encryption keys

    function test_setEncryptionKey_acceptsCompressedKeys() public {
        bytes memory k2 = _key(0x02, 33);
        vm.expectEmit(true, false, false, true, address(reg));
        emit UnionRegistry.EncryptionKeySet(alice, k2);
        vm.prank(alice);
        reg.setEncryptionKey(k2);
        vm.assertEq(reg.encryptionKeyOf(alice), k2, "stored");
        bytes memory k3 = _key(0x03, 33);
        vm.prank(alice);
        reg.setEncryptionKey(k3);
        vm.assertEq(reg.encryptionKeyOf(alice), k3, "replaced");
        vm.assertEq(reg.encryptionKeyOf(bob).length, 0, "others unaffected");
    }

    function test_setEncryptionKey_rejectsMalformedKeys() public {
        bytes memory good = _key(0x02, 33);
        vm.prank(alice);
        reg.setEncryptionKey(good);
        bytes[] memory bad = new bytes[](7);
        bad[0] = "";
        bad[1] = _key(0x02, 1);
        bad[2] = _key(0x02, 32);
        bad[3] = _key(0x02, 34);
        bad[4] = _key(0x04, 33);
        bad[5] = _key(0x00, 33);
        bad[6] = _key(0x04, 65); // uncompressed
        for (uint256 i = 0; i < bad.length; i++) {
            vm.expectRevert(abi.encodeWithSelector(UnionRegistry.InvalidEncryptionKey.selector));
            vm.prank(alice);
            reg.setEncryptionKey(bad[i]);
        }
        vm.assertEq(reg.encryptionKeyOf(alice), good, "previous key kept");
    }

    // ------------------------------------------------------------------ getUnion

    function test_getUnion_revertsOnUnknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 0));
        reg.getUnion(0);
        vm.expectRevert(abi.encodeWithSelector(UnionRegistry.UnknownUnion.selector, 2));
        reg.getUnion(2);
    }

    function test_getUnion_sizeCountsActiveMembers() public {
        vm.assertEq(_size(), 1, "leader only");
        _buildSample();
        vm.assertEq(_size(), 5, "after joins");
        _leave(bob);
        vm.assertEq(_size(), 4, "after leave");
        _switch(carol, dave);
        vm.assertEq(_size(), 4, "switch keeps size");
        _join(bob, leader);
        vm.assertEq(_size(), 5, "after rejoin");
    }

    // ------------------------------------------------------------------ profileOf

    function test_profileOf_unclaimedHandleIsEmpty() public view {
        (address owner, UnionRegistry.MembershipView[] memory ms) = reg.profileOf("x:nobody");
        vm.assertEq(owner, address(0), "owner");
        vm.assertEq(ms.length, 0, "memberships");
    }

    /// @dev bob: officer under alice in `id` (vouched on X), left `id2`, leads `id3`, member under erin in `id4`.
    function _profileSetup() internal returns (uint256 id2, uint256 id3, uint256 id4) {
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob);
        vm.prank(leader);
        reg.setOfficer(id, bob, "Steward");
        _claim(alice, "facebook:alice.smith");
        _claim(alice, "x:alice");
        _claim(bob, "x:bob");
        _claim(bob, "facebook:bob.builder");
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");

        vm.prank(dave);
        id2 = reg.createUnion("Left behind", "p2", bytes32(0));
        vm.prank(bob);
        reg.join(id2, dave);
        vm.prank(bob);
        reg.leave(id2);

        vm.prank(bob);
        id3 = reg.createUnion("Bob's union", "p3", bytes32(0));

        vm.prank(erin);
        id4 = reg.createUnion("Erin's union", "p4", bytes32(0));
        _claim(erin, "facebook:erin.e");
        vm.prank(bob);
        reg.join(id4, erin);
    }

    function test_profileOf_listsActiveMembershipsOnly() public {
        (, uint256 id3, uint256 id4) = _profileSetup();
        (address owner, UnionRegistry.MembershipView[] memory ms) = reg.profileOf("x:bob");
        vm.assertEq(owner, bob, "owner");
        vm.assertEq(ms.length, 3, "the union bob left is not listed");

        vm.assertEq(ms[0].unionId, id, "m0 id");
        vm.assertEq(ms[0].unionName, "Couriers", "m0 name");
        vm.assertEq(ms[0].purpose, "Fair pay per delivery", "m0 purpose");
        vm.assertEq(uint256(ms[0].role), uint256(UnionRegistry.Role.Officer), "m0 role");
        vm.assertEq(ms[0].officerTitle, "Steward", "m0 title");
        vm.assertEq(ms[0].sponsor, alice, "m0 sponsor");
        vm.assertEq(ms[0].sponsorHandle, "x:alice", "m0 sponsor's X handle, not her Facebook one");
        vm.assertEq(ms[0].directSupporters, 1, "m0 direct");
        vm.assertEq(ms[0].supportBase, 1, "m0 base");
        vm.assertTrue(ms[0].vouched, "m0 vouched");
        vm.assertEq(ms[0].voucher, alice, "m0 voucher");

        vm.assertEq(ms[1].unionId, id3, "m1 id");
        vm.assertEq(ms[1].unionName, "Bob's union", "m1 name");
        vm.assertEq(uint256(ms[1].role), uint256(UnionRegistry.Role.Leader), "m1 role");
        vm.assertEq(ms[1].sponsor, address(0), "m1 sponsor");
        vm.assertEq(ms[1].sponsorHandle, "", "m1 sponsor handle");
        vm.assertFalse(ms[1].vouched, "m1 vouched");
        vm.assertEq(ms[1].voucher, address(0), "m1 voucher");

        vm.assertEq(ms[2].unionId, id4, "m2 id");
        vm.assertEq(uint256(ms[2].role), uint256(UnionRegistry.Role.Member), "m2 role");
        vm.assertEq(ms[2].officerTitle, "", "m2 title");
        vm.assertEq(ms[2].sponsor, erin, "m2 sponsor");
        vm.assertEq(ms[2].sponsorHandle, "", "erin has no X claim");
        vm.assertEq(ms[2].directSupporters, 0, "m2 direct");
        vm.assertEq(ms[2].supportBase, 0, "m2 base");
    }

    function test_profileOf_usesThePlatformOfTheQueriedHandle() public {
        _profileSetup();
        (address owner, UnionRegistry.MembershipView[] memory ms) = reg.profileOf("facebook:bob.builder");
        vm.assertEq(owner, bob, "owner");
        vm.assertEq(ms.length, 3, "memberships");
        vm.assertEq(ms[0].sponsorHandle, "facebook:alice.smith", "alice's Facebook handle");
        vm.assertFalse(ms[0].vouched, "the vouch was for the X handle");
        vm.assertEq(ms[2].sponsorHandle, "facebook:erin.e", "erin's Facebook handle");
    }

    function test_profileOf_followsCurrentOwnerAndCounts() public {
        _profileSetup();
        _join(dave, bob);
        (, UnionRegistry.MembershipView[] memory ms) = reg.profileOf("x:bob");
        vm.assertEq(ms[0].directSupporters, 2, "direct after dave joined");
        vm.assertEq(ms[0].supportBase, 2, "base after dave joined");

        vm.prank(bob);
        reg.unclaimHandle("x:bob");
        (address owner, UnionRegistry.MembershipView[] memory none) = reg.profileOf("x:bob");
        vm.assertEq(owner, address(0), "unclaimed");
        vm.assertEq(none.length, 0, "no memberships for an unclaimed handle");

        _claim(carol, "x:bob");
        (owner, ms) = reg.profileOf("x:bob");
        vm.assertEq(owner, carol, "new owner");
        vm.assertEq(ms.length, 1, "carol's one union");
        vm.assertEq(ms[0].sponsor, bob, "carol's sponsor");
        vm.assertEq(ms[0].sponsorHandle, "", "bob no longer has an X claim");
        vm.assertFalse(ms[0].vouched, "bob's vouch does not transfer to carol");
    }
}
