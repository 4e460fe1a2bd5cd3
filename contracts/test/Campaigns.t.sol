// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CouriersFixture} from "./utils/CouriersFixture.sol";
import {Campaigns, IUnionRoles} from "../src/Campaigns.sol";
import {UnionToken} from "../src/UnionToken.sol";

/// @dev The one cheatcode beyond `utils/Vm.sol` these tests need.
interface VmDeal {
    function deal(address account, uint256 newBalance) external;
}

/// @dev A backer whose `receive` tries to take its refund a second time.
contract GreedyBacker {
    Campaigns internal immutable campaigns;
    uint256 internal campaignId;
    bytes public caught;

    constructor(Campaigns campaigns_) {
        campaigns = campaigns_;
    }

    function back(uint256 id) external payable {
        campaignId = id;
        campaigns.pledge{value: msg.value}(id);
    }

    function takeBack() external {
        campaigns.refund(campaignId);
    }

    receive() external payable {
        try campaigns.refund(campaignId) {} catch (bytes memory reason) {
            caught = reason;
        }
    }
}

contract CampaignsTest is CouriersFixture {
    VmDeal internal constant cheats = VmDeal(address(uint160(uint256(keccak256("hevm cheat code")))));

    Campaigns internal campaigns;
    UnionToken internal token;
    address internal officer;
    address internal payee;
    uint256 internal signerKey = 0xA11CE;
    address internal signer;

    function setUp() public {
        _createCouriers();
        campaigns = new Campaigns(IUnionRoles(address(reg)));
        token = new UnionToken(leader, 1_000 ether);
        officer = carol;
        payee = makeAddr("payee");
        signer = vm.addr(signerKey);
        vm.startPrank(leader);
        reg.setUnionToken(id, address(token));
        token.transfer(alice, 100 ether);
        token.transfer(bob, 100 ether);
        vm.stopPrank();
        for (uint256 i = 0; i < 4; i++) {
            address who = [alice, bob, carol, signer][i];
            vm.prank(who);
            reg.join(id, leader);
            cheats.deal(who, 100 ether);
        }
        vm.prank(leader);
        reg.setOfficer(id, officer, "Organiser");
    }

    function _terms(address asset, uint256 goal) internal view returns (Campaigns.Terms memory t) {
        string[] memory steps = new string[](3);
        steps[0] = "Letter";
        steps[1] = "Every member posts";
        steps[2] = "Boycott";
        t = Campaigns.Terms({
            unionId: id,
            kind: Campaigns.Kind.BulkPurchase,
            targetName: "Grain Co",
            targetUri: "https://grain.example",
            demand: "Sell us 10 tonnes at the bulk price.",
            token: asset,
            goal: goal,
            payee: goal == 0 ? address(0) : payee,
            deadline: uint64(block.timestamp + 7 days),
            steps: steps
        });
    }

    function _open(address asset, uint256 goal) internal returns (uint256) {
        vm.prank(leader);
        return campaigns.open(_terms(asset, goal));
    }

    function _pledge(address who, uint256 cid, uint256 amount) internal {
        vm.prank(who);
        campaigns.pledge{value: amount}(cid);
    }

    function _pledgeToken(address who, uint256 cid, uint256 amount) internal {
        vm.startPrank(who);
        token.approve(address(campaigns), amount);
        campaigns.pledgeToken(cid, amount);
        vm.stopPrank();
    }

    function _outcome(uint256 cid, Campaigns.Status status) internal {
        vm.prank(leader);
        campaigns.recordOutcome(cid, status, "https://evidence.example/1", keccak256("letter"));
    }

    function _pastDeadline() internal {
        vm.warp(block.timestamp + 7 days + 1);
    }

    // --- open ---

    function test_open_storesTermsAndEmits() public {
        Campaigns.Terms memory t = _terms(address(0), 1 ether);
        vm.expectEmit(true, true, true, true, address(campaigns));
        emit Campaigns.CampaignOpened(1, id, leader, t);
        vm.prank(leader);
        uint256 cid = campaigns.open(t);
        vm.assertEq(cid, 1, "first id");
        Campaigns.Campaign memory c = campaigns.getCampaign(cid);
        vm.assertEq(c.unionId, id, "union");
        vm.assertEq(c.goal, 1 ether, "goal");
        vm.assertEq(c.payee, payee, "payee");
        vm.assertEq(uint256(c.stepCount), 3, "ladder");
        vm.assertEq(uint256(c.step), 0, "first step is current");
        vm.assertEq(c.demandHash, sha256(bytes(t.demand)), "demand hash");
        vm.assertEq(uint256(c.status), uint256(Campaigns.Status.Open), "open");
    }

    function test_open_officerMayMemberMayNot() public {
        vm.prank(officer);
        campaigns.open(_terms(address(0), 0));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotCampaignLead.selector, id, alice));
        campaigns.open(_terms(address(0), 0));
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotCampaignLead.selector, id, outsider));
        campaigns.open(_terms(address(0), 0));
    }

    function test_open_refusesBadTerms() public {
        Campaigns.Terms memory t = _terms(address(0), 1 ether);
        t.token = address(0xBEEF);
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.InvalidAsset.selector, address(0xBEEF)));
        campaigns.open(t);

        t = _terms(address(0), 1 ether);
        t.payee = address(0);
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.InvalidPayee.selector, address(0)));
        campaigns.open(t);

        t = _terms(address(0), 0);
        t.payee = payee;
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.InvalidPayee.selector, payee));
        campaigns.open(t);

        t = _terms(address(0), 0);
        t.deadline = uint64(block.timestamp);
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.InvalidCampaignDeadline.selector, t.deadline));
        campaigns.open(t);

        t = _terms(address(0), 0);
        t.steps = new string[](0);
        vm.prank(leader);
        vm.expectRevert(Campaigns.InvalidLadder.selector);
        campaigns.open(t);

        t = _terms(address(0), 0);
        t.targetName = "";
        vm.prank(leader);
        vm.expectRevert(Campaigns.InvalidTarget.selector);
        campaigns.open(t);

        t = _terms(address(0), 0);
        t.demand = "";
        vm.prank(leader);
        vm.expectRevert(Campaigns.InvalidDemand.selector);
        campaigns.open(t);
    }

    // --- pledge ---

    function test_pledgeEth_heldInEscrowAndCounted() public {
        uint256 cid = _open(address(0), 1 ether);
        _pledge(alice, cid, 0.3 ether);
        _pledge(alice, cid, 0.2 ether);
        _pledge(bob, cid, 0.1 ether);
        Campaigns.Campaign memory c = campaigns.getCampaign(cid);
        vm.assertEq(c.raised, 0.6 ether, "raised");
        vm.assertEq(uint256(c.backers), 2, "two backers");
        vm.assertEq(campaigns.pledgeOf(cid, alice), 0.5 ether, "alice's pledge");
        vm.assertEq(address(campaigns).balance, 0.6 ether, "escrow holds it");
        vm.assertEq(campaigns.owed(address(0)), 0.6 ether, "owed");
    }

    function test_pledgeToken_heldInEscrow() public {
        uint256 cid = _open(address(token), 50 ether);
        _pledgeToken(alice, cid, 20 ether);
        vm.assertEq(token.balanceOf(address(campaigns)), 20 ether, "escrow holds tokens");
        vm.assertEq(token.balanceOf(alice), 80 ether, "taken from alice");
        vm.assertEq(campaigns.owed(address(token)), 20 ether, "owed");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPledgeable.selector, cid));
        campaigns.pledge{value: 1 ether}(cid);
    }

    function test_pledge_refusedWhenClosedOrUnfunded() public {
        uint256 unfunded = _open(address(0), 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPledgeable.selector, unfunded));
        campaigns.pledge{value: 1 ether}(unfunded);

        uint256 cid = _open(address(0), 1 ether);
        vm.prank(alice);
        vm.expectRevert(Campaigns.ZeroPledge.selector);
        campaigns.pledge(cid);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPledgeable.selector, cid));
        campaigns.pledgeToken(cid, 1 ether);
        _pastDeadline();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.CampaignClosed.selector, cid));
        campaigns.pledge{value: 1 ether}(cid);
    }

    // --- sign ---

    function test_sign_oncePerMember() public {
        uint256 cid = _open(address(0), 0);
        vm.prank(alice);
        campaigns.sign(cid);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.AlreadySigned.selector, cid, alice));
        campaigns.sign(cid);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotUnionMember.selector, id, outsider));
        campaigns.sign(cid);
        vm.assertEq(uint256(campaigns.getCampaign(cid).signatures), 1, "one signature");
        vm.assertTrue(campaigns.hasSigned(cid, alice), "alice signed");
    }

    function test_signFor_relaysAnEip712SignatureOnce() public {
        uint256 cid = _open(address(0), 0);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, campaigns.supportDigest(cid, signer));
        bytes memory signature = abi.encodePacked(r, s, v);
        vm.expectEmit(true, true, false, false, address(campaigns));
        emit Campaigns.Signed(cid, signer);
        vm.prank(bob);
        campaigns.signFor(cid, signer, signature);
        vm.assertEq(uint256(campaigns.getCampaign(cid).signatures), 1, "counted for the signer");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.AlreadySigned.selector, cid, signer));
        campaigns.signFor(cid, signer, signature);
        vm.prank(signer);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.AlreadySigned.selector, cid, signer));
        campaigns.sign(cid);
        vm.expectRevert(Campaigns.InvalidSupportSignature.selector);
        campaigns.signFor(cid, alice, signature);
    }

    // --- escalate ---

    function test_escalate_leaderOrOfficerOnlyUpTheLadder() public {
        uint256 cid = _open(address(0), 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotCampaignLead.selector, id, alice));
        campaigns.escalate(cid);
        vm.expectEmit(true, true, false, true, address(campaigns));
        emit Campaigns.Escalated(cid, id, 1, leader);
        vm.prank(leader);
        campaigns.escalate(cid);
        vm.prank(officer);
        campaigns.escalate(cid);
        vm.assertEq(uint256(campaigns.getCampaign(cid).step), 2, "last step");
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.LadderEnd.selector, cid));
        campaigns.escalate(cid);
    }

    // --- outcome, payout ---

    function test_payout_toPayeeOnceAfterAWinWithTheGoalMet() public {
        uint256 cid = _open(address(0), 1 ether);
        _pledge(alice, cid, 0.6 ether);
        _pledge(bob, cid, 0.4 ether);
        _outcome(cid, Campaigns.Status.Won);
        campaigns.payout(cid);
        vm.assertEq(payee.balance, 1 ether, "payee paid everything raised");
        vm.assertEq(address(campaigns).balance, 0, "escrow empty");
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPayable.selector, cid));
        campaigns.payout(cid);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotRefundable.selector, cid));
        campaigns.refund(cid);
    }

    function test_payout_tokenOnPartlyWon() public {
        uint256 cid = _open(address(token), 30 ether);
        _pledgeToken(alice, cid, 30 ether);
        _outcome(cid, Campaigns.Status.PartlyWon);
        campaigns.payout(cid);
        vm.assertEq(token.balanceOf(payee), 30 ether, "payee paid in tokens");
        vm.assertEq(campaigns.owed(address(token)), 0, "nothing owed");
    }

    function test_payout_neverWithoutSuccess() public {
        uint256 cid = _open(address(0), 1 ether);
        _pledge(alice, cid, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPayable.selector, cid));
        campaigns.payout(cid);
        _pastDeadline();
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPayable.selector, cid));
        campaigns.payout(cid);
        _outcome(cid, Campaigns.Status.Lost);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPayable.selector, cid));
        campaigns.payout(cid);

        uint256 short = _open(address(0), 2 ether);
        _pledge(bob, short, 1 ether);
        _outcome(short, Campaigns.Status.Won);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotPayable.selector, short));
        campaigns.payout(short);
        vm.prank(bob);
        campaigns.refund(short);
        vm.assertEq(bob.balance, 100 ether, "a win below the goal refunds");
    }

    function test_recordOutcome_onceByLeadWithinTheWindow() public {
        uint256 cid = _open(address(0), 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotCampaignLead.selector, id, alice));
        campaigns.recordOutcome(cid, Campaigns.Status.Won, "", bytes32(0));
        vm.prank(leader);
        vm.expectRevert(Campaigns.InvalidOutcome.selector);
        campaigns.recordOutcome(cid, Campaigns.Status.Open, "", bytes32(0));
        vm.expectEmit(true, true, false, true, address(campaigns));
        emit Campaigns.OutcomeRecorded(cid, id, Campaigns.Status.Won, "https://evidence.example/1", keccak256("letter"));
        _outcome(cid, Campaigns.Status.Won);
        vm.prank(leader);
        vm.expectRevert(Campaigns.InvalidOutcome.selector);
        campaigns.recordOutcome(cid, Campaigns.Status.Lost, "", bytes32(0));
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.CampaignClosed.selector, cid));
        campaigns.escalate(cid);

        uint256 late = _open(address(0), 0);
        vm.warp(block.timestamp + 7 days + campaigns.OUTCOME_WINDOW() + 1);
        vm.prank(leader);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.OutcomeTooLate.selector, late));
        campaigns.recordOutcome(late, Campaigns.Status.Won, "", bytes32(0));
    }

    // --- refunds ---

    function test_refund_afterAMissedGoalExactlyOnce() public {
        uint256 cid = _open(address(0), 5 ether);
        _pledge(alice, cid, 1 ether);
        _pledge(bob, cid, 2 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotRefundable.selector, cid));
        campaigns.refund(cid);
        _pastDeadline();
        vm.expectEmit(true, true, false, true, address(campaigns));
        emit Campaigns.Refunded(cid, alice, 1 ether);
        vm.prank(alice);
        campaigns.refund(cid);
        vm.prank(bob);
        campaigns.refund(cid);
        vm.assertEq(alice.balance, 100 ether, "alice whole");
        vm.assertEq(bob.balance, 100 ether, "bob whole");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NothingToRefund.selector, cid, alice));
        campaigns.refund(cid);
        vm.assertEq(address(campaigns).balance, 0, "escrow empty");
    }

    function test_refund_afterWithdrawalInTokens() public {
        uint256 cid = _open(address(token), 50 ether);
        _pledgeToken(alice, cid, 10 ether);
        _outcome(cid, Campaigns.Status.Withdrawn);
        vm.prank(alice);
        campaigns.refund(cid);
        vm.assertEq(token.balanceOf(alice), 100 ether, "tokens back");
        vm.assertEq(campaigns.owed(address(token)), 0, "nothing owed");
    }

    function test_refund_afterALossWithTheGoalMet() public {
        uint256 cid = _open(address(0), 1 ether);
        _pledge(alice, cid, 1 ether);
        _outcome(cid, Campaigns.Status.Lost);
        vm.prank(alice);
        campaigns.refund(cid);
        vm.assertEq(alice.balance, 100 ether, "refunded");
    }

    function test_refund_whenNoOutcomeWasRecordedInTime() public {
        uint256 cid = _open(address(0), 1 ether);
        _pledge(alice, cid, 1 ether);
        _pastDeadline();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Campaigns.NotRefundable.selector, cid));
        campaigns.refund(cid);
        vm.warp(block.timestamp + campaigns.OUTCOME_WINDOW());
        vm.prank(alice);
        campaigns.refund(cid);
        vm.assertEq(alice.balance, 100 ether, "refunded after the window");
    }

    function test_refund_reentryCannotTakeTwice() public {
        uint256 cid = _open(address(0), 5 ether);
        GreedyBacker greedy = new GreedyBacker(campaigns);
        greedy.back{value: 1 ether}(cid);
        _pledge(alice, cid, 1 ether);
        _outcome(cid, Campaigns.Status.Withdrawn);
        greedy.takeBack();
        vm.assertEq(address(greedy).balance, 1 ether, "one refund only");
        vm.assertEq(address(campaigns).balance, 1 ether, "alice's pledge still held");
        vm.assertGt(greedy.caught().length, 0, "the nested refund was refused");
    }

    function test_unknownCampaign() public {
        vm.expectRevert(abi.encodeWithSelector(Campaigns.UnknownCampaign.selector, 9));
        campaigns.getCampaign(9);
        vm.assertFalse(campaigns.refundable(9), "unknown is not refundable");
    }
}
