// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {Admission} from "../src/registry/Admission.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Admission policy and EIP-712 invites. Digests are rebuilt here from the EIP-712 spec (not
/// from the contract's own code) and invites are signed with real keys through `vm.sign`.
contract UnionRegistryInviteTest is Test {
    UnionRegistry internal reg;
    uint256 internal id;

    // secp256k1 group order: private keys live in [1, N - 1]; a low-s signature has s <= N / 2.
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant INVITE_TYPEHASH =
        keccak256("Invite(uint256 unionId,address sponsor,address invitee,bytes32 nonce,uint64 expiry)");

    address internal leader;
    uint256 internal leaderKey;
    address internal alice;
    uint256 internal aliceKey;
    address internal bob;
    uint256 internal bobKey;
    address internal carol;
    address internal dave;
    uint256 internal daveKey;
    address internal outsider;
    uint256 internal outsiderKey;

    uint64 internal expiry;

    function setUp() public {
        vm.warp(1_700_000_000);
        expiry = uint64(block.timestamp + 7 days);
        reg = new UnionRegistry();
        (leader, leaderKey) = _account("leader");
        (alice, aliceKey) = _account("alice");
        (bob, bobKey) = _account("bob");
        (carol,) = _account("carol");
        (dave, daveKey) = _account("dave");
        (outsider, outsiderKey) = _account("outsider");
        vm.prank(leader);
        id = reg.createUnion("Couriers", "Fair pay per delivery", keccak256("bylaws v1"));
    }

    // ------------------------------------------------------------------ helpers

    function _account(string memory name) internal returns (address a, uint256 key) {
        key = uint256(keccak256(bytes(name))) % (N - 1) + 1;
        a = vm.addr(key);
        vm.label(a, name);
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + x % (hi - lo + 1);
    }

    function _invite(uint256 unionId, address sponsor, address invitee, bytes32 nonce, uint64 exp)
        internal
        pure
        returns (Admission.Invite memory)
    {
        return Admission.Invite({unionId: unionId, sponsor: sponsor, invitee: invitee, nonce: nonce, expiry: exp});
    }

    /// @dev The EIP-712 domain separator, built by hand for `registry` on the current chain.
    function _domainSeparator(address registry) internal view returns (bytes32) {
        return
            keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("NetworkUnion"), keccak256("1"), block.chainid, registry));
    }

    /// @dev hashStruct(Invite): typehash then each field as a 32-byte word.
    function _structHash(Admission.Invite memory inv) internal pure returns (bytes32) {
        return keccak256(abi.encode(INVITE_TYPEHASH, inv.unionId, inv.sponsor, inv.invitee, inv.nonce, inv.expiry));
    }

    function _digest(address registry, Admission.Invite memory inv) internal view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(registry), _structHash(inv)));
    }

    /// @dev Signs the hand-built digest (not `inviteDigest`, so a contract bug cannot hide itself).
    function _sign(uint256 key, Admission.Invite memory inv) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(address(reg), inv));
        return abi.encodePacked(r, s, v);
    }

    function _redeem(address who, Admission.Invite memory inv, bytes memory sig) internal {
        vm.prank(who);
        reg.joinWithInvite(inv.unionId, inv, sig);
    }

    function _join(address who, address sponsor) internal {
        vm.prank(who);
        reg.join(id, sponsor);
    }

    function _inviteOnly() internal {
        vm.prank(leader);
        reg.setAdmissionPolicy(id, Admission.AdmissionPolicy.InviteOnly);
    }

    function _size() internal view returns (uint256 size) {
        (,,,, size) = reg.getUnion(id);
    }

    function _counts(address who, uint256 direct, uint256 base, string memory what) internal view {
        vm.assertEq(reg.directSupporters(id, who), direct, string.concat(what, ": directSupporters"));
        vm.assertEq(reg.supportBase(id, who), base, string.concat(what, ": supportBase"));
    }

    function _isMember(address who) internal view returns (bool) {
        return reg.roleOf(id, who) != SocialTree.Role.None;
    }

    // ------------------------------------------------------------------ EIP-712 encoding

    function test_domain_isNetworkUnionV1OnThisChainAndRegistry() public view {
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        ) = reg.eip712Domain();
        vm.assertEq(uint256(uint8(fields)), 0x0f, "fields: name, version, chainId, verifyingContract");
        vm.assertEq(name, "NetworkUnion", "name");
        vm.assertEq(version, "1", "version");
        vm.assertEq(chainId, block.chainid, "chainId");
        vm.assertEq(verifyingContract, address(reg), "verifyingContract");
        vm.assertEq(salt, bytes32(0), "no salt");
        vm.assertEq(extensions.length, 0, "no extensions");
        vm.assertEq(reg.INVITE_TYPEHASH(), INVITE_TYPEHASH, "typehash");
        vm.assertEq(
            INVITE_TYPEHASH, 0xbfe0ff3acbc83248ca1ba7946d538f39f9e68cd17289542eb8de299937fb2e76, "typehash value"
        );
    }

    function test_inviteDigest_matchesHandBuiltDigest() public view {
        Admission.Invite memory inv = _invite(id, alice, bob, keccak256("n1"), expiry);
        vm.assertEq(reg.inviteDigest(inv), _digest(address(reg), inv), "digest");
    }

    function test_inviteDigest_followsChainId() public {
        Admission.Invite memory inv = _invite(id, alice, bob, keccak256("n1"), expiry);
        bytes32 before = reg.inviteDigest(inv);
        vm.chainId(8453);
        vm.assertEq(reg.inviteDigest(inv), _digest(address(reg), inv), "digest on the new chain");
        vm.assertTrue(reg.inviteDigest(inv) != before, "another chain, another digest");
    }

    /// @dev A vector computed with viem's hashTypedData (what the extension signs with) for
    /// chainId 1 and verifyingContract 0xbeef; the registry's code is placed there with etch.
    function test_inviteDigest_matchesViemVector() public {
        address at = address(uint160(0xBEEF));
        vm.etch(at, address(reg).code);
        vm.chainId(1);
        Admission.Invite memory inv = _invite(7, address(uint160(0xA11CE)), address(uint160(0xB0B)), keccak256("nonce-1"), 1_893_456_000);
        vm.assertEq(inv.nonce, 0x9c6230254ac733f54ec47298f0a5ddaf93dc9efe6e05fb726dcb6faf10ddece2, "nonce");
        vm.assertEq(
            UnionRegistry(at).inviteDigest(inv),
            0xd1053dcfc6facca4fce7ce28690b997d58c3658b7ae47fe5c84907a43a40e60b,
            "viem digest"
        );
        vm.assertEq(UnionRegistry(at).inviteDigest(inv), _digest(at, inv), "hand-built digest");
    }

    // ------------------------------------------------------------------ admission policy

    function test_admissionPolicy_defaultsToOpen() public view {
        vm.assertEq(uint256(reg.admissionPolicy(id)), uint256(Admission.AdmissionPolicy.Open), "default");
        vm.assertEq(uint256(reg.admissionPolicy(99)), uint256(Admission.AdmissionPolicy.Open), "unknown");
    }

    function test_setAdmissionPolicy_leaderSetsAndEmits() public {
        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.AdmissionPolicySet(id, Admission.AdmissionPolicy.InviteOnly);
        _inviteOnly();
        vm.assertEq(uint256(reg.admissionPolicy(id)), uint256(Admission.AdmissionPolicy.InviteOnly), "set");

        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.AdmissionPolicySet(id, Admission.AdmissionPolicy.Open);
        vm.prank(leader);
        reg.setAdmissionPolicy(id, Admission.AdmissionPolicy.Open);
        vm.assertEq(uint256(reg.admissionPolicy(id)), uint256(Admission.AdmissionPolicy.Open), "back to open");
    }

    function test_setAdmissionPolicy_onlyLeader() public {
        _join(alice, leader);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Secretary");

        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, alice));
        vm.prank(alice); // an officer is not the leader
        reg.setAdmissionPolicy(id, Admission.AdmissionPolicy.InviteOnly);

        vm.expectRevert(abi.encodeWithSelector(Admission.NotLeader.selector, id, outsider));
        vm.prank(outsider);
        reg.setAdmissionPolicy(id, Admission.AdmissionPolicy.InviteOnly);

        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 99));
        vm.prank(leader);
        reg.setAdmissionPolicy(99, Admission.AdmissionPolicy.InviteOnly);

        vm.assertEq(uint256(reg.admissionPolicy(id)), uint256(Admission.AdmissionPolicy.Open), "unchanged");
    }

    function test_setAdmissionPolicy_isPerUnion() public {
        vm.prank(alice);
        uint256 id2 = reg.createUnion("Nurses", "Safe staffing", bytes32(0));
        _inviteOnly();
        vm.assertEq(uint256(reg.admissionPolicy(id2)), uint256(Admission.AdmissionPolicy.Open), "other union");
        vm.prank(bob);
        reg.join(id2, alice);
        vm.assertTrue(reg.roleOf(id2, bob) == SocialTree.Role.Member, "joined the open union");
    }

    function test_join_refusedInInviteOnlyUnion() public {
        _join(alice, leader);
        _inviteOnly();
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteRequired.selector, id));
        _join(bob, alice);
        vm.assertFalse(_isMember(bob), "not joined");
    }

    function test_join_allowedInOpenUnionAndAgainAfterReopening() public {
        _join(alice, leader);
        vm.assertTrue(_isMember(alice), "open");
        _inviteOnly();
        vm.prank(leader);
        reg.setAdmissionPolicy(id, Admission.AdmissionPolicy.Open);
        _join(bob, alice);
        vm.assertTrue(_isMember(bob), "reopened");
    }

    function test_join_unknownUnionStillUnknownUnion() public {
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 99));
        vm.prank(alice);
        reg.join(99, leader);
    }

    function test_inviteOnly_doesNotAffectExistingMembers() public {
        _join(alice, leader);
        _join(bob, leader);
        _inviteOnly();
        vm.prank(bob);
        reg.switchSponsor(id, alice);
        vm.assertEq(reg.sponsorOf(id, bob), alice, "switched");
    }

    function test_join_memberWhoLeftNeedsInviteToRejoinInviteOnlyUnion() public {
        _join(alice, leader);
        vm.prank(alice);
        reg.leave(id);
        _inviteOnly();
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteRequired.selector, id));
        _join(alice, leader);
    }

    // ------------------------------------------------------------------ joinWithInvite: success

    function test_joinWithInvite_inviteOnly_acceptsValidInvite() public {
        _join(alice, leader);
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, alice, bob, keccak256("n1"), expiry);
        bytes memory sig = _sign(aliceKey, inv);

        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.InviteUsed(id, alice, inv.nonce, bob);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Admission.Joined(id, bob, alice);
        _redeem(bob, inv, sig);

        vm.assertTrue(reg.roleOf(id, bob) == SocialTree.Role.Member, "member");
        vm.assertEq(reg.sponsorOf(id, bob), alice, "sponsor");
        vm.assertTrue(reg.inviteUsed(alice, inv.nonce), "used");
        vm.assertEq(reg.unionsOf(bob).length, 1, "unionsOf");
        vm.assertEq(reg.unionsOf(bob)[0], id, "unionsOf[0]");
    }

    function test_joinWithInvite_openUnion_works() public {
        Admission.Invite memory inv = _invite(id, leader, alice, keccak256("n1"), expiry);
        _redeem(alice, inv, _sign(leaderKey, inv));
        vm.assertEq(reg.sponsorOf(id, alice), leader, "sponsor");
        vm.assertTrue(reg.inviteUsed(leader, inv.nonce), "used");
    }

    function test_joinWithInvite_countsGoUpAsWithJoin() public {
        // Same tree built twice: with join in one union, with invites in another.
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob);

        vm.prank(leader);
        uint256 id2 = reg.createUnion("Couriers 2", "", bytes32(0));
        vm.prank(leader);
        reg.setAdmissionPolicy(id2, Admission.AdmissionPolicy.InviteOnly);
        Admission.Invite memory a = _invite(id2, leader, alice, "a", expiry);
        _redeem(alice, a, _sign(leaderKey, a));
        Admission.Invite memory b = _invite(id2, alice, bob, "b", expiry);
        _redeem(bob, b, _sign(aliceKey, b));
        Admission.Invite memory c = _invite(id2, bob, carol, "c", expiry);
        _redeem(carol, c, _sign(bobKey, c));

        address[4] memory who = [leader, alice, bob, carol];
        for (uint256 i = 0; i < who.length; i++) {
            vm.assertEq(reg.directSupporters(id2, who[i]), reg.directSupporters(id, who[i]), "directSupporters");
            vm.assertEq(reg.supportBase(id2, who[i]), reg.supportBase(id, who[i]), "supportBase");
            vm.assertEq(reg.sponsorOf(id2, who[i]), reg.sponsorOf(id, who[i]), "sponsor");
        }
        (,,,, uint256 size2) = reg.getUnion(id2);
        vm.assertEq(size2, 4, "size");
        vm.assertEq(size2, _size(), "size as with join");
        vm.assertEq(reg.supportBase(id2, leader), 3, "leader's base");
        vm.assertEq(reg.directSupporters(id2, bob), 1, "bob's direct");
    }

    function test_joinWithInvite_atExactExpiryStillValid() public {
        Admission.Invite memory inv = _invite(id, leader, alice, "n", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        vm.warp(expiry);
        _redeem(alice, inv, sig);
        vm.assertTrue(_isMember(alice), "joined at the expiry second");
    }

    function test_joinWithInvite_rejoinOfInactiveNodeBringsSupporters() public {
        // leader <- alice <- bob <- carol, leader <- dave; bob leaves, then rejoins under dave by invite.
        _join(alice, leader);
        _join(bob, alice);
        _join(carol, bob);
        _join(dave, leader);
        vm.prank(bob);
        reg.leave(id);
        _inviteOnly();
        _counts(alice, 0, 1, "alice after bob left");

        Admission.Invite memory inv = _invite(id, dave, bob, "back", expiry);
        _redeem(bob, inv, _sign(daveKey, inv));

        vm.assertEq(reg.sponsorOf(id, bob), dave, "bob under dave");
        vm.assertEq(reg.sponsorOf(id, carol), bob, "carol still under bob");
        _counts(alice, 0, 0, "alice");
        _counts(dave, 1, 2, "dave");
        _counts(bob, 1, 1, "bob");
        _counts(leader, 2, 4, "leader");
        vm.assertEq(reg.unionsOf(bob).length, 1, "not listed twice");
    }

    function test_joinWithInvite_noncesArePerSponsor() public {
        _join(alice, leader);
        Admission.Invite memory fromLeader = _invite(id, leader, bob, "same", expiry);
        Admission.Invite memory fromAlice = _invite(id, alice, carol, "same", expiry);
        _redeem(bob, fromLeader, _sign(leaderKey, fromLeader));
        vm.assertFalse(reg.inviteUsed(alice, "same"), "alice's nonce untouched");
        _redeem(carol, fromAlice, _sign(aliceKey, fromAlice));
        vm.assertTrue(reg.inviteUsed(alice, "same"), "alice's used");
    }

    // ------------------------------------------------------------------ joinWithInvite: refusals

    function test_joinWithInvite_refusesReusedInvite() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "once", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        _redeem(alice, inv, sig);
        vm.prank(alice);
        reg.leave(id);
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteAlreadyUsed.selector, leader, bytes32("once")));
        _redeem(alice, inv, sig);
        vm.assertFalse(_isMember(alice), "a used invite does not readmit");
    }

    function test_joinWithInvite_refusesExpiredInvite() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "late", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        vm.warp(uint256(expiry) + 1);
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteExpired.selector, expiry));
        _redeem(alice, inv, sig);
        vm.assertFalse(reg.inviteUsed(leader, "late"), "not used");
    }

    function test_joinWithInvite_refusesInviteSignedBySomeoneElse() public {
        _join(alice, leader);
        _inviteOnly();
        // Names alice as sponsor but is signed by the outsider.
        Admission.Invite memory inv = _invite(id, alice, bob, "forged", expiry);
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(bob, inv, _sign(outsiderKey, inv));
        vm.assertFalse(_isMember(bob), "not admitted");
        vm.assertFalse(reg.inviteUsed(alice, "forged"), "not used");
    }

    function test_joinWithInvite_refusesTamperedInvite() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "n", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        inv.expiry = expiry + 365 days;
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, sig);
        inv.expiry = expiry;
        inv.nonce = "other";
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, sig);
    }

    function test_joinWithInvite_refusesMalformedSignatures() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "n", expiry);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(leaderKey, _digest(address(reg), inv));

        bytes[] memory bad = new bytes[](7);
        bad[0] = "";
        bad[1] = abi.encodePacked(r, s); // 64 bytes: ERC-2098 short form is not accepted
        bad[2] = abi.encodePacked(r, s, v, uint8(0)); // 66 bytes
        bad[3] = abi.encodePacked(r, s, uint8(29)); // v neither 27 nor 28
        bad[4] = abi.encodePacked(r, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27)); // high s
        bad[5] = abi.encodePacked(bytes32(0), bytes32(0), v); // recovers to nobody
        bad[6] = new bytes(65);
        for (uint256 i = 0; i < bad.length; i++) {
            vm.expectRevert(Admission.InvalidInviteSignature.selector);
            _redeem(alice, inv, bad[i]);
        }
        _redeem(alice, inv, abi.encodePacked(r, s, v));
        vm.assertTrue(_isMember(alice), "the well-formed one works");
    }

    /// @dev A failed recovery yields address(0): an invite naming the zero address as sponsor must
    /// still be refused for its signature (not merely later, for the sponsor not being a member).
    function test_joinWithInvite_zeroSponsorWithBadSignatureIsInvalidSignature() public {
        Admission.Invite memory inv = _invite(id, address(0), alice, "z", expiry);
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, "");
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, new bytes(65));
    }

    function test_joinWithInvite_refusesInviteForOtherUnion() public {
        vm.prank(leader);
        uint256 id2 = reg.createUnion("Other", "", bytes32(0));
        Admission.Invite memory inv = _invite(id2, leader, alice, "n", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteForOtherUnion.selector, id2, id));
        vm.prank(alice);
        reg.joinWithInvite(id, inv, sig);
        // It still works where it belongs.
        vm.prank(alice);
        reg.joinWithInvite(id2, inv, sig);
        vm.assertFalse(_isMember(alice), "not in the first union");
        vm.assertTrue(reg.roleOf(id2, alice) == SocialTree.Role.Member, "in the second");
    }

    function test_joinWithInvite_refusesInviteFromAnotherRegistry() public {
        UnionRegistry other = new UnionRegistry();
        Admission.Invite memory inv = _invite(id, leader, alice, "n", expiry);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(leaderKey, _digest(address(other), inv));
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, abi.encodePacked(r, s, v));
    }

    function test_joinWithInvite_sponsorWhoLeftCannotAdmit() public {
        _join(alice, leader);
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, alice, bob, "n", expiry);
        bytes memory sig = _sign(aliceKey, inv);
        vm.prank(alice);
        reg.leave(id);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, alice));
        _redeem(bob, inv, sig);
        vm.assertFalse(reg.inviteUsed(alice, "n"), "the failed redemption left the invite unused");
    }

    function test_joinWithInvite_nonMemberCannotAdmit() public {
        Admission.Invite memory inv = _invite(id, outsider, bob, "n", expiry);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _redeem(bob, inv, _sign(outsiderKey, inv));
    }

    function test_joinWithInvite_refusesCallerWhoIsAMember() public {
        _join(alice, leader);
        Admission.Invite memory inv = _invite(id, leader, alice, "n", expiry);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.AlreadyMember.selector, id, alice));
        _redeem(alice, inv, _sign(leaderKey, inv));
        Admission.Invite memory toLeader = _invite(id, leader, leader, "n", expiry);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.AlreadyMember.selector, id, leader));
        _redeem(leader, toLeader, _sign(leaderKey, toLeader));
        vm.assertFalse(reg.inviteUsed(leader, "n"), "unused");
    }

    function test_joinWithInvite_unknownUnion() public {
        Admission.Invite memory inv = _invite(99, leader, alice, "n", expiry);
        vm.expectRevert(abi.encodeWithSelector(Admission.UnknownUnion.selector, 99));
        _redeem(alice, inv, _sign(leaderKey, inv));
    }

    function test_joinWithInvite_depthLimitHolds() public {
        // A chain of MAX_DEPTH members below the leader; the deepest one's invite would go one deeper.
        address sponsor = leader;
        uint256 sponsorKey = leaderKey;
        for (uint256 i = 0; i < reg.MAX_DEPTH(); i++) {
            uint256 k = uint256(keccak256(abi.encode("chain", i))) % (N - 1) + 1;
            address m = vm.addr(k);
            _join(m, sponsor);
            (sponsor, sponsorKey) = (m, k);
        }
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, sponsor, alice, "deep", expiry);
        vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, reg.MAX_DEPTH() + 1));
        _redeem(alice, inv, _sign(sponsorKey, inv));
    }

    function test_joinWithInvite_checksInTheDocumentedOrder() public {
        // Other union + expired + already used + bad signature: the union mismatch is reported first.
        vm.prank(leader);
        reg.cancelInvite("n");
        Admission.Invite memory inv = _invite(id + 1, leader, alice, "n", expiry);
        vm.warp(uint256(expiry) + 1);
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteForOtherUnion.selector, id + 1, id));
        vm.prank(alice);
        reg.joinWithInvite(id, inv, "");
        inv.unionId = id; // then the invitee
        vm.expectRevert(abi.encodeWithSelector(Admission.NotInvitee.selector, alice, bob));
        _redeem(bob, inv, "");
        // then the expiry
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteExpired.selector, expiry));
        _redeem(alice, inv, "");
        vm.warp(expiry); // then the use
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteAlreadyUsed.selector, leader, bytes32("n")));
        _redeem(alice, inv, "");
        inv.nonce = "fresh"; // then the signature
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, "");
    }

    /// @dev The attack the invitee closes: a watcher copies a pending joinWithInvite (or a code
    /// seen in a chat) and sends it first. The copy fails and the invite stays redeemable.
    function test_joinWithInvite_watcherCannotRedeemSomeoneElsesInvite() public {
        _join(alice, leader);
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, alice, bob, "for bob", expiry);
        bytes memory sig = _sign(aliceKey, inv);
        vm.expectRevert(abi.encodeWithSelector(Admission.NotInvitee.selector, bob, outsider));
        _redeem(outsider, inv, sig);
        vm.assertFalse(_isMember(outsider), "the watcher is not admitted");
        vm.assertFalse(reg.inviteUsed(alice, "for bob"), "the invite is not spent");
        _redeem(bob, inv, sig);
        vm.assertEq(reg.sponsorOf(id, bob), alice, "bob joins with it afterwards");
    }

    function test_joinWithInvite_inviteeIsSigned() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, bob, "n", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        inv.invitee = outsider; // rewritten to name the watcher
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(outsider, inv, sig);
        vm.assertFalse(_isMember(outsider), "not admitted");
    }

    // ------------------------------------------------------------------ cancelInvite

    function test_cancelInvite_marksUsedAndEmits() public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "c", expiry);
        bytes memory sig = _sign(leaderKey, inv);

        vm.expectEmit(true, false, false, true, address(reg));
        emit Admission.InviteCancelled(leader, "c");
        vm.prank(leader);
        reg.cancelInvite("c");
        vm.assertTrue(reg.inviteUsed(leader, "c"), "used");

        vm.expectRevert(abi.encodeWithSelector(Admission.InviteAlreadyUsed.selector, leader, bytes32("c")));
        _redeem(alice, inv, sig);
    }

    function test_cancelInvite_onlyTouchesTheCallersInvites() public {
        Admission.Invite memory inv = _invite(id, leader, alice, "c", expiry);
        vm.prank(outsider);
        reg.cancelInvite("c");
        vm.assertTrue(reg.inviteUsed(outsider, "c"), "outsider's own nonce");
        vm.assertFalse(reg.inviteUsed(leader, "c"), "leader's untouched");
        _redeem(alice, inv, _sign(leaderKey, inv));
        vm.assertTrue(_isMember(alice), "leader's invite still works");
    }

    function test_cancelInvite_refusesUsedOrCancelled() public {
        vm.prank(leader);
        reg.cancelInvite("c");
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteAlreadyUsed.selector, leader, bytes32("c")));
        vm.prank(leader);
        reg.cancelInvite("c");

        Admission.Invite memory inv = _invite(id, leader, alice, "r", expiry);
        _redeem(alice, inv, _sign(leaderKey, inv));
        vm.expectRevert(abi.encodeWithSelector(Admission.InviteAlreadyUsed.selector, leader, bytes32("r")));
        vm.prank(leader);
        reg.cancelInvite("r");
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_inviteDigest_matchesHandBuilt(
        uint256 unionId,
        address sponsor,
        address invitee,
        bytes32 nonce,
        uint64 exp
    ) public view {
        Admission.Invite memory inv = _invite(unionId, sponsor, invitee, nonce, exp);
        vm.assertEq(reg.inviteDigest(inv), _digest(address(reg), inv), "digest");
    }

    function testFuzz_joinWithInvite_expiry(uint64 exp, uint256 warpTo) public {
        exp = uint64(_bound(exp, 1, type(uint64).max - 1));
        warpTo = _bound(warpTo, 0, uint256(type(uint64).max));
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "x", exp);
        bytes memory sig = _sign(leaderKey, inv);
        vm.warp(warpTo);
        if (warpTo > exp) vm.expectRevert(abi.encodeWithSelector(Admission.InviteExpired.selector, exp));
        _redeem(alice, inv, sig);
        vm.assertEq(_isMember(alice), warpTo <= exp, "admitted iff not expired");
        vm.assertEq(reg.inviteUsed(leader, "x"), warpTo <= exp, "used iff admitted");
    }

    function testFuzz_joinWithInvite_onlyTheSponsorsKeyWorks(
        uint256 sponsorKey,
        uint256 signerKey,
        bytes32 nonce,
        address invitee
    ) public {
        sponsorKey = _bound(sponsorKey, 1, N - 1);
        signerKey = _bound(signerKey, 1, N - 1);
        address sponsor = vm.addr(sponsorKey);
        vm.assume(invitee != address(0) && invitee != sponsor && invitee != leader && sponsor != leader);
        _join(sponsor, leader);
        _inviteOnly();

        Admission.Invite memory inv = _invite(id, sponsor, invitee, nonce, expiry);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, reg.inviteDigest(inv));
        bool genuine = vm.addr(signerKey) == sponsor;
        if (!genuine) vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(invitee, inv, abi.encodePacked(r, s, v));
        vm.assertEq(_isMember(invitee), genuine, "admitted iff signed by the sponsor");
        if (genuine) {
            vm.assertEq(reg.sponsorOf(id, invitee), sponsor, "under the sponsor");
            _counts(sponsor, 1, 1, "sponsor");
            vm.assertEq(_size(), 3, "size");
        }
    }

    function testFuzz_joinWithInvite_onlyTheInviteeRedeems(address caller) public {
        vm.assume(caller != bob);
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, bob, "only bob", expiry);
        bytes memory sig = _sign(leaderKey, inv);
        vm.expectRevert(abi.encodeWithSelector(Admission.NotInvitee.selector, bob, caller));
        _redeem(caller, inv, sig);
        vm.assertFalse(reg.inviteUsed(leader, "only bob"), "unspent");
        _redeem(bob, inv, sig);
        vm.assertTrue(_isMember(bob), "bob admitted");
    }

    function testFuzz_joinWithInvite_garbageSignatureRefused(bytes memory sig) public {
        _inviteOnly();
        Admission.Invite memory inv = _invite(id, leader, alice, "g", expiry);
        vm.expectRevert(Admission.InvalidInviteSignature.selector);
        _redeem(alice, inv, sig);
    }
}
