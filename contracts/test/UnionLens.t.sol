// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {console} from "./utils/console.sol";
import {UnionLens} from "../src/UnionLens.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev The lens against a real registry: which memberships it lists, what each one says, and
/// that its gas does not depend on what other accounts hold.
contract UnionLensTest is CouriersFixture {
    UnionLens internal lens;
    /// @dev The union of the gas tests, with every string at its maximum.
    uint256 internal worstUnion;

    /// @dev Most gas one membership of a profile may cost (see the gas tests).
    uint256 internal constant MEMBERSHIP_GAS = 150_000;

    function setUp() public {
        _createCouriers();
        lens = new UnionLens(reg);
    }

    // ------------------------------------------------------------------ helpers

    function _unclaim(address who, string memory handle) internal {
        vm.prank(who);
        reg.unclaimHandle(handle);
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b, uint256 c, uint256 d) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](4);
        (ids[0], ids[1], ids[2], ids[3]) = (a, b, c, d);
    }

    function _profile(string memory handle, uint256[] memory ids)
        internal
        view
        returns (address owner, UnionLens.MembershipView[] memory ms)
    {
        return lens.profileOf(handle, ids);
    }

    function _repeat(bytes1 ch, uint256 n) internal pure returns (string memory) {
        bytes memory b = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            b[i] = ch;
        }
        return string(b);
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

    // ------------------------------------------------------------------ what it lists

    function test_profileOf_unclaimedHandleIsEmpty() public view {
        (address owner, UnionLens.MembershipView[] memory ms) = _profile("x:nobody", _ids(id));
        vm.assertEq(owner, address(0), "owner");
        vm.assertEq(ms.length, 0, "memberships");
        (owner, ms) = _profile("not a handle", _ids(id));
        vm.assertEq(owner, address(0), "a malformed handle has no owner");
        vm.assertEq(ms.length, 0, "nor memberships");
    }

    function test_profileOf_listsActiveMembershipsOnly() public {
        (uint256 id2, uint256 id3, uint256 id4) = _profileSetup();
        (address owner, UnionLens.MembershipView[] memory ms) = _profile("x:bob", _ids(id, id2, id3, id4));
        vm.assertEq(owner, bob, "owner");
        vm.assertEq(ms.length, 3, "the union bob left is not listed");

        vm.assertEq(ms[0].unionId, id, "m0 id");
        vm.assertEq(ms[0].unionName, "Couriers", "m0 name");
        vm.assertEq(ms[0].purpose, "Fair pay per delivery", "m0 purpose");
        vm.assertEq(ms[0].leader, leader, "m0 leader");
        vm.assertEq(uint256(ms[0].role), uint256(SocialTree.Role.Officer), "m0 role");
        vm.assertEq(ms[0].officerTitle, "Steward", "m0 title");
        vm.assertEq(ms[0].sponsor, alice, "m0 sponsor");
        vm.assertEq(ms[0].sponsorHandle, "x:alice", "m0 sponsor's X handle, not her Facebook one");
        vm.assertEq(ms[0].directSupporters, 1, "m0 direct");
        vm.assertEq(ms[0].supportBase, 1, "m0 base");
        vm.assertTrue(ms[0].vouched, "m0 vouched");
        vm.assertEq(ms[0].voucher, alice, "m0 voucher");

        vm.assertEq(ms[1].unionId, id3, "m1 id");
        vm.assertEq(ms[1].unionName, "Bob's union", "m1 name");
        vm.assertEq(ms[1].leader, bob, "m1 leader: bob leads it");
        vm.assertEq(uint256(ms[1].role), uint256(SocialTree.Role.Leader), "m1 role");
        vm.assertEq(ms[1].sponsor, address(0), "m1 sponsor");
        vm.assertEq(ms[1].sponsorHandle, "", "m1 sponsor handle");
        vm.assertFalse(ms[1].vouched, "m1 vouched");
        vm.assertEq(ms[1].voucher, address(0), "m1 voucher");

        vm.assertEq(ms[2].unionId, id4, "m2 id");
        vm.assertEq(ms[2].leader, erin, "m2 leader");
        vm.assertEq(uint256(ms[2].role), uint256(SocialTree.Role.Member), "m2 role");
        vm.assertEq(ms[2].officerTitle, "", "m2 title");
        vm.assertEq(ms[2].sponsor, erin, "m2 sponsor");
        vm.assertEq(ms[2].sponsorHandle, "", "erin has no X claim");
        vm.assertEq(ms[2].directSupporters, 0, "m2 direct");
        vm.assertEq(ms[2].supportBase, 0, "m2 base");
    }

    function test_profileOf_onlyTheGivenUnionsInTheGivenOrder() public {
        (uint256 id2, uint256 id3, uint256 id4) = _profileSetup();
        uint256 unknown = 99;
        (address owner, UnionLens.MembershipView[] memory ms) = _profile("x:bob", _ids(id4, unknown, id, id2));
        vm.assertEq(owner, bob, "owner");
        vm.assertEq(ms.length, 2, "unknown and left unions are skipped; id3 was not asked");
        vm.assertEq(ms[0].unionId, id4, "first asked first");
        vm.assertEq(ms[1].unionId, id, "then the next one bob is in");

        (owner, ms) = _profile("x:bob", new uint256[](0));
        vm.assertEq(owner, bob, "the owner without unions");
        vm.assertEq(ms.length, 0, "no union asked, none listed");

        (, ms) = _profile("x:bob", _ids(id3, id3, id3, id3));
        vm.assertEq(ms.length, 4, "a repeated id is repeated");
        vm.assertEq(ms[3].leader, bob, "each one complete");
    }

    function test_profileOf_usesThePlatformOfTheQueriedHandle() public {
        (uint256 id2, uint256 id3, uint256 id4) = _profileSetup();
        (address owner, UnionLens.MembershipView[] memory ms) =
            _profile("facebook:bob.builder", _ids(id, id2, id3, id4));
        vm.assertEq(owner, bob, "owner");
        vm.assertEq(ms.length, 3, "memberships");
        vm.assertEq(ms[0].sponsorHandle, "facebook:alice.smith", "alice's Facebook handle");
        vm.assertFalse(ms[0].vouched, "the vouch was for the X handle");
        vm.assertEq(ms[2].sponsorHandle, "facebook:erin.e", "erin's Facebook handle");
    }

    function test_profileOf_followsCurrentOwnerAndCounts() public {
        _profileSetup();
        _join(dave, bob);
        (, UnionLens.MembershipView[] memory ms) = _profile("x:bob", _ids(id));
        vm.assertEq(ms[0].directSupporters, 2, "direct after dave joined");
        vm.assertEq(ms[0].supportBase, 2, "base after dave joined");

        _unclaim(bob, "x:bob");
        (address owner, UnionLens.MembershipView[] memory none) = _profile("x:bob", _ids(id));
        vm.assertEq(owner, address(0), "unclaimed");
        vm.assertEq(none.length, 0, "no memberships for an unclaimed handle");

        _claim(carol, "x:bob");
        (owner, ms) = _profile("x:bob", _ids(id));
        vm.assertEq(owner, carol, "new owner");
        vm.assertEq(ms.length, 1, "carol's one union");
        vm.assertEq(ms[0].sponsor, bob, "carol's sponsor");
        vm.assertEq(ms[0].sponsorHandle, "", "bob no longer has an X claim");
        vm.assertFalse(ms[0].vouched, "bob's vouch does not transfer to carol");
    }

    function test_profileOf_sponsorHandleFollowsUnclaimSwaps() public {
        _join(alice, leader);
        _join(bob, alice);
        _claim(bob, "x:bob");
        _claim(alice, "x:alice1");
        _claim(alice, "facebook:alice.smith");
        _claim(alice, "x:alice2");
        _claim(alice, "x:alice3");
        vm.assertEq(_sponsorHandle("x:bob"), "x:alice1", "the first X claim");
        _unclaim(alice, "x:alice1");
        vm.assertEq(_sponsorHandle("x:bob"), "x:alice3", "the last X claim took its place");
        _unclaim(alice, "x:alice2");
        vm.assertEq(_sponsorHandle("x:bob"), "x:alice3", "unclaiming another one changes nothing");
        _unclaim(alice, "x:alice3");
        vm.assertEq(_sponsorHandle("x:bob"), "", "no X claim left");
        _claim(alice, "x:alice4");
        vm.assertEq(_sponsorHandle("x:bob"), "x:alice4", "a new claim is found again");
    }

    function _sponsorHandle(string memory handle) internal view returns (string memory) {
        (, UnionLens.MembershipView[] memory ms) = _profile(handle, _ids(id));
        return ms[0].sponsorHandle;
    }

    function test_profileOf_refusesMoreThanMaxUnions() public {
        _join(alice, leader);
        _claim(alice, "x:alice");
        uint256 max = lens.MAX_UNIONS();
        vm.assertEq(max, 32, "MAX_UNIONS");
        uint256[] memory ids = new uint256[](max);
        for (uint256 i = 0; i < max; i++) {
            ids[i] = id;
        }
        (, UnionLens.MembershipView[] memory ms) = _profile("x:alice", ids);
        vm.assertEq(ms.length, max, "32 ids are read");
        ids = new uint256[](max + 1);
        vm.expectRevert(abi.encodeWithSelector(UnionLens.TooManyUnions.selector, max + 1, max));
        lens.profileOf("x:alice", ids);
        vm.expectRevert(abi.encodeWithSelector(UnionLens.TooManyUnions.selector, max + 1, max));
        lens.profileOf("x:nobody", ids);
    }

    // ------------------------------------------------------------------ many handles in one call

    /// @dev Each of `profilesOf`'s profiles is, field for field, what `profileOf` says of that handle.
    function _assertSameAsOneByOne(string[] memory handles, uint256[] memory ids) internal view {
        UnionLens.Profile[] memory ps = lens.profilesOf(handles, ids);
        vm.assertEq(ps.length, handles.length, "one profile per handle");
        for (uint256 i = 0; i < handles.length; i++) {
            (address owner, UnionLens.MembershipView[] memory ms) = lens.profileOf(handles[i], ids);
            vm.assertEq(ps[i].owner, owner, "owner");
            vm.assertEq(abi.encode(ps[i].memberships), abi.encode(ms), "memberships");
        }
    }

    function test_profilesOf_isProfileOfForEachHandleInOrder() public {
        (uint256 id2, uint256 id3, uint256 id4) = _profileSetup();
        string[] memory handles = new string[](5);
        (handles[0], handles[1], handles[2], handles[3], handles[4]) = ("x:bob", "x:nobody", "x:alice", "x:bob", "not a handle");
        _assertSameAsOneByOne(handles, _ids(id, id2, id3, id4));
        UnionLens.Profile[] memory ps = lens.profilesOf(handles, _ids(id, id2, id3, id4));
        vm.assertEq(ps[0].owner, bob, "bob first");
        vm.assertEq(ps[0].memberships.length, 3, "bob's three current memberships");
        vm.assertEq(ps[1].owner, address(0), "an unclaimed handle: no owner");
        vm.assertEq(ps[1].memberships.length, 0, "nor memberships");
        vm.assertEq(ps[3].owner, bob, "a repeated handle is repeated");
        vm.assertEq(lens.profilesOf(new string[](0), _ids(id)).length, 0, "no handles, no profiles");
    }

    /// @dev Any selection of the fixture's handles, in any order, against any selection of its unions.
    function testFuzz_profilesOf_isProfileOfForEachHandle(uint8[6] memory picks, uint8 count, uint8 unionMask) public {
        (uint256 id2, uint256 id3, uint256 id4) = _profileSetup();
        string[5] memory known = ["x:bob", "x:alice", "x:nobody", "facebook:alice.smith", "facebook:erin.e"];
        string[] memory handles = new string[](count % 7);
        for (uint256 i = 0; i < handles.length; i++) {
            handles[i] = known[picks[i] % known.length];
        }
        uint256[5] memory unions = [id, id2, id3, id4, 999];
        uint256 n;
        for (uint256 i = 0; i < unions.length; i++) {
            if (unionMask & (1 << i) != 0) n++;
        }
        uint256[] memory ids = new uint256[](n);
        n = 0;
        for (uint256 i = 0; i < unions.length; i++) {
            if (unionMask & (1 << i) != 0) ids[n++] = unions[i];
        }
        _assertSameAsOneByOne(handles, ids);
    }

    function test_profilesOf_refusesMoreThanMaxHandlesOrUnions() public {
        uint256 max = lens.MAX_HANDLES();
        vm.assertEq(max, 100, "MAX_HANDLES");
        string[] memory handles = new string[](max);
        for (uint256 i = 0; i < max; i++) {
            handles[i] = "x:nobody";
        }
        vm.assertEq(lens.profilesOf(handles, _ids(id)).length, max, "100 handles are read");
        vm.expectRevert(abi.encodeWithSelector(UnionLens.TooManyHandles.selector, max + 1, max));
        lens.profilesOf(new string[](max + 1), _ids(id));
        uint256 maxUnions = lens.MAX_UNIONS();
        vm.expectRevert(abi.encodeWithSelector(UnionLens.TooManyUnions.selector, maxUnions + 1, maxUnions));
        lens.profilesOf(handles, new uint256[](maxUnions + 1));
    }

    function test_registry_isTheOneGiven() public view {
        vm.assertEq(address(lens.registry()), address(reg), "registry");
    }

    // ------------------------------------------------------------------ bounded gas

    /// @dev Gas of one profile read of `worstUnion`, every storage slot cold as in a transaction of
    /// its own (both accounts warm: a transaction pays 2 x 2,500 more to reach them).
    function _profileGas(string memory handle) internal returns (uint256 used, UnionLens.MembershipView memory m) {
        vm.cool(address(reg));
        vm.cool(address(lens));
        return this.measureProfile(handle, worstUnion);
    }

    /// @dev An external frame of its own, so every measurement starts with the same fresh memory.
    function measureProfile(string calldata handle, uint256 unionId)
        external
        view
        returns (uint256 used, UnionLens.MembershipView memory m)
    {
        uint256[] memory ids = _ids(unionId);
        uint256 before = gasleft();
        (, UnionLens.MembershipView[] memory ms) = lens.profileOf(handle, ids);
        used = before - gasleft();
        m = ms[0];
    }

    /// @dev One union with the longest name and purpose, two officers with the longest title and
    /// handles, both vouched: `alice` under `bob`, who holds one X claim, and `carol` under `dave`,
    /// who holds 5,000 X claims and then a Facebook one (the old registry scanned them all).
    /// The bound, `MEMBERSHIP_GAS`: about 35 cold slots (node, union record with 64 + 280 bytes of
    /// strings, title, the sponsor's first claim of up to 81 bytes and its list slots, vouch,
    /// claim, voucher) at 2,100 gas each, five calls to the registry and the encoding of some 600
    /// bytes come to about 93,000 gas. 150,000 leaves room for compiler changes, yet fails at once
    /// should a read loop over an account's claims (2,100 gas a claim: 10 million for 5,000).
    function test_profileOf_gasBoundedWhateverTheSponsorHolds() public {
        string memory name = _repeat("n", reg.MAX_UNION_NAME());
        string memory purpose = _repeat("p", reg.MAX_UNION_PURPOSE());
        vm.prank(leader);
        worstUnion = reg.createUnion(name, purpose, BYLAWS);
        string memory title = _repeat("t", reg.MAX_OFFICER_TITLE());
        address[2] memory sponsors = [bob, dave];
        address[2] memory members = [alice, carol];
        string[2] memory sponsorX = [string.concat("x:", _repeat("b", 64)), string.concat("x:", _repeat("d", 64))];
        string[2] memory memberX = [string.concat("x:", _repeat("a", 64)), string.concat("x:", _repeat("c", 64))];
        for (uint256 k = 0; k < 2; k++) {
            vm.prank(sponsors[k]);
            reg.join(worstUnion, leader);
            vm.prank(members[k]);
            reg.join(worstUnion, sponsors[k]);
            _claim(sponsors[k], sponsorX[k]);
            _claim(members[k], memberX[k]);
            vm.prank(leader);
            reg.setOfficer(worstUnion, members[k], title);
            vm.prank(sponsors[k]);
            reg.vouch(worstUnion, members[k], memberX[k]);
        }
        _claim(carol, "facebook:carol");
        _giveClaims(dave, 5_000);
        _claim(dave, "facebook:dave");
        vm.assertEq(reg.claimsOf(dave).length, 5_002, "dave's claims");
        // Reach both accounts once, so that no measurement pays for that and the others not.
        vm.assertGt(address(lens).code.length + address(reg).code.length, 0, "deployed");

        (uint256 few, UnionLens.MembershipView memory m) = _profileGas(memberX[0]);
        vm.assertEq(m.sponsorHandle, sponsorX[0], "bob's X claim");
        (uint256 many, UnionLens.MembershipView memory n) = _profileGas(memberX[1]);
        vm.assertEq(n.sponsorHandle, sponsorX[1], "dave's first X claim");
        vm.assertTrue(n.vouched, "vouched");
        vm.assertEq(n.officerTitle, title, "longest title");
        (uint256 lastPlatform, UnionLens.MembershipView memory f) = _profileGas("facebook:carol");
        vm.assertEq(f.sponsorHandle, "facebook:dave", "dave's Facebook claim, made after 5,000 others");

        console.log("profileOf, sponsor with 1 claim, gas", few);
        console.log("profileOf, sponsor with 5,002 claims, gas", many);
        console.log("profileOf, sponsor's only claim on the platform after 5,000 others, gas", lastPlatform);
        vm.assertLe(many, MEMBERSHIP_GAS, "one membership, whatever the sponsor holds");
        vm.assertLe(lastPlatform, MEMBERSHIP_GAS, "one membership, claim on another platform");
        vm.assertEq(many, few, "5,000 more claims cost nothing more");
    }

    /// @dev The most one `profileOf` reads: 32 unions, each with the longest strings, the owner an
    /// officer with the longest title in every one, under a sponsor with a long claim, vouched.
    function test_profileOf_gasBoundedForTheMostUnions() public {
        uint256 max = lens.MAX_UNIONS();
        string memory name = _repeat("n", reg.MAX_UNION_NAME());
        string memory purpose = _repeat("p", reg.MAX_UNION_PURPOSE());
        string memory title = _repeat("t", reg.MAX_OFFICER_TITLE());
        string memory handle = string.concat("x:", _repeat("a", 64));
        _claim(alice, handle);
        _claim(bob, string.concat("x:", _repeat("b", 64)));
        uint256[] memory ids = new uint256[](max);
        for (uint256 i = 0; i < max; i++) {
            vm.prank(leader);
            ids[i] = reg.createUnion(name, purpose, BYLAWS);
            vm.prank(bob);
            reg.join(ids[i], leader);
            vm.prank(alice);
            reg.join(ids[i], bob);
            vm.startPrank(leader);
            reg.setOfficer(ids[i], alice, title);
            reg.vouch(ids[i], alice, handle);
            vm.stopPrank();
        }
        vm.assertGt(address(lens).code.length + address(reg).code.length, 0, "deployed");
        vm.cool(address(reg));
        vm.cool(address(lens));
        uint256 used = this.measureProfiles(handle, ids);
        console.log("profileOf, 32 memberships with every string at its maximum, gas", used);
        vm.assertLe(used, max * MEMBERSHIP_GAS, "32 memberships");
    }

    function measureProfiles(string calldata handle, uint256[] calldata ids) external view returns (uint256 used) {
        uint256 before = gasleft();
        (, UnionLens.MembershipView[] memory ms) = lens.profileOf(handle, ids);
        used = before - gasleft();
        vm.assertEq(ms.length, ids.length, "every union listed");
        vm.assertTrue(ms[ids.length - 1].vouched, "vouched in the last one too");
    }

    /// @dev `owner` claims `count` X handles: x:m00000, x:m00001, ...
    function _giveClaims(address owner, uint256 count) internal {
        vm.startPrank(owner);
        for (uint256 i = 0; i < count; i++) {
            reg.claimHandle(_numbered(i));
        }
        vm.stopPrank();
    }

    function _numbered(uint256 i) internal pure returns (string memory) {
        bytes memory digits = new bytes(5);
        for (uint256 k = 5; k > 0; k--) {
            digits[k - 1] = bytes("0123456789")[i % 10];
            i /= 10;
        }
        return string.concat("x:m", string(digits));
    }
}
