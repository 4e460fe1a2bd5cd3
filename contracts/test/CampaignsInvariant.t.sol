// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {console} from "./utils/console.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {UnionToken} from "../src/UnionToken.sol";
import {Campaigns, IUnionRoles} from "../src/Campaigns.sol";

interface VmDealInvariant {
    function deal(address account, uint256 newBalance) external;
}

/// @dev Four members pledge, refund, and the leader opens, escalates and decides campaigns in ETH
/// and in the union's token while time passes. Every call may revert; successes are tallied.
contract CampaignsHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    VmDealInvariant internal constant cheats = VmDealInvariant(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 public constant ACTORS = 4;

    Campaigns public immutable campaigns;
    UnionToken public immutable token;
    uint256 public immutable unionId;
    address public immutable leader;
    address public immutable payee;
    address[] public actors;

    uint256 public calls;
    uint256 public pledges;
    uint256 public refunds;
    uint256 public payouts;
    uint256 public outcomes;
    uint256 public wrongPledgeAnswers;

    constructor(Campaigns campaigns_, UnionToken token_, uint256 unionId_, address leader_, address[] memory actors_) {
        campaigns = campaigns_;
        token = token_;
        unionId = unionId_;
        leader = leader_;
        actors = actors_;
        payee = address(0xFA1EE);
    }

    function open(bool inToken, uint256 goal) external {
        calls++;
        string[] memory steps = new string[](2);
        steps[0] = "Letter";
        steps[1] = "Boycott";
        goal = 1 + goal % 4 ether;
        vm.prank(leader);
        campaigns.open(
            Campaigns.Terms({
                unionId: unionId,
                kind: Campaigns.Kind.Other,
                targetName: "Target",
                targetUri: "",
                demand: "Demand",
                token: inToken ? address(token) : address(0),
                goal: goal,
                payee: payee,
                deadline: uint64(block.timestamp + 3 days),
                steps: steps
            })
        );
    }

    /// @dev A pledge to a campaign still open must succeed; any refusal of one is counted.
    function pledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external {
        calls++;
        uint256 cid = _campaign(campaignSeed);
        address actor = actors[actorSeed % ACTORS];
        amount = 1 + amount % 2 ether;
        Campaigns.Campaign memory c = campaigns.getCampaign(cid);
        bool open = c.status == Campaigns.Status.Open && block.timestamp <= c.deadline;
        bool ok;
        vm.startPrank(actor);
        if (c.token == address(0)) {
            try campaigns.pledge{value: amount}(cid) {
                ok = true;
            } catch {}
        } else {
            token.approve(address(campaigns), amount);
            try campaigns.pledgeToken(cid, amount) {
                ok = true;
            } catch {}
        }
        vm.stopPrank();
        if (ok) pledges++;
        if (ok != open) wrongPledgeAnswers++;
    }

    function refund(uint256 actorSeed, uint256 campaignSeed) external {
        calls++;
        uint256 cid = _campaign(campaignSeed);
        vm.prank(actors[actorSeed % ACTORS]);
        try campaigns.refund(cid) {
            refunds++;
        } catch {}
    }

    function payout(uint256 campaignSeed) external {
        calls++;
        try campaigns.payout(_campaign(campaignSeed)) {
            payouts++;
        } catch {}
    }

    function decide(uint256 campaignSeed, uint8 statusSeed) external {
        calls++;
        uint256 cid = _campaign(campaignSeed);
        vm.prank(leader);
        try campaigns.recordOutcome(cid, Campaigns.Status(1 + statusSeed % 4), "", bytes32(0)) {
            outcomes++;
        } catch {}
    }

    function wait(uint256 secondsSeed) external {
        calls++;
        vm.warp(block.timestamp + secondsSeed % 1 days);
    }

    /// @dev One of the two newest campaigns, so pledges meet refunds and payouts. Call before a
    /// prank: it makes a call of its own.
    function _campaign(uint256 seed) internal view returns (uint256) {
        return campaigns.campaignCount() - seed % 2;
    }
}

