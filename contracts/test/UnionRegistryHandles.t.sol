// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {Vm} from "./utils/Vm.sol";
import {Handles} from "../src/registry/Handles.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Messaging keys published with proof of possession, and challenges of squatted handles.
contract UnionRegistryHandlesTest is CouriersFixture {
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    string internal constant HANDLE = "x:alice";
    address internal officer;

    function setUp() public {
        vm.warp(1_700_000_000);
        _createCouriers();
        officer = makeAddr("officer");
        _join(officer, leader);
        vm.prank(leader);
        reg.setOfficer(id, officer, "Secretary");
        _join(alice, leader);
        _join(bob, alice);
    }

    // ------------------------------------------------------------------ helpers

    function _compressed(uint256 privateKey) internal returns (bytes memory) {
        Vm.Wallet memory w = vm.createWallet(privateKey);
        return abi.encodePacked(w.publicKeyY % 2 == 0 ? bytes1(0x02) : bytes1(0x03), bytes32(w.publicKeyX));
    }

    /// @dev The digest built by hand from EIP-712, not read from the contract.
    function _keyDigest(address account) internal view returns (bytes32) {
        bytes32 domain =
            keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("NetworkUnion"), keccak256("1"), block.chainid, address(reg)));
        bytes32 structHash = keccak256(abi.encode(keccak256("MessagingKey(address account)"), account));
        return keccak256(abi.encodePacked(hex"1901", domain, structHash));
    }

    function _proof(uint256 privateKey, address account) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, _keyDigest(account));
        return abi.encodePacked(r, s, v);
    }

    function _challenge(address voucher, address challenger, string memory handle) internal {
        vm.prank(voucher);
        reg.challengeHandle(id, challenger, handle);
    }

    // ------------------------------------------------------------------ messaging keys

    function test_setEncryptionKey_storesAKeyThatSignedTheAccount() public {
        uint256 messagingKey = uint256(keccak256("alice messaging")) % (N - 1) + 1;
        bytes memory key = _compressed(messagingKey);
        vm.assertEq(reg.messagingKeyDigest(alice), _keyDigest(alice), "digest");
        vm.expectEmit(true, false, false, true, address(reg));
        emit Handles.EncryptionKeySet(alice, key);
        vm.prank(alice);
        reg.setEncryptionKey(key, _proof(messagingKey, alice));
        vm.assertEq(reg.encryptionKeyOf(alice), key, "stored");
        vm.assertEq(reg.encryptionKeyOf(bob).length, 0, "others unaffected");
    }

    /// @dev The attack: bob publishes alice's key (copied from the chain) as his own, to pass her
    /// signed messages off as his. Her proof names her account, so it does not work for his.
    function test_setEncryptionKey_refusesSomeoneElsesKey() public {
        uint256 messagingKey = uint256(keccak256("alice messaging")) % (N - 1) + 1;
        bytes memory key = _compressed(messagingKey);
        bytes memory proof = _proof(messagingKey, alice);
        vm.prank(alice);
        reg.setEncryptionKey(key, proof);

        vm.expectRevert(Handles.InvalidKeyProof.selector);
        vm.prank(bob);
        reg.setEncryptionKey(key, proof); // replayed
        uint256 bobsKey = uint256(keccak256("bob messaging")) % (N - 1) + 1;
        vm.expectRevert(Handles.InvalidKeyProof.selector);
        vm.prank(bob);
        reg.setEncryptionKey(key, _proof(bobsKey, bob)); // his own signature over her key
        vm.assertEq(reg.encryptionKeyOf(bob).length, 0, "bob has no key");
    }

    function test_setEncryptionKey_rejectsMalformedKeysAndProofs() public {
        uint256 messagingKey = 0xA11CE;
        bytes memory good = _compressed(messagingKey);
        bytes memory proof = _proof(messagingKey, alice);
        vm.prank(alice);
        reg.setEncryptionKey(good, proof);

        bytes memory flipped = bytes.concat(good);
        flipped[0] = flipped[0] == bytes1(0x02) ? bytes1(0x03) : bytes1(0x02); // the other y: another key
        bytes memory offCurve = abi.encodePacked(bytes1(0x02), bytes32(uint256(5))); // x = 5: no y
        bytes memory beyondField = abi.encodePacked(bytes1(0x02), bytes32(P));
        bytes[] memory bad = new bytes[](6);
        bad[0] = "";
        bad[1] = abi.encodePacked(bytes1(0x04), bytes32(uint256(1)));
        bad[2] = bytes.concat(good, hex"00");
        bad[3] = offCurve;
        bad[4] = beyondField;
        bad[5] = abi.encodePacked(bytes1(0x02), bytes31(0));
        for (uint256 i = 0; i < bad.length; i++) {
            vm.expectRevert(Handles.InvalidEncryptionKey.selector);
            vm.prank(alice);
            reg.setEncryptionKey(bad[i], proof);
        }
        vm.expectRevert(Handles.InvalidKeyProof.selector);
        vm.prank(alice);
        reg.setEncryptionKey(flipped, proof);
        vm.expectRevert(Handles.InvalidKeyProof.selector);
        vm.prank(alice);
        reg.setEncryptionKey(good, "");
        vm.assertEq(reg.encryptionKeyOf(alice), good, "previous key kept");
    }

    function testFuzz_setEncryptionKey_onlyTheKeysOwnSignatureOfTheCaller(uint256 keySeed, uint256 signerSeed, address caller)
        public
    {
        uint256 messagingKey = keySeed % (N - 1) + 1;
        uint256 signer = signerSeed % 4 == 0 ? signerSeed % (N - 1) + 1 : messagingKey;
        bytes memory key = _compressed(messagingKey);
        bool genuine = vm.addr(signer) == vm.addr(messagingKey);
        if (!genuine) vm.expectRevert(Handles.InvalidKeyProof.selector);
        vm.prank(caller);
        reg.setEncryptionKey(key, _proof(signer, caller));
        vm.assertEq(reg.encryptionKeyOf(caller), genuine ? key : bytes(""), "stored iff the key signed the caller");
    }

    function testFuzz_setEncryptionKey_garbageKeysRefused(bytes memory key) public {
        vm.assume(key.length != 33 || (key[0] != 0x02 && key[0] != 0x03));
        vm.expectRevert(Handles.InvalidEncryptionKey.selector);
        vm.prank(alice);
        reg.setEncryptionKey(key, new bytes(65));
    }

    // ------------------------------------------------------------------ challenges

    /// @dev The squatter claims alice's handle first; the officer, who saw her bio proof,
    /// challenges; nobody of the union backs the squatter; a week later alice takes it over.
    function test_challenge_takesASquattedHandleOverAfterThePeriod() public {
        _claim(outsider, HANDLE);
        uint64 deadline = uint64(block.timestamp) + reg.CHALLENGE_PERIOD();
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.HandleChallenged(keccak256(bytes(HANDLE)), outsider, alice, id, officer, deadline, HANDLE);
        _challenge(officer, alice, HANDLE);
        Handles.Challenge memory c = reg.challengeOf(HANDLE, alice);
        vm.assertEq(c.challenger, alice, "challenger");
        vm.assertEq(uint256(c.deadline), uint256(deadline), "deadline");

        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeStillOpen.selector, HANDLE, deadline));
        vm.prank(alice);
        reg.takeHandle(HANDLE);

        vm.warp(uint256(deadline) + 1);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.HandleUnclaimed(outsider, keccak256(bytes(HANDLE)), HANDLE);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.HandleClaimed(alice, keccak256(bytes(HANDLE)), HANDLE);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.Vouched(id, alice, officer, HANDLE);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.HandleTakenOver(keccak256(bytes(HANDLE)), outsider, alice, id, HANDLE);
        vm.prank(alice);
        reg.takeHandle(HANDLE);

        vm.assertEq(reg.ownerOfHandle(HANDLE), alice, "alice holds it");
        vm.assertEq(reg.claimsOf(outsider).length, 0, "the squatter holds nothing");
        vm.assertEq(reg.claimOn(alice, "x"), HANDLE, "listed for alice");
        (bool vouched, address voucher) = reg.vouchOf(id, alice, HANDLE);
        vm.assertTrue(vouched, "the challenge's check is a vouch for the new claim");
        vm.assertEq(voucher, officer, "by the officer");
        vm.assertEq(reg.challengeOf(HANDLE, alice).challenger, address(0), "challenge spent");
    }

    function test_challenge_defendedByTheUnionKeepsTheHolder() public {
        _claim(bob, HANDLE); // bob holds it; alice says it is hers
        _challenge(officer, alice, HANDLE);
        vm.prank(leader); // the leader checks bob's bio and vouches for him
        reg.vouch(id, bob, HANDLE);

        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.expectRevert(abi.encodeWithSelector(Handles.ClaimDefended.selector, HANDLE, id));
        vm.prank(alice);
        reg.takeHandle(HANDLE);

        vm.expectEmit(true, true, true, true, address(reg));
        emit Handles.ChallengeDefended(keccak256(bytes(HANDLE)), bob, alice);
        reg.defendHandle(HANDLE, alice);
        vm.assertEq(reg.ownerOfHandle(HANDLE), bob, "bob keeps it");
        vm.assertEq(reg.challengeOf(HANDLE, alice).challenger, address(0), "challenge over");
        vm.expectRevert(abi.encodeWithSelector(Handles.ClaimDefended.selector, HANDLE, id));
        _challenge(officer, alice, HANDLE);
    }

    /// @dev A plain sponsor's vouch is cheap to get in an open union: it neither defends a claim
    /// nor backs a challenge.
    function test_challenge_onlyLeadersAndOfficersChallengeOrDefend() public {
        _claim(outsider, HANDLE);
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToChallenge.selector, id, alice));
        _challenge(alice, bob, HANDLE); // alice is bob's sponsor, not an officer
        vm.expectRevert(abi.encodeWithSelector(Handles.NotAllowedToChallenge.selector, id, officer));
        _challenge(officer, officer, HANDLE); // not for oneself

        _join(outsider, bob); // the squatter joins under bob, who vouches for him
        vm.prank(bob);
        reg.vouch(id, outsider, HANDLE);
        _challenge(officer, alice, HANDLE);
        uint64 deadline = reg.challengeOf(HANDLE, alice).deadline;
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeStillOpen.selector, HANDLE, deadline));
        reg.defendHandle(HANDLE, alice);
        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.prank(alice);
        reg.takeHandle(HANDLE);
        vm.assertEq(reg.ownerOfHandle(HANDLE), alice, "a sponsor's vouch did not defend");
    }

    function test_challenge_refusals() public {
        vm.expectRevert(abi.encodeWithSelector(Handles.NothingToChallenge.selector, HANDLE));
        _challenge(officer, alice, HANDLE); // unclaimed: claim it instead
        _claim(alice, HANDLE);
        vm.expectRevert(abi.encodeWithSelector(Handles.NothingToChallenge.selector, HANDLE));
        _challenge(officer, alice, HANDLE); // already hers
        vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, outsider));
        _challenge(officer, outsider, HANDLE); // only for a member

        _challenge(officer, bob, HANDLE);
        uint64 deadline = reg.challengeOf(HANDLE, bob).deadline;
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengePending.selector, HANDLE, bob, deadline));
        _challenge(leader, bob, HANDLE); // one at a time per challenger
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeStillOpen.selector, HANDLE, deadline));
        reg.defendHandle(HANDLE, bob); // nothing to defend with yet: alice holds no vouch
        vm.expectRevert(abi.encodeWithSelector(Handles.NoChallenge.selector, HANDLE, carol));
        reg.defendHandle(HANDLE, carol);
        vm.expectRevert(abi.encodeWithSelector(Handles.NoChallenge.selector, HANDLE, officer));
        vm.prank(officer);
        reg.takeHandle(HANDLE); // only the challenger takes
    }

    function test_challenge_lapses() public {
        _claim(outsider, HANDLE);
        _challenge(officer, alice, HANDLE);
        uint64 deadline = reg.challengeOf(HANDLE, alice).deadline;

        // Not taken in time: it lapses and a new challenge may start.
        vm.warp(uint256(deadline) + reg.CHALLENGE_PERIOD() + 1);
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        vm.prank(alice);
        reg.takeHandle(HANDLE);
        _challenge(officer, alice, HANDLE);

        // The voucher loses its office: the challenge falls with it.
        deadline = reg.challengeOf(HANDLE, alice).deadline;
        vm.prank(leader);
        reg.removeOfficer(id, officer);
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        vm.prank(alice);
        reg.takeHandle(HANDLE);

        // The holder gives the handle up and claims it again: a new claim, the old challenge is moot.
        _challenge(leader, alice, HANDLE);
        vm.prank(outsider);
        reg.unclaimHandle(HANDLE);
        _claim(outsider, HANDLE);
        vm.assertEq(reg.challengeOf(HANDLE, alice).challenger, address(0), "moot for the new claim");
        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        vm.prank(alice);
        reg.takeHandle(HANDLE);
    }

    /// @dev A squatter's own union keeps a challenge of the squatted handle running for a sock
    /// puppet: it must not hold the place of the genuine owner's challenge.
    function test_challenge_challengesRunSideBySide() public {
        vm.prank(outsider);
        uint256 squatters = reg.createUnion("Squatters", "", bytes32(0));
        address sock = makeAddr("sock");
        vm.prank(sock);
        reg.join(squatters, outsider);
        _claim(outsider, HANDLE);
        vm.prank(outsider);
        reg.challengeHandle(squatters, sock, HANDLE);
        _challenge(officer, alice, HANDLE);
        vm.assertEq(reg.challengeOf(HANDLE, sock).unionId, squatters, "the sock's challenge");
        vm.assertEq(reg.challengeOf(HANDLE, alice).unionId, id, "alice's challenge");

        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.prank(alice);
        reg.takeHandle(HANDLE);
        vm.assertEq(reg.ownerOfHandle(HANDLE), alice, "the first taken wins");
        vm.assertEq(reg.challengeOf(HANDLE, sock).challenger, address(0), "the other lapses with the claim");
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        vm.prank(sock);
        reg.takeHandle(HANDLE);
    }

    function test_challenge_challengerWhoLeftCannotTake() public {
        _claim(outsider, HANDLE);
        _challenge(officer, bob, HANDLE);
        vm.prank(bob);
        reg.leave(id);
        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        vm.prank(bob);
        reg.takeHandle(HANDLE);
        vm.assertEq(reg.ownerOfHandle(HANDLE), outsider, "unchanged");
    }

    /// @dev The takeover moves the handle between the owners' lists and leaves both consistent.
    function test_challenge_takeoverKeepsClaimListsConsistent() public {
        _claim(outsider, "x:first");
        _claim(outsider, HANDLE);
        _claim(outsider, "facebook:alice");
        _claim(alice, "facebook:alice.smith");
        _challenge(officer, alice, HANDLE);
        vm.warp(block.timestamp + reg.CHALLENGE_PERIOD() + 1);
        vm.prank(alice);
        reg.takeHandle(HANDLE);
        string[] memory left = reg.claimsOf(outsider);
        vm.assertEq(left.length, 2, "two left");
        vm.assertEq(left[0], "x:first", "first kept");
        vm.assertEq(left[1], "facebook:alice", "last moved into the gap");
        vm.assertEq(reg.claimOn(outsider, "x"), "x:first", "outsider's x claim");
        vm.assertEq(reg.claimOn(alice, "x"), HANDLE, "alice's x claim");
        vm.assertEq(reg.claimOn(alice, "facebook"), "facebook:alice.smith", "alice's facebook claim");
        vm.prank(alice);
        reg.unclaimHandle(HANDLE); // and it can be given up as any claim
        vm.assertEq(reg.claimOn(alice, "x"), "", "gone");
    }

    function testFuzz_challenge_takeoverOnlyInItsWindow(uint256 wait) public {
        wait = wait % (3 * uint256(reg.CHALLENGE_PERIOD()));
        _claim(outsider, HANDLE);
        _challenge(officer, alice, HANDLE);
        uint256 period = reg.CHALLENGE_PERIOD();
        vm.warp(block.timestamp + wait);
        if (wait <= period) {
            vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeStillOpen.selector, HANDLE, reg.challengeOf(HANDLE, alice).deadline));
        } else if (wait > 2 * period) {
            vm.expectRevert(abi.encodeWithSelector(Handles.ChallengeLapsed.selector, HANDLE));
        }
        vm.prank(alice);
        reg.takeHandle(HANDLE);
        vm.assertEq(reg.ownerOfHandle(HANDLE), wait > period && wait <= 2 * period ? alice : outsider, "owner");
    }
}
