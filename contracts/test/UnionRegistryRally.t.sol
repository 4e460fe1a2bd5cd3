// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {Vm} from "./utils/Vm.sol";
import {Admission} from "../src/registry/Admission.sol";
import {Rallies} from "../src/registry/Rallies.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Rallies: who may post, validation at the boundaries, answers, counts, events, and a fuzz
/// test against a small reference model. Deadlines are inclusive: an answer in the block whose
/// timestamp equals the deadline counts; one second later the rally is closed.
/// "Couriers" (`id`): leader, alice (officer), bob, carol, dave. "Nurses" (`other`): erin leads,
/// bob and carol are members too.
contract UnionRegistryRallyTest is CouriersFixture {
    uint256 internal other;

    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant MAX_DURATION = 30 days;

    string internal constant TEXT = "Call the depot at 9 and ask about the new rota";
    string internal constant URI = "https://example.org/rota";

    function setUp() public {
        vm.warp(T0);
        _createCouriers();
        _join(id, alice, leader);
        _join(id, bob, alice);
        _join(id, carol, leader);
        _join(id, dave, bob);
        vm.prank(leader);
        reg.setOfficer(id, alice, "Organizer");

        vm.prank(erin);
        other = reg.createUnion("Nurses", "Safe staffing", keccak256("bylaws nurses"));
        _join(other, bob, erin);
        _join(other, carol, bob);
    }

    // ------------------------------------------------------------------ helpers

    function _join(uint256 unionId, address who, address sponsor) internal {
        vm.prank(who);
        reg.join(unionId, sponsor);
    }

    function _leave(uint256 unionId, address who) internal {
        vm.prank(who);
        reg.leave(unionId);
    }

    function _post(address author, uint256 unionId, uint64 deadline) internal returns (uint256) {
        vm.prank(author);
        return reg.postRally(unionId, TEXT, URI, deadline);
    }

    function _post(address author, uint256 unionId) internal returns (uint256) {
        return _post(author, unionId, uint64(block.timestamp + 1 days));
    }

    function _answer(address who, uint256 rallyId) internal {
        vm.prank(who);
        reg.answerRally(rallyId);
    }

    function _expectAnswerRevert(address who, uint256 rallyId, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(who);
        reg.answerRally(rallyId);
    }

    function _expectPostRevert(
        address who,
        uint256 unionId,
        string memory text,
        string memory uri,
        uint64 deadline,
        bytes memory err
    ) internal {
        vm.expectRevert(err);
        vm.prank(who);
        reg.postRally(unionId, text, uri, deadline);
    }

    function _answers(uint256 rallyId) internal view returns (uint256 answers) {
        (,,,,,, answers) = reg.getRally(rallyId);
    }

    function _deadline(uint256 rallyId) internal view returns (uint64 deadline) {
        (,,,, deadline,,) = reg.getRally(rallyId);
    }

    function _repeat(string memory unit, uint256 n) internal pure returns (string memory s) {
        for (uint256 i = 0; i < n; i++) {
            s = string.concat(s, unit);
        }
    }

    function _bytes(uint256 n) internal pure returns (string memory) {
        bytes memory b = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            b[i] = bytes1(uint8(0x61 + i % 26));
        }
        return string(b);
    }

    function _notAuthor(uint256 unionId, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Rallies.NotRallyAuthor.selector, unionId, who);
    }

    function _notMember(uint256 unionId, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(SocialTree.NotAMember.selector, unionId, who);
    }

    function _closed(uint256 rallyId, uint64 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Rallies.RallyClosed.selector, rallyId, deadline);
    }

    function _already(uint256 rallyId, address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Rallies.AlreadyAnswered.selector, rallyId, who);
    }

    function _badDeadline(uint64 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Rallies.InvalidDeadline.selector, deadline);
    }

    // ------------------------------------------------------------------ posting: who may

    function test_postRally_byLeader_storesEverything() public {
        uint64 deadline = T0 + 2 days;
        vm.prank(leader);
        uint256 rallyId = reg.postRally(id, TEXT, URI, deadline);

        vm.assertEq(rallyId, 1, "ids count from 1");
        vm.assertEq(reg.rallyCount(), 1, "rallyCount");
        (
            uint256 unionId,
            address author,
            string memory text,
            string memory uri,
            uint64 d,
            uint64 postedAt,
            uint32 answers
        ) = reg.getRally(rallyId);
        vm.assertEq(unionId, id, "unionId");
        vm.assertEq(author, leader, "author");
        vm.assertEq(text, TEXT, "text");
        vm.assertEq(uri, URI, "uri");
        vm.assertEq(uint256(d), deadline, "deadline");
        vm.assertEq(uint256(postedAt), T0, "postedAt");
        vm.assertEq(uint256(answers), 0, "no answers yet");
    }

    function test_postRally_byOfficer() public {
        uint256 rallyId = _post(alice, id);
        (, address author,,,,,) = reg.getRally(rallyId);
        vm.assertEq(author, alice, "officer is the author");
    }

    function test_postRally_byMember_reverts() public {
        _expectPostRevert(bob, id, TEXT, URI, T0 + 1 days, _notAuthor(id, bob));
    }

    function test_postRally_byOutsider_reverts() public {
        _expectPostRevert(outsider, id, TEXT, URI, T0 + 1 days, _notAuthor(id, outsider));
    }

    function test_postRally_byRemovedOfficer_reverts() public {
        vm.prank(leader);
        reg.removeOfficer(id, alice);
        _expectPostRevert(alice, id, TEXT, URI, T0 + 1 days, _notAuthor(id, alice));
    }

    function test_postRally_byOfficerWhoLeft_reverts() public {
        _leave(id, alice);
        _expectPostRevert(alice, id, TEXT, URI, T0 + 1 days, _notAuthor(id, alice));
    }

    function test_postRally_newlyAppointedOfficer_mayPost() public {
        _expectPostRevert(carol, id, TEXT, URI, T0 + 1 days, _notAuthor(id, carol));
        vm.prank(leader);
        reg.setOfficer(id, carol, "Steward");
        _post(carol, id);
        vm.assertEq(reg.rallyCount(), 1, "posted once appointed");
    }

    function test_postRally_leaderOfAnotherUnion_reverts() public {
        _expectPostRevert(erin, id, TEXT, URI, T0 + 1 days, _notAuthor(id, erin));
        // alice is an officer of `id`, not of `other`.
        _expectPostRevert(alice, other, TEXT, URI, T0 + 1 days, _notAuthor(other, alice));
    }

    function test_postRally_unknownUnion_reverts() public {
        _expectPostRevert(leader, 0, TEXT, URI, T0 + 1 days, abi.encodeWithSelector(Admission.UnknownUnion.selector, 0));
        _expectPostRevert(leader, 3, TEXT, URI, T0 + 1 days, abi.encodeWithSelector(Admission.UnknownUnion.selector, 3));
    }

    function test_postRally_authorizationCheckedBeforeContent() public {
        _expectPostRevert(bob, id, "", URI, 0, _notAuthor(id, bob));
    }

    function test_postRally_idsCountAcrossUnions() public {
        vm.assertEq(_post(leader, id), 1, "first");
        vm.assertEq(_post(erin, other), 2, "second, other union");
        vm.assertEq(_post(alice, id), 3, "third");
        vm.assertEq(reg.rallyCount(), 3, "rallyCount");
        (uint256 u1,,,,,,) = reg.getRally(1);
        (uint256 u2,,,,,,) = reg.getRally(2);
        (uint256 u3,,,,,,) = reg.getRally(3);
        vm.assertEq(u1, id, "rally 1 union");
        vm.assertEq(u2, other, "rally 2 union");
        vm.assertEq(u3, id, "rally 3 union");
    }

    function test_postRally_emitsRallyPosted() public {
        uint64 deadline = T0 + 3 days;
        vm.expectEmit(true, true, true, true, address(reg));
        emit Rallies.RallyPosted(id, 1, alice, TEXT, URI, deadline);
        vm.prank(alice);
        reg.postRally(id, TEXT, URI, deadline);
    }

    function test_postRally_doesNotCountAsAnAnswer() public {
        uint256 rallyId = _post(leader, id);
        vm.assertFalse(reg.hasAnswered(rallyId, leader), "author has not answered");
        vm.assertEq(uint256(reg.ralliesAnswered(id, leader)), 0, "author track record");
    }

    // ------------------------------------------------------------------ posting: text and uri

    function test_postRally_textBoundaries() public {
        _expectPostRevert(leader, id, "", URI, T0 + 1 days, abi.encodeWithSelector(Rallies.InvalidRallyText.selector));

        vm.prank(leader);
        uint256 one = reg.postRally(id, "x", URI, T0 + 1 days);
        (,, string memory t1,,,,) = reg.getRally(one);
        vm.assertEq(t1, "x", "1 byte kept");

        string memory longest = _bytes(280);
        vm.prank(leader);
        uint256 max = reg.postRally(id, longest, URI, T0 + 1 days);
        (,, string memory t280,,,,) = reg.getRally(max);
        vm.assertEq(t280, longest, "280 bytes kept whole");

        _expectPostRevert(
            leader, id, _bytes(281), URI, T0 + 1 days, abi.encodeWithSelector(Rallies.InvalidRallyText.selector)
        );
    }

    /// @dev The limit is in bytes, not characters: "é" is two bytes in UTF-8.
    function test_postRally_textLimitIsInBytes() public {
        string memory fits = _repeat(unicode"é", 140); // 280 bytes
        vm.prank(leader);
        uint256 rallyId = reg.postRally(id, fits, "", T0 + 1 days);
        (,, string memory text,,,,) = reg.getRally(rallyId);
        vm.assertEq(text, fits, "140 two-byte characters");

        _expectPostRevert(
            leader,
            id,
            string.concat(fits, "a"), // 281 bytes
            "",
            T0 + 1 days,
            abi.encodeWithSelector(Rallies.InvalidRallyText.selector)
        );
    }

    function test_postRally_uriBoundaries() public {
        vm.prank(leader);
        uint256 none = reg.postRally(id, TEXT, "", T0 + 1 days);
        (,,, string memory u0,,,) = reg.getRally(none);
        vm.assertEq(u0, "", "empty uri allowed");

        string memory longest = _bytes(200);
        vm.prank(leader);
        uint256 max = reg.postRally(id, TEXT, longest, T0 + 1 days);
        (,,, string memory u200,,,) = reg.getRally(max);
        vm.assertEq(u200, longest, "200 bytes kept whole");

        _expectPostRevert(
            leader, id, TEXT, _bytes(201), T0 + 1 days, abi.encodeWithSelector(Rallies.InvalidRallyUri.selector)
        );
    }

    // ------------------------------------------------------------------ posting: deadline

    function test_postRally_deadlineBoundaries() public {
        _expectPostRevert(leader, id, TEXT, URI, 0, _badDeadline(0));
        _expectPostRevert(leader, id, TEXT, URI, T0 - 1, _badDeadline(T0 - 1));
        _expectPostRevert(leader, id, TEXT, URI, T0, _badDeadline(T0)); // now is not the future

        uint256 soonest = _post(leader, id, T0 + 1);
        vm.assertEq(uint256(_deadline(soonest)), T0 + 1, "one second ahead");

        uint256 latest = _post(leader, id, T0 + MAX_DURATION);
        vm.assertEq(uint256(_deadline(latest)), T0 + MAX_DURATION, "exactly 30 days ahead");

        _expectPostRevert(leader, id, TEXT, URI, T0 + MAX_DURATION + 1, _badDeadline(T0 + MAX_DURATION + 1));
        _expectPostRevert(leader, id, TEXT, URI, type(uint64).max, _badDeadline(type(uint64).max));
    }

    function test_postRally_deadlineWindowFollowsTheClock() public {
        vm.warp(T0 + 100 days);
        _expectPostRevert(leader, id, TEXT, URI, T0 + 1 days, _badDeadline(T0 + 1 days));
        uint256 rallyId = _post(leader, id, T0 + 100 days + MAX_DURATION);
        (,,,,, uint64 postedAt,) = reg.getRally(rallyId);
        vm.assertEq(uint256(postedAt), T0 + 100 days, "postedAt is the block time");
    }

    function test_maxConstants() public view {
        vm.assertEq(reg.MAX_RALLY_TEXT(), 280, "text");
        vm.assertEq(reg.MAX_RALLY_URI(), 200, "uri");
        vm.assertEq(reg.MAX_RALLY_DURATION(), 30 days, "duration");
    }

    /// @dev Accepted exactly when 1 <= text <= 280, uri <= 200 and now < deadline <= now + 30 days;
    /// otherwise the first failing rule's error, in the order text, uri, deadline.
    function testFuzz_postRally_validation(uint16 textLen, uint16 uriLen, uint64 deadline) public {
        textLen = uint16(textLen % 320);
        uriLen = uint16(uriLen % 240);
        if (deadline % 2 == 0) deadline = uint64(T0 - 2 days + deadline % (MAX_DURATION + 4 days)); // near the window
        string memory text = _bytes(textLen);
        string memory uri = _bytes(uriLen);

        bytes memory err;
        if (textLen == 0 || textLen > 280) err = abi.encodeWithSelector(Rallies.InvalidRallyText.selector);
        else if (uriLen > 200) err = abi.encodeWithSelector(Rallies.InvalidRallyUri.selector);
        else if (deadline <= T0 || deadline > T0 + MAX_DURATION) err = _badDeadline(deadline);

        if (err.length != 0) {
            _expectPostRevert(leader, id, text, uri, deadline, err);
            vm.assertEq(reg.rallyCount(), 0, "nothing posted");
        } else {
            vm.prank(leader);
            uint256 rallyId = reg.postRally(id, text, uri, deadline);
            (,, string memory t, string memory u, uint64 d,,) = reg.getRally(rallyId);
            vm.assertEq(t, text, "text");
            vm.assertEq(u, uri, "uri");
            vm.assertEq(uint256(d), deadline, "deadline");
        }
    }

    // ------------------------------------------------------------------ answering

    function test_answerRally_byMember() public {
        uint256 rallyId = _post(leader, id);
        _answer(bob, rallyId);
        vm.assertEq(_answers(rallyId), 1, "answers");
        vm.assertTrue(reg.hasAnswered(rallyId, bob), "hasAnswered");
        vm.assertFalse(reg.hasAnswered(rallyId, carol), "carol has not");
        vm.assertEq(uint256(reg.ralliesAnswered(id, bob)), 1, "track record");
    }

    function test_answerRally_leaderAndOfficerAreMembersToo() public {
        uint256 rallyId = _post(alice, id);
        _answer(leader, rallyId);
        _answer(alice, rallyId); // the author may answer its own rally
        vm.assertEq(_answers(rallyId), 2, "answers");
        vm.assertEq(uint256(reg.ralliesAnswered(id, leader)), 1, "leader");
        vm.assertEq(uint256(reg.ralliesAnswered(id, alice)), 1, "officer");
    }

    function test_answerRally_twice_reverts() public {
        uint256 rallyId = _post(leader, id);
        _answer(bob, rallyId);
        _expectAnswerRevert(bob, rallyId, _already(rallyId, bob));
        vm.assertEq(_answers(rallyId), 1, "still one answer");
        vm.assertEq(uint256(reg.ralliesAnswered(id, bob)), 1, "still one in the record");
    }

    function test_answerRally_byOutsider_reverts() public {
        uint256 rallyId = _post(leader, id);
        _expectAnswerRevert(outsider, rallyId, _notMember(id, outsider));
    }

    function test_answerRally_byMemberOfAnotherUnion_reverts() public {
        uint256 rallyId = _post(erin, other);
        _expectAnswerRevert(leader, rallyId, _notMember(other, leader));
        _expectAnswerRevert(alice, rallyId, _notMember(other, alice));
    }

    function test_answerRally_memberWhoLeft_reverts() public {
        uint256 rallyId = _post(leader, id);
        _leave(id, carol);
        _expectAnswerRevert(carol, rallyId, _notMember(id, carol));
    }

    function test_answerRally_officerWhoLeft_reverts() public {
        uint256 rallyId = _post(alice, id);
        _leave(id, alice);
        _expectAnswerRevert(alice, rallyId, _notMember(id, alice));
    }

    /// @dev Membership is checked when answering, not when the rally was posted.
    function test_answerRally_memberWhoJoinedAfterPosting() public {
        uint256 rallyId = _post(leader, id);
        _join(id, outsider, carol);
        _answer(outsider, rallyId);
        vm.assertEq(_answers(rallyId), 1, "late joiner counted");
    }

    /// @dev Leaving keeps the record; rejoining does not allow a second answer to the same rally.
    function test_answerRally_leaveAndRejoin_keepsRecordAndOneAnswer() public {
        uint256 first = _post(leader, id);
        _answer(carol, first);
        _leave(id, carol);
        vm.assertEq(_answers(first), 1, "answer stays after leaving");
        vm.assertEq(uint256(reg.ralliesAnswered(id, carol)), 1, "record stays after leaving");
        vm.assertTrue(reg.hasAnswered(first, carol), "hasAnswered stays");

        _join(id, carol, bob);
        _expectAnswerRevert(carol, first, _already(first, carol));
        uint256 second = _post(leader, id);
        _answer(carol, second);
        vm.assertEq(uint256(reg.ralliesAnswered(id, carol)), 2, "record grows after rejoining");
    }

    function test_answerRally_atDeadline_succeeds() public {
        uint256 rallyId = _post(leader, id, T0 + 1 hours);
        vm.warp(T0 + 1 hours); // inclusive: the deadline second itself is still open
        _answer(bob, rallyId);
        vm.assertEq(_answers(rallyId), 1, "answered at the deadline");
    }

    function test_answerRally_afterDeadline_reverts() public {
        uint64 deadline = T0 + 1 hours;
        uint256 rallyId = _post(leader, id, deadline);
        vm.warp(deadline + 1);
        _expectAnswerRevert(bob, rallyId, _closed(rallyId, deadline));
        vm.warp(deadline + 365 days);
        _expectAnswerRevert(bob, rallyId, _closed(rallyId, deadline));
        vm.assertEq(_answers(rallyId), 0, "no answers");
    }

    function test_answerRally_oneSecondRally() public {
        uint256 rallyId = _post(leader, id, T0 + 1);
        _answer(bob, rallyId); // same block as the post
        vm.warp(T0 + 1);
        _answer(carol, rallyId);
        vm.warp(T0 + 2);
        _expectAnswerRevert(dave, rallyId, _closed(rallyId, T0 + 1));
        vm.assertEq(_answers(rallyId), 2, "answers");
    }

    function test_answerRally_unknownRally_reverts() public {
        _expectAnswerRevert(bob, 0, abi.encodeWithSelector(Rallies.UnknownRally.selector, 0));
        _expectAnswerRevert(bob, 1, abi.encodeWithSelector(Rallies.UnknownRally.selector, 1));
        uint256 rallyId = _post(leader, id);
        _expectAnswerRevert(bob, rallyId + 1, abi.encodeWithSelector(Rallies.UnknownRally.selector, rallyId + 1));
    }

    /// @dev Documented order: UnknownRally, RallyClosed, NotAMember, AlreadyAnswered.
    function test_answerRally_errorOrder() public {
        uint64 deadline = T0 + 1 days;
        uint256 rallyId = _post(leader, id, deadline);
        _answer(bob, rallyId);
        _expectAnswerRevert(outsider, rallyId + 1, abi.encodeWithSelector(Rallies.UnknownRally.selector, 2));
        vm.warp(deadline + 1);
        _expectAnswerRevert(outsider, rallyId, _closed(rallyId, deadline)); // closed before membership
        _expectAnswerRevert(bob, rallyId, _closed(rallyId, deadline)); // closed before already-answered
    }

    function test_getRally_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Rallies.UnknownRally.selector, 0));
        reg.getRally(0);
        vm.expectRevert(abi.encodeWithSelector(Rallies.UnknownRally.selector, 1));
        reg.getRally(1);
    }

    function test_reads_unknownAreEmpty() public view {
        vm.assertEq(reg.rallyCount(), 0, "rallyCount");
        vm.assertFalse(reg.hasAnswered(1, bob), "hasAnswered of an unknown rally");
        vm.assertEq(uint256(reg.ralliesAnswered(99, bob)), 0, "ralliesAnswered of an unknown union");
    }

    function test_answerRally_emitsRallyAnswered() public {
        _post(leader, id);
        uint256 rallyId = _post(erin, other);
        vm.expectEmit(true, true, true, true, address(reg));
        emit Rallies.RallyAnswered(other, rallyId, carol);
        _answer(carol, rallyId);
    }

    function test_answerRally_emitsExactlyOneLog() public {
        uint256 rallyId = _post(leader, id);
        vm.recordLogs();
        _answer(dave, rallyId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        vm.assertEq(logs.length, 1, "one log");
        vm.assertEq(logs[0].emitter, address(reg), "emitter");
        vm.assertEq(logs[0].data, "", "no data: every field is indexed");
        bytes32[] memory topics = logs[0].topics;
        vm.assertEq(topics.length, 4, "signature + three indexed");
        vm.assertEq(topics[0], keccak256("RallyAnswered(uint256,uint256,address)"), "signature");
        vm.assertEq(uint256(topics[1]), id, "unionId");
        vm.assertEq(uint256(topics[2]), rallyId, "rallyId");
        vm.assertEq(address(uint160(uint256(topics[3]))), dave, "member");
    }

    // ------------------------------------------------------------------ counts

    function test_counts_answersPerRallyAndRecordPerMember() public {
        uint256 r1 = _post(leader, id);
        uint256 r2 = _post(alice, id);
        uint256 r3 = _post(leader, id);

        _answer(bob, r1);
        _answer(carol, r1);
        _answer(dave, r1);
        _answer(bob, r2);
        _answer(bob, r3);
        _answer(carol, r3);

        vm.assertEq(_answers(r1), 3, "r1");
        vm.assertEq(_answers(r2), 1, "r2");
        vm.assertEq(_answers(r3), 2, "r3");
        vm.assertEq(uint256(reg.ralliesAnswered(id, bob)), 3, "bob");
        vm.assertEq(uint256(reg.ralliesAnswered(id, carol)), 2, "carol");
        vm.assertEq(uint256(reg.ralliesAnswered(id, dave)), 1, "dave");
        vm.assertEq(uint256(reg.ralliesAnswered(id, alice)), 0, "alice");
    }

    function test_counts_separateUnionsDoNotMix() public {
        uint256 a = _post(leader, id);
        uint256 b = _post(erin, other);

        _answer(bob, b); // bob is in both unions
        vm.assertEq(uint256(reg.ralliesAnswered(other, bob)), 1, "bob in other");
        vm.assertEq(uint256(reg.ralliesAnswered(id, bob)), 0, "bob in id untouched");
        vm.assertFalse(reg.hasAnswered(a, bob), "not an answer to the other union's rally");
        vm.assertEq(_answers(a), 0, "a untouched");

        _answer(bob, a);
        _answer(carol, a);
        vm.assertEq(uint256(reg.ralliesAnswered(id, bob)), 1, "bob in id");
        vm.assertEq(uint256(reg.ralliesAnswered(other, bob)), 1, "bob in other unchanged");
        vm.assertEq(uint256(reg.ralliesAnswered(other, carol)), 0, "carol in other");
        vm.assertEq(_answers(a), 2, "a");
        vm.assertEq(_answers(b), 1, "b");
    }

    // ------------------------------------------------------------------ fuzz: answers against a model

    uint256 internal constant ACTORS = 7;
    uint256 internal constant RALLIES = 3;

    /// @dev Reference model of the fuzz run: membership, answers and counts, kept by hand.
    struct Model {
        address[ACTORS] actors;
        uint256[2] unions;
        uint256[RALLIES] rallies;
        uint256[RALLIES] rallyUnion; // index into `unions`
        uint64[RALLIES] deadlines;
        bool[ACTORS][2] member;
        bool[ACTORS][RALLIES] answered;
        uint256[RALLIES] answers;
        uint256[ACTORS][2] record;
    }

    /// @dev Random answers by random actors (members, leaders, an outsider) to three rallies in two
    /// unions, mixed with warps (some landing exactly on a deadline) and members leaving and
    /// rejoining. Every call's outcome must match the model, and after every step each rally's
    /// `answers` equals the number of distinct members who answered it up to its deadline.
    function testFuzz_answers_matchModel(uint256 seed, uint8 steps, uint32 d0, uint32 d1, uint32 d2) public {
        Model memory m;
        m.actors = [leader, alice, bob, carol, dave, erin, outsider];
        m.unions = [id, other];
        // leader, alice, bob, carol, dave in `id`; erin, bob, carol in `other`.
        m.member[0] = [true, true, true, true, true, false, false];
        m.member[1] = [false, false, true, true, false, true, false];

        uint32[RALLIES] memory offsets = [d0, d1, d2];
        for (uint256 r = 0; r < RALLIES; r++) {
            m.rallyUnion[r] = r == 2 ? 1 : 0;
            m.deadlines[r] = uint64(T0 + 1 + offsets[r] % MAX_DURATION);
            m.rallies[r] = _post(r == 2 ? erin : leader, m.unions[m.rallyUnion[r]], m.deadlines[r]);
        }

        uint256 n = 1 + steps % 64;
        for (uint256 i = 0; i < n; i++) {
            uint256 rnd = uint256(keccak256(abi.encode(seed, i)));
            uint256 op = rnd % 10;
            rnd >>= 8;
            if (op == 0) {
                vm.warp(block.timestamp + rnd % 5 days); // may be zero
            } else if (op == 1) {
                uint64 d = m.deadlines[rnd % RALLIES];
                if (d >= block.timestamp) vm.warp(d + (rnd >> 8) % 2); // on the deadline, or just after
            } else if (op == 2) {
                _toggleMembership(m, rnd % 2, (rnd >> 8) % ACTORS);
            } else {
                _answerAndCheck(m, rnd % RALLIES, (rnd >> 8) % ACTORS);
            }
            _checkCounts(m);
        }

        for (uint256 r = 0; r < RALLIES; r++) {
            for (uint256 a = 0; a < ACTORS; a++) {
                vm.assertEq(reg.hasAnswered(m.rallies[r], m.actors[a]), m.answered[r][a], "hasAnswered");
            }
        }
        for (uint256 u = 0; u < 2; u++) {
            for (uint256 a = 0; a < ACTORS; a++) {
                vm.assertEq(uint256(reg.ralliesAnswered(m.unions[u], m.actors[a])), m.record[u][a], "ralliesAnswered");
            }
        }
    }

    function _answerAndCheck(Model memory m, uint256 r, uint256 a) internal {
        uint256 rallyId = m.rallies[r];
        uint256 u = m.rallyUnion[r];
        address who = m.actors[a];
        bytes memory expected;
        if (block.timestamp > m.deadlines[r]) expected = _closed(rallyId, m.deadlines[r]);
        else if (!m.member[u][a]) expected = _notMember(m.unions[u], who);
        else if (m.answered[r][a]) expected = _already(rallyId, who);

        vm.prank(who);
        try reg.answerRally(rallyId) {
            vm.assertEq(expected.length, 0, "answer accepted only when the model accepts it");
            m.answered[r][a] = true;
            m.answers[r] += 1;
            m.record[u][a] += 1;
        } catch (bytes memory err) {
            vm.assertEq(err, expected, "refused with the model's error");
        }
    }

    function _toggleMembership(Model memory m, uint256 u, uint256 a) internal {
        address who = m.actors[a];
        uint256 unionId = m.unions[u];
        if (reg.roleOf(unionId, who) == SocialTree.Role.Leader) return;
        if (m.member[u][a]) {
            _leave(unionId, who);
            m.member[u][a] = false;
        } else {
            _join(unionId, who, u == 0 ? leader : erin);
            m.member[u][a] = true;
        }
    }

    function _checkCounts(Model memory m) internal view {
        for (uint256 r = 0; r < RALLIES; r++) {
            uint256 distinct;
            for (uint256 a = 0; a < ACTORS; a++) {
                if (m.answered[r][a]) distinct++;
            }
            vm.assertEq(m.answers[r], distinct, "model: one answer per distinct member");
            vm.assertEq(_answers(m.rallies[r]), distinct, "answers == distinct members who answered in time");
        }
    }
}
