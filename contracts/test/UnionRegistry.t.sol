// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {console} from "./utils/console.sol";
import {Admission} from "../src/registry/Admission.sol";
import {Handles} from "../src/registry/Handles.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Unit tests: one behaviour per test, every refusal checked with its exact error data.
contract UnionRegistryTest is CouriersFixture {
    function setUp() public {
        _createCouriers();
    }

    // ------------------------------------------------------------------ helpers

    function _leave(address who) internal {
        vm.prank(who);
        reg.leave(id);
    }

    function _switch(address who, address to) internal {
        vm.prank(who);
        reg.switchSponsor(id, to);
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
        emit Admission.UnionCreated(2, alice, "Nurses", "Safe staffing", hash);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.Joined(2, alice, address(0));
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
        vm.assertEq(_role(id2, alice), uint256(SocialTree.Role.Leader), "role");
        vm.assertEq(reg.sponsorOf(id2, alice), address(0), "leader has no sponsor");
        uint256[] memory ids = reg.unionsOf(alice);
        vm.assertEq(ids.length, 1, "unionsOf length");
        vm.assertEq(ids[0], 2, "unionsOf[0]");
        // The first union is untouched.
        (l,,,,) = reg.getUnion(id);
        vm.assertEq(l, leader, "first union's leader");
    }

    function test_createUnion_revertsOnEmptyName() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.EmptyName.selector));
        vm.prank(alice);
        reg.createUnion("", "purpose", BYLAWS);
    }

    // ------------------------------------------------------------------ join

    function test_join_emitsJoinedAndRecordsMembership() public {
        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.Joined(id, alice, leader);
        _join(alice, leader);
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Member), "role");
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
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.join(0, leader);
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 2));
        vm.prank(alice);
        reg.join(2, leader);
    }

    function test_join_revertsWhenSponsorIsNotAMember() public {
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _join(alice, outsider);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, address(0)));
        _join(alice, address(0));
        // Sponsoring yourself: you are not a member yet.
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, alice));
        _join(alice, alice);
    }

    function test_join_revertsWhenSponsorHasLeft() public {
        _join(alice, leader);
        _leave(alice);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, alice));
        _join(bob, alice);
    }

    function test_join_revertsForCurrentMembersAndLeader() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.AlreadyMember.selector, id, alice));
        _join(alice, bob);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.AlreadyMember.selector, id, leader));
        _join(leader, alice);
    }

    function test_join_enforcesMaxDepth() public {
        uint256 max = reg.MAX_DEPTH();
        vm.assertEq(max, 32, "MAX_DEPTH");
        address[] memory c = _chain(leader, max, 1); // deepest member sits exactly at MAX_DEPTH
        _counts(leader, 1, max, "leader");
        vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, max + 1));
        _join(alice, c[max - 1]);
        // One level up is still fine.
        _join(alice, c[max - 2]);
        _counts(c[max - 2], 2, 2, "second-deepest");
    }

    // ------------------------------------------------------------------ switchSponsor

    function test_switchSponsor_movesSubtreeCounts() public {
        _buildSample();
        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.SponsorSwitched(id, bob, alice, dave);
        _switch(bob, dave);
        vm.assertEq(reg.sponsorOf(id, bob), dave, "new sponsor");
        vm.assertEq(reg.sponsorOf(id, carol), bob, "carol follows bob");
        _counts(alice, 0, 0, "alice lost bob and carol");
        _counts(dave, 1, 2, "dave gained bob and carol");
        _counts(bob, 1, 1, "bob's own numbers");
        _counts(leader, 2, 4, "leader unchanged");
        vm.assertEq(_role(id, bob), uint256(SocialTree.Role.Member), "still member");
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
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 5));
        vm.prank(alice);
        reg.switchSponsor(5, dave);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _switch(outsider, dave);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.LeaderCannotMove.selector, id));
        _switch(leader, dave);
        _leave(dave);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, dave));
        _switch(dave, alice);
    }

    function test_switchSponsor_revertsOnBadTargets() public {
        _buildSample();
        vm.expectRevert(abi.encodeWithSelector(SocialTree.SameSponsor.selector, id, alice));
        _switch(bob, alice);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _switch(bob, outsider);
        _leave(dave);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, dave));
        _switch(bob, dave);
    }

    function test_switchSponsor_rejectsCycles() public {
        _buildSample();
        vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, alice, carol));
        _switch(alice, carol);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, alice, bob));
        _switch(alice, bob);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, alice, alice));
        _switch(alice, alice);
        // A cycle through an inactive node is still a cycle.
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, alice, carol));
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
        vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, max + 1));
        _switch(alice, c[max - 3]);
        // Under depth 29, carol sits exactly at MAX_DEPTH.
        _switch(alice, c[max - 4]);
        _counts(c[max - 4], 2, 4, "new sponsor at depth 29");
        _counts(leader, 1, max - 2 + 3, "leader");
        vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, max + 1));
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
        emit Admission.Left(id, bob);
        _leave(bob);
        vm.assertEq(_role(id, bob), uint256(SocialTree.Role.None), "role None");
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
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.leave(0);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _leave(outsider);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.LeaderCannotMove.selector, id));
        _leave(leader);
        _leave(alice);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, alice));
        _leave(alice);
    }

    function test_leave_officerLosesTitle() public {
        _join(alice, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectEmit(true, true, false, false, address(reg));
        emit Admission.OfficerRemoved(id, alice);
        vm.expectEmit(true, true, false, false, address(reg));
        emit Admission.Left(id, alice);
        _leave(alice);
        vm.assertEq(reg.officerTitle(id, alice), "", "title cleared");
        // Rejoining makes a plain member, not an officer again.
        _join(alice, leader);
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Member), "plain member");
    }

    // ------------------------------------------------------------------ rejoin

    function test_rejoin_elsewhereBringsSubtree() public {
        _buildSample();
        _leave(bob);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.Joined(id, bob, dave);
        _join(bob, dave);
        vm.assertEq(_role(id, bob), uint256(SocialTree.Role.Member), "active again");
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
        vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, bob, carol));
        _join(bob, carol);
        vm.assertEq(_role(id, bob), uint256(SocialTree.Role.None), "still out");
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
        vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, max + 1));
        _join(alice, c[max - 3]);
        _join(alice, c[max - 4]);
        _counts(c[max - 4], 2, 4, "new sponsor");
        _counts(leader, 1, max - 2 + 3, "leader");
    }

    // ------------------------------------------------------------------ officers

    function test_setOfficer_appointsAndRetitles() public {
        _join(alice, leader);
        vm.expectEmit(true, true, false, true, address(reg));
        emit Admission.OfficerSet(id, alice, "Treasurer");
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Officer), "role");
        vm.assertEq(reg.officerTitle(id, alice), "Treasurer", "title");

        vm.expectEmit(true, true, false, true, address(reg));
        emit Admission.OfficerSet(id, alice, "Secretary");
        vm.prank(leader);
        reg.setOfficer(id, alice, "Secretary");
        vm.assertEq(reg.officerTitle(id, alice), "Secretary", "retitled");
    }

    function test_setOfficer_reverts() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 9));
        vm.prank(leader);
        reg.setOfficer(9, alice, "T");
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, bob));
        vm.prank(bob);
        reg.setOfficer(id, alice, "T");
        vm.prank(leader);
        reg.setOfficer(id, alice, "T");
        // Officers cannot appoint officers.
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        vm.prank(alice);
        reg.setOfficer(id, bob, "T");
        vm.expectRevert(abi.encodeWithSelector(Admission.InvalidOfficer.selector, id, outsider));
        vm.prank(leader);
        reg.setOfficer(id, outsider, "T");
        vm.expectRevert(abi.encodeWithSelector(Admission.InvalidOfficer.selector, id, leader));
        vm.prank(leader);
        reg.setOfficer(id, leader, "T");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(Admission.InvalidOfficer.selector, id, bob));
        vm.prank(leader);
        reg.setOfficer(id, bob, "T");
    }

    function test_removeOfficer_returnsToMember() public {
        _join(alice, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectEmit(true, true, false, false, address(reg));
        emit Admission.OfficerRemoved(id, alice);
        vm.prank(leader);
        reg.removeOfficer(id, alice);
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Member), "role");
        vm.assertEq(reg.officerTitle(id, alice), "", "title cleared");
    }

    function test_removeOfficer_reverts() public {
        _join(alice, leader);
        _join(bob, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Treasurer");
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        vm.prank(leader);
        reg.removeOfficer(0, alice);
        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        vm.prank(alice);
        reg.removeOfficer(id, alice);
        vm.expectRevert(abi.encodeWithSelector(Admission.InvalidOfficer.selector, id, bob));
        vm.prank(leader);
        reg.removeOfficer(id, bob);
        vm.expectRevert(abi.encodeWithSelector(Admission.InvalidOfficer.selector, id, leader));
        vm.prank(leader);
        reg.removeOfficer(id, leader);
    }

    // ------------------------------------------------------------------ handles

    /// @dev The generic grammar: `platform:name`, platform 1-16 of a-z 0-9, name 1-64 of
    /// a-z 0-9 _ . - : (site rules such as X's 15 characters are the clients' business).
    function _validHandles() internal pure returns (string[] memory h) {
        h = new string[](19);
        h[0] = "x:alice";
        h[1] = "x:a_1";
        h[2] = "facebook:alice.smith";
        h[3] = "x:abcdefghijklmno"; // 15, the X maximum
        h[4] = "facebook:abcde"; // 5, the Facebook minimum
        h[5] = "facebook:abcdefghijklmnopqrstuvwxyz0123456789.abcdefghijklm"; // 50
        h[6] = "x:0";
        h[7] = "x:_";
        h[8] = "facebook:id:1234"; // the name may hold colons
        h[9] = "tiktok:alice"; // any platform: a new site needs no redeploy
        h[10] = "x:abcdefghijklmnop"; // site lengths are not checked on-chain
        h[11] = "x:alice-b";
        h[12] = "x:a:b";
        h[13] = "facebook:....."; // nor which characters a site allows where
        h[14] = "mastodon:alice:example.org";
        h[15] = "a:b"; // shortest
        h[16] = string.concat(_repeat("p", 16), ":x"); // 16-byte platform
        h[17] = string.concat("x:", _repeat("n", 64)); // 64-byte name
        h[18] = "0:0:";
    }

    function test_claimHandle_acceptsValidHandles() public {
        string[] memory h = _validHandles();
        for (uint256 i = 0; i < h.length; i++) {
            vm.expectEmit(true, true, false, true, address(reg));
            emit Handles.HandleClaimed(alice, keccak256(bytes(h[i])), h[i]);
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
        string[] memory h = new string[](24);
        h[0] = "";
        h[1] = "x:Alice"; // upper case
        h[2] = "X:alice"; // platform is case-sensitive
        h[3] = "x:"; // empty name
        h[4] = "facebook:";
        h[5] = "xalice"; // no colon
        h[6] = ":alice"; // empty platform
        h[7] = string.concat(_repeat("p", 17), ":alice"); // platform 17 > 16
        h[8] = string.concat("x:", _repeat("n", 65)); // name 65 > 64
        h[9] = ":";
        h[10] = "face_book:alice"; // the platform is letters and digits only
        h[11] = "x.com:alice";
        h[12] = "x:al ice"; // space
        h[13] = "x:<script>";
        h[14] = "x:alice/b";
        h[15] = "x:@alice";
        h[16] = "facebook:Alice.Smith";
        h[17] = "x:alice\n";
        h[18] = "x :alice";
        h[19] = unicode"x:alicé";
        h[20] = " x:alice";
        h[21] = "x:alice\x00";
        h[22] = "x-y:alice";
        h[23] = "X:ALICE";
        for (uint256 i = 0; i < h.length; i++) {
            vm.expectRevert(abi.encodeWithSelector(Handles.InvalidHandle.selector, h[i]));
            _claim(alice, h[i]);
        }
        vm.assertEq(reg.claimsOf(alice).length, 0, "nothing claimed");
    }

    function test_claimHandle_oneOwnerPerHandle() public {
        _claim(alice, "x:alice");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleTaken.selector, "x:alice", alice));
        _claim(bob, "x:alice");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleTaken.selector, "x:alice", alice));
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
        emit Handles.HandleUnclaimed(alice, keccak256("x:alice"), "x:alice");
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
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, "x:alice", bob));
        vm.prank(bob);
        reg.unclaimHandle("x:alice");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, "x:nobody", alice));
        vm.prank(alice);
        reg.unclaimHandle("x:nobody");
        vm.prank(alice);
        reg.unclaimHandle("x:alice");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, "x:alice", alice));
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
        emit Handles.Vouched(id, bob, alice, "x:bob");
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
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, dave, bob));
        vm.prank(dave);
        reg.vouch(id, bob, "x:bob");
        // A non-member.
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, outsider, bob));
        vm.prank(outsider);
        reg.vouch(id, bob, "x:bob");
        // A sponsor's sponsor is not the sponsor.
        _claim(carol, "x:carol");
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, alice, carol));
        vm.prank(alice);
        reg.vouch(id, carol, "x:carol");
        // A member cannot vouch for itself.
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, bob, bob));
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
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, leader, leader));
        vm.prank(leader);
        reg.vouch(id, leader, "x:leader");
    }

    function test_vouch_refusedForFormerSponsor() public {
        _vouchSetup();
        _switch(bob, dave);
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, alice, bob));
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.prank(dave);
        reg.vouch(id, bob, "x:bob"); // the new sponsor may
        // A sponsor who left may no longer vouch for its remaining supporter.
        _claim(carol, "x:carol");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, bob, carol));
        vm.prank(bob);
        reg.vouch(id, carol, "x:carol");
    }

    function test_vouch_requiresActiveMemberAndItsOwnClaim() public {
        _vouchSetup();
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 7));
        vm.prank(leader);
        reg.vouch(7, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        vm.prank(leader);
        reg.vouch(id, outsider, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, "x:nobody", bob));
        vm.prank(leader);
        reg.vouch(id, bob, "x:nobody");
        _claim(carol, "x:carol");
        vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, "x:carol", bob));
        vm.prank(leader);
        reg.vouch(id, bob, "x:carol");
        _leave(bob);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, bob));
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
        emit Handles.Unvouched(id, bob, alice, "x:bob");
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "withdrawn");
        vm.expectRevert(abi.encodeWithSelector(Handles.NotVouched.selector, id, bob, "x:bob"));
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
    }

    function test_unvouch_byLeaderNamesOriginalVoucher() public {
        _vouchSetup();
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.Unvouched(id, bob, alice, "x:bob");
        vm.prank(leader);
        reg.unvouch(id, bob, "x:bob");
        vm.assertFalse(_vouchedFlag(bob, "x:bob"), "withdrawn");
    }

    function test_unvouch_reverts() public {
        _vouchSetup();
        vm.expectRevert(abi.encodeWithSelector(Handles.NotVouched.selector, id, bob, "x:bob"));
        vm.prank(alice);
        reg.unvouch(id, bob, "x:bob");
        vm.prank(alice);
        reg.vouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, dave, bob));
        vm.prank(dave);
        reg.unvouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToVouch.selector, id, outsider, bob));
        vm.prank(outsider);
        reg.unvouch(id, bob, "x:bob");
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        vm.prank(alice);
        reg.unvouch(0, bob, "x:bob");
        vm.assertTrue(_vouchedFlag(bob, "x:bob"), "still vouched");
    }

    // ------------------------------------------------------------------ getUnion

    function test_getUnion_revertsOnUnknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        reg.getUnion(0);
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 2));
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

    // ------------------------------------------------------------------ bounded strings

    function test_createUnion_boundsNameAndPurpose() public {
        uint256 maxName = reg.MAX_UNION_NAME();
        uint256 maxPurpose = reg.MAX_UNION_PURPOSE();
        vm.assertEq(maxName, 64, "MAX_UNION_NAME");
        vm.assertEq(maxPurpose, 280, "MAX_UNION_PURPOSE");
        vm.expectRevert(abi.encodeWithSelector(Admission.UnionNameTooLong.selector, maxName + 1, maxName));
        vm.prank(alice);
        reg.createUnion(_repeat("n", maxName + 1), "", BYLAWS);
        vm.expectRevert(abi.encodeWithSelector(Admission.UnionPurposeTooLong.selector, maxPurpose + 1, maxPurpose));
        vm.prank(alice);
        reg.createUnion("Nurses", _repeat("p", maxPurpose + 1), BYLAWS);
        vm.assertEq(reg.unionCount(), 1, "nothing created");

        vm.prank(alice);
        uint256 id2 = reg.createUnion(_repeat("n", maxName), _repeat("p", maxPurpose), BYLAWS);
        (, string memory name, string memory purpose,,) = reg.getUnion(id2);
        vm.assertEq(name, _repeat("n", maxName), "longest name");
        vm.assertEq(purpose, _repeat("p", maxPurpose), "longest purpose");
    }

    function test_setOfficer_boundsTitle() public {
        uint256 max = reg.MAX_OFFICER_TITLE();
        vm.assertEq(max, 32, "MAX_OFFICER_TITLE");
        _join(alice, leader);
        vm.expectRevert(abi.encodeWithSelector(Admission.OfficerTitleTooLong.selector, max + 1, max));
        vm.prank(leader);
        reg.setOfficer(id, alice, _repeat("t", max + 1));
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Member), "not appointed");
        vm.prank(leader);
        reg.setOfficer(id, alice, _repeat("t", max));
        vm.assertEq(reg.officerTitle(id, alice), _repeat("t", max), "longest title");
    }

    // ------------------------------------------------------------------ nodeOf

    function test_nodeOf_returnsEveryFieldOfTheNode() public {
        _buildSample();
        _leave(bob);
        SocialTree.Node memory n = reg.nodeOf(id, bob);
        vm.assertEq(n.sponsor, alice, "sponsor");
        vm.assertEq(n.supportBase, 1, "supportBase");
        vm.assertEq(n.directSupporters, 1, "directSupporters");
        vm.assertEq(n.height, 1, "height bound");
        vm.assertEq(uint256(n.role), uint256(SocialTree.Role.None), "role");
        vm.assertTrue(n.joined, "joined");
        n = reg.nodeOf(id, leader);
        vm.assertEq(uint256(n.role), uint256(SocialTree.Role.Leader), "leader's role");
        vm.assertEq(n.supportBase, 3, "leader's base");
        n = reg.nodeOf(9, alice);
        vm.assertFalse(n.joined, "unknown union: an empty node");
        vm.assertEq(uint256(n.role), uint256(SocialTree.Role.None), "unknown union: no role");
    }

    // ------------------------------------------------------------------ claimOn

    function test_claimOn_firstClaimOnEachPlatform() public {
        vm.assertEq(reg.claimOn(alice, "x"), "", "no claims");
        _claim(alice, "x:alice1");
        _claim(alice, "facebook:alice.smith");
        _claim(alice, "x:alice2");
        vm.assertEq(reg.claimOn(alice, "x"), "x:alice1", "first X claim");
        vm.assertEq(reg.claimOn(alice, "facebook"), "facebook:alice.smith", "Facebook claim");
        vm.assertEq(reg.claimOn(alice, "tiktok"), "", "no claim there");
        vm.assertEq(reg.claimOn(alice, "x:"), "", "the platform is named without its colon");
        vm.assertEq(reg.claimOn(bob, "x"), "", "another owner");
    }

    function test_claimOn_unclaimMovesTheLastClaimIntoItsPlace() public {
        _claim(alice, "x:alice1");
        _claim(alice, "facebook:alice.smith");
        _claim(alice, "x:alice2");
        _claim(alice, "x:alice3");
        vm.prank(alice);
        reg.unclaimHandle("x:alice1");
        vm.assertEq(reg.claimOn(alice, "x"), "x:alice3", "the last X claim took the first place");
        string[] memory claims = reg.claimsOf(alice);
        vm.assertEq(claims.length, 3, "claimsOf length");
        vm.assertEq(claims[0], "x:alice3", "claimsOf swapped too");
        vm.assertEq(claims[1], "facebook:alice.smith", "claimsOf[1]");
        vm.assertEq(claims[2], "x:alice2", "claimsOf[2]");

        // Unclaiming in the middle, then the first: each position stays right after the swaps.
        vm.prank(alice);
        reg.unclaimHandle("x:alice2");
        vm.assertEq(reg.claimOn(alice, "x"), "x:alice3", "first X claim kept");
        vm.prank(alice);
        reg.unclaimHandle("x:alice3");
        vm.assertEq(reg.claimOn(alice, "x"), "", "no X claim left");
        vm.assertEq(reg.claimOn(alice, "facebook"), "facebook:alice.smith", "Facebook untouched");
        claims = reg.claimsOf(alice);
        vm.assertEq(claims.length, 1, "one claim left");
        vm.assertEq(claims[0], "facebook:alice.smith", "the Facebook claim");

        // The freed handle starts a new list for its new owner.
        _claim(bob, "x:alice1");
        vm.assertEq(reg.claimOn(bob, "x"), "x:alice1", "new owner");
        vm.prank(alice);
        reg.unclaimHandle("facebook:alice.smith");
        vm.assertEq(reg.claimOn(alice, "facebook"), "", "all gone");
        vm.assertEq(reg.claimsOf(alice).length, 0, "claimsOf empty");
    }

    // ------------------------------------------------------------------ gas at depth

    /// @dev A join walks every ancestor once: at the deepest place that is MAX_DEPTH nodes, each one
    /// cold storage slot read and rewritten (about 5,000 gas with its hashing), plus three new slots
    /// (the node and the member's union history, 22,100 each): about 280,000 gas in all. The bound
    /// fails should the walk grow beyond one pass over the ancestors.
    function test_join_atMaxDepth_gasBounded() public {
        uint256 max = reg.MAX_DEPTH();
        address[] memory c = _chain(leader, max - 1, 4);
        vm.cool(address(reg)); // measure as a transaction of its own would: every slot cold
        vm.prank(alice);
        uint256 before = gasleft();
        reg.join(id, c[max - 2]);
        uint256 used = before - gasleft();
        vm.assertEq(_role(id, alice), uint256(SocialTree.Role.Member), "joined at depth 32");
        console.log("join at depth 32, gas", used);
        vm.assertLe(used, 300_000, "join at the maximum depth");
    }
}