contract CampaignsInvariantTest is Test {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    VmDealInvariant internal constant cheats = VmDealInvariant(address(uint160(uint256(keccak256("hevm cheat code")))));

    CampaignsHandler internal handler;
    Campaigns internal campaigns;
    UnionToken internal token;
    address[] internal actors;

    function setUp() public {
        UnionRegistry reg = new UnionRegistry();
        address leader = makeAddr("leader");
        vm.prank(leader);
        uint256 id = reg.createUnion("Couriers", "Fair pay", bytes32(0));
        token = new UnionToken(leader, 1_000_000 ether);
        vm.prank(leader);
        reg.setUnionToken(id, address(token));
        campaigns = new Campaigns(IUnionRoles(address(reg)));
        for (uint256 i = 0; i < 4; i++) {
            address actor = address(uint160(0xBAC0 + i));
            actors.push(actor);
            vm.prank(actor);
            reg.join(id, leader);
            cheats.deal(actor, 1_000_000 ether);
            vm.prank(leader);
            token.transfer(actor, 100_000 ether);
        }
        handler = new CampaignsHandler(campaigns, token, id, leader, actors);
        handler.open(false, 3 ether);
        handler.open(true, 3 ether);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory s) {
        bytes4[] memory sel = new bytes4[](6);
        sel[0] = CampaignsHandler.open.selector;
        sel[1] = CampaignsHandler.pledge.selector;
        sel[2] = CampaignsHandler.refund.selector;
        sel[3] = CampaignsHandler.payout.selector;
        sel[4] = CampaignsHandler.decide.selector;
        sel[5] = CampaignsHandler.wait.selector;
        s = new FuzzSelector[](1);
        s[0] = FuzzSelector({addr: address(handler), selectors: sel});
    }

    /// @dev Balance of each asset = owed = pledges not yet refunded of campaigns not yet paid out.
    function invariant_balancesEqualWhatIsOwed() public view {
        uint256 ethOwed;
        uint256 tokenOwed;
        uint256 count = campaigns.campaignCount();
        for (uint256 cid = 1; cid <= count; cid++) {
            Campaigns.Campaign memory c = campaigns.getCampaign(cid);
            if (c.paidOut) continue;
            for (uint256 i = 0; i < actors.length; i++) {
                uint256 p = campaigns.pledgeOf(cid, actors[i]);
                if (c.token == address(0)) ethOwed += p;
                else tokenOwed += p;
            }
        }
        vm.assertEq(address(campaigns).balance, ethOwed, "ETH held = ETH owed to backers");
        vm.assertEq(token.balanceOf(address(campaigns)), tokenOwed, "tokens held = tokens owed to backers");
        vm.assertEq(campaigns.owed(address(0)), ethOwed, "ETH books");
        vm.assertEq(campaigns.owed(address(token)), tokenOwed, "token books");
    }

    /// @dev Everything that left went to the payee or back to the backer it came from.
    function invariant_nothingLeavesExceptToPayeeOrBackers() public view {
        uint256 backerEth;
        for (uint256 i = 0; i < actors.length; i++) {
            backerEth += actors[i].balance;
        }
        vm.assertEq(backerEth + address(campaigns).balance + handler.payee().balance, 4_000_000 ether, "ETH conserved");
    }

    /// @dev The handler's refund and payout paths work, so the campaign can reach them.
    function test_handlerReachesRefundsAndPayouts() public {
        handler.pledge(0, 0, 1 ether);
        handler.decide(0, 3); // Withdrawn
        handler.refund(0, 0);
        vm.assertEq(handler.refunds(), 1, "refunded");
        handler.open(false, 1 ether - 1);
        handler.pledge(1, 0, 1 ether - 1);
        handler.decide(0, 0); // Won
        handler.payout(0);
        vm.assertEq(handler.payouts(), 1, "paid out");
        invariant_balancesEqualWhatIsOwed();
        invariant_nothingLeavesExceptToPayeeOrBackers();
    }

    function afterInvariant() public view {
        vm.assertEq(handler.wrongPledgeAnswers(), 0, "pledges accepted exactly while a campaign is open");
        console.log("pledges", handler.pledges());
        console.log("refunds", handler.refunds());
        console.log("payouts", handler.payouts());
        console.log("outcomes", handler.outcomes());
    }
}
