// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {Tips} from "../src/Tips.sol";
import {UnionToken} from "../src/UnionToken.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @dev The one cheatcode these tests need beyond `utils/Vm.sol` (kept here, so the shared
/// interface stays untouched).
interface VmDeal {
    function deal(address account, uint256 newBalance) external;
}

/// @dev Refuses every ETH transfer.
contract RevertingRecipient {
    error NoThanks();

    receive() external payable {
        revert NoThanks();
    }
}

/// @dev Needs more than the 2,300-gas stipend to accept ETH (it writes storage).
contract GasHungryRecipient {
    uint256 public received;

    receive() external payable {
        received += msg.value;
    }
}

/// @dev Tries to tip someone else from inside its `receive`, while `Tips` is still forwarding
/// ETH to it. `Catch` swallows the failure and records why it failed.
contract ReentrantRecipient {
    enum Mode {
        TipEth,
        TipToken,
        Catch
    }

    Tips internal immutable tips;
    IERC20 internal immutable token;
    address internal immutable target;
    Mode public mode;
    bytes public caught;

    constructor(Tips tips_, IERC20 token_, address target_) {
        tips = tips_;
        token = token_;
        target = target_;
    }

    function setMode(Mode m) external {
        mode = m;
    }

    function approveTips(uint256 amount) external {
        token.approve(address(tips), amount);
    }

    receive() external payable {
        if (mode == Mode.TipEth) {
            tips.tipEth{value: msg.value}(target, "reentry");
        } else if (mode == Mode.TipToken) {
            tips.tipToken(token, target, 1, "reentry");
        } else {
            try tips.tipEth{value: msg.value}(target, "reentry") {}
            catch (bytes memory err) {
                caught = err;
            }
        }
    }
}

/// @dev A token whose `transferFrom` calls back into `Tips` (the guard must refuse it).
contract ReentrantToken {
    Tips internal immutable tips;

    constructor(Tips tips_) {
        tips = tips_;
    }

    function transferFrom(address, address to, uint256) external returns (bool) {
        tips.tipToken(IERC20(address(this)), to, 1, "reentry");
        return true;
    }
}

/// @dev A token that reports failure instead of reverting.
contract FalseToken {
    function transferFrom(address, address, uint256) external pure returns (bool) {
        return false;
    }
}

contract TipsTest is Test {
    VmDeal internal constant cheats = VmDeal(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    Tips internal tips;
    UnionToken internal token;

    address internal alice;
    address internal bob;
    address internal carol;

    bytes32 internal constant POST = keccak256("https://x.com/bob/status/1234567890");
    uint256 internal constant SUPPLY = 1_000_000 ether;

    function setUp() public {
        tips = new Tips();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        token = new UnionToken(alice, SUPPLY);
        cheats.deal(alice, 100 ether);
    }

    // ------------------------------------------------------------------ helpers

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + x % (hi - lo + 1);
    }

    /// @dev An address without code and outside the precompile / cheatcode range, so ETH sent to
    /// it is simply credited.
    function _plain(address a) internal view returns (bool) {
        return uint160(a) > 0xffff && a.code.length == 0 && a != address(vm) && a != CONSOLE;
    }

    function _approve(address owner, uint256 amount) internal {
        vm.prank(owner);
        token.approve(address(tips), amount);
    }

    function _tipToken(address from, address to, uint256 amount) internal {
        vm.prank(from);
        tips.tipToken(token, to, amount, POST);
    }

    function _assertEmpty(string memory what) internal view {
        vm.assertEq(address(tips).balance, 0, string.concat(what, ": Tips holds no ETH"));
        vm.assertEq(token.balanceOf(address(tips)), 0, string.concat(what, ": Tips holds no tokens"));
    }

    // ------------------------------------------------------------------ the demo token

    function test_unionToken_metadataAndInitialSupply() public view {
        vm.assertEq(token.name(), "Union Token", "name");
        vm.assertEq(token.symbol(), "UNION", "symbol");
        vm.assertEq(uint256(token.decimals()), 18, "decimals");
        vm.assertEq(token.totalSupply(), SUPPLY, "total supply");
        vm.assertEq(token.balanceOf(alice), SUPPLY, "all minted to the holder");
    }

    // ------------------------------------------------------------------ ETH tips

    function test_tipEth_forwardsExactlyTheAmount() public {
        uint256 aliceBefore = alice.balance;
        uint256 bobBefore = bob.balance;
        vm.prank(alice);
        tips.tipEth{value: 1.5 ether}(bob, POST);
        vm.assertEq(bob.balance, bobBefore + 1.5 ether, "recipient up by the amount");
        vm.assertEq(alice.balance, aliceBefore - 1.5 ether, "sender down by the amount");
        _assertEmpty("after an ETH tip");
    }

    function test_tipEth_emitsTipped() public {
        vm.expectEmit(true, true, true, true, address(tips));
        emit Tips.Tipped(alice, bob, address(0), 1 wei, POST);
        vm.prank(alice);
        tips.tipEth{value: 1 wei}(bob, POST);
    }

    function test_tipEth_eventFieldsFromTheLog() public {
        vm.recordLogs();
        vm.prank(alice);
        tips.tipEth{value: 2 ether}(bob, POST);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        vm.assertEq(logs.length, 1, "one event");
        vm.assertEq(logs[0].emitter, address(tips), "emitter");
        vm.assertEq(logs[0].topics.length, 4, "three indexed fields");
        vm.assertEq(logs[0].topics[0], keccak256("Tipped(address,address,address,uint256,bytes32)"), "signature");
        vm.assertEq(logs[0].topics[1], bytes32(uint256(uint160(alice))), "from");
        vm.assertEq(logs[0].topics[2], bytes32(uint256(uint160(bob))), "to");
        vm.assertEq(logs[0].topics[3], bytes32(0), "token is zero for ETH");
        (uint256 amount, bytes32 context) = abi.decode(logs[0].data, (uint256, bytes32));
        vm.assertEq(amount, 2 ether, "amount");
        vm.assertEq(context, POST, "context");
    }

    function test_tipEth_forwardsAllGasToContractRecipients() public {
        GasHungryRecipient r = new GasHungryRecipient();
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(r), POST);
        vm.assertEq(r.received(), 1 ether, "recipient ran code beyond the 2300 stipend");
        vm.assertEq(address(r).balance, 1 ether, "recipient balance");
        _assertEmpty("after a contract tip");
    }

    function test_tipEth_revertingRecipient_TipFailed() public {
        RevertingRecipient r = new RevertingRecipient();
        uint256 aliceBefore = alice.balance;
        vm.expectRevert(abi.encodeWithSelector(Tips.TipFailed.selector, address(r)));
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(r), POST);
        vm.assertEq(alice.balance, aliceBefore, "sender keeps its ETH");
        vm.assertEq(address(r).balance, 0, "recipient got nothing");
        _assertEmpty("after a refused tip");
    }

    function test_tipEth_contractWithoutReceive_TipFailed() public {
        // The demo token has neither receive nor fallback.
        vm.expectRevert(abi.encodeWithSelector(Tips.TipFailed.selector, address(token)));
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(token), POST);
    }

    function test_tipEth_refusals() public {
        vm.expectRevert(Tips.ZeroAmount.selector);
        vm.prank(alice);
        tips.tipEth{value: 0}(bob, POST);

        vm.expectRevert(abi.encodeWithSelector(Tips.InvalidRecipient.selector, address(0)));
        vm.prank(alice);
        tips.tipEth{value: 1}(address(0), POST);

        vm.expectRevert(abi.encodeWithSelector(Tips.InvalidRecipient.selector, address(tips)));
        vm.prank(alice);
        tips.tipEth{value: 1}(address(tips), POST);

        vm.expectRevert(Tips.SelfTip.selector);
        vm.prank(alice);
        tips.tipEth{value: 1}(alice, POST);
        _assertEmpty("after refusals");
    }

    // ------------------------------------------------------------------ ERC-20 tips

    function test_tipToken_exactAllowanceIsConsumed() public {
        _approve(alice, 250 ether);
        _tipToken(alice, bob, 250 ether);
        vm.assertEq(token.balanceOf(bob), 250 ether, "recipient up by the amount");
        vm.assertEq(token.balanceOf(alice), SUPPLY - 250 ether, "sender down by the amount");
        vm.assertEq(token.allowance(alice, address(tips)), 0, "allowance used up");
        _assertEmpty("after a token tip");

        // Used up: the next tip needs a new approval.
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, 1));
        _tipToken(alice, bob, 1);
    }

    function test_tipToken_largerAllowanceDecreasesByTheAmount() public {
        _approve(alice, 10 ether);
        _tipToken(alice, bob, 3 ether);
        vm.assertEq(token.allowance(alice, address(tips)), 7 ether, "allowance left");
        _tipToken(alice, carol, 7 ether);
        vm.assertEq(token.balanceOf(bob), 3 ether, "bob");
        vm.assertEq(token.balanceOf(carol), 7 ether, "carol");
        vm.assertEq(token.allowance(alice, address(tips)), 0, "allowance used up");
    }

    function test_tipToken_emitsTipped() public {
        _approve(alice, 5 ether);
        vm.expectEmit(true, true, true, true, address(tips));
        emit Tips.Tipped(alice, bob, address(token), 5 ether, POST);
        _tipToken(alice, bob, 5 ether);
    }

    function test_tipToken_withoutAllowance_ERC20InsufficientAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, 1 ether)
        );
        _tipToken(alice, bob, 1 ether);
        vm.assertEq(token.balanceOf(alice), SUPPLY, "nothing moved");
        vm.assertEq(token.balanceOf(bob), 0, "nothing received");
    }

    function test_tipToken_smallerAllowance_ERC20InsufficientAllowance() public {
        _approve(alice, 1 ether - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 1 ether - 1, 1 ether
            )
        );
        _tipToken(alice, bob, 1 ether);
        vm.assertEq(token.allowance(alice, address(tips)), 1 ether - 1, "allowance untouched");
    }

    function test_tipToken_approvalToAnotherSpenderDoesNotCount() public {
        // Alice approved bob, not Tips: Tips may not spend it.
        vm.prank(alice);
        token.approve(bob, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, 1 ether)
        );
        _tipToken(alice, carol, 1 ether);
    }

    function test_tipToken_cannotSpendSomeoneElsesAllowance() public {
        // Alice approved Tips; bob tipping cannot draw on alice's tokens (he tips from his own).
        _approve(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), 0, 1 ether)
        );
        _tipToken(bob, carol, 1 ether);
        vm.assertEq(token.balanceOf(alice), SUPPLY, "alice keeps her tokens");
    }

    function test_tipToken_insufficientBalance_ERC20InsufficientBalance() public {
        _approve(bob, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 0, 1 ether));
        _tipToken(bob, alice, 1 ether);
    }

    function test_tipToken_refusals() public {
        _approve(alice, 1 ether);
        vm.expectRevert(Tips.ZeroAmount.selector);
        _tipToken(alice, bob, 0);

        vm.expectRevert(abi.encodeWithSelector(Tips.InvalidRecipient.selector, address(0)));
        _tipToken(alice, address(0), 1);

        vm.expectRevert(abi.encodeWithSelector(Tips.InvalidRecipient.selector, address(tips)));
        _tipToken(alice, address(tips), 1);

        vm.expectRevert(Tips.SelfTip.selector);
        _tipToken(alice, alice, 1);

        vm.assertEq(token.allowance(alice, address(tips)), 1 ether, "allowance untouched");
        _assertEmpty("after refusals");
    }

    function test_tipToken_notAToken_SafeERC20FailedOperation() public {
        // No code at the address (also the zero address, which would read as an ETH tip).
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(0)));
        vm.prank(alice);
        tips.tipToken(IERC20(address(0)), bob, 1, POST);

        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, carol));
        vm.prank(alice);
        tips.tipToken(IERC20(carol), bob, 1, POST);

        // A token that returns false.
        FalseToken f = new FalseToken();
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(f)));
        vm.prank(alice);
        tips.tipToken(IERC20(address(f)), bob, 1, POST);
    }

    // ------------------------------------------------------------------ reentrancy

    function _reentrant() internal returns (ReentrantRecipient r) {
        r = new ReentrantRecipient(tips, token, carol);
        vm.label(address(r), "reentrant");
        // It owns tokens and has approved Tips, so only the guard can stop its tipToken.
        vm.prank(alice);
        token.transfer(address(r), 10 ether);
        r.approveTips(10 ether);
    }

    function test_reentry_tipEthFromReceive_wholeTipReverts() public {
        ReentrantRecipient r = _reentrant();
        r.setMode(ReentrantRecipient.Mode.TipEth);
        uint256 aliceBefore = alice.balance;
        vm.expectRevert(abi.encodeWithSelector(Tips.TipFailed.selector, address(r)));
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(r), POST);
        vm.assertEq(alice.balance, aliceBefore, "sender keeps its ETH");
        vm.assertEq(address(r).balance, 0, "recipient got nothing");
        vm.assertEq(carol.balance, 0, "re-entered tip moved nothing");
        _assertEmpty("after a re-entry");
    }

    function test_reentry_tipTokenFromReceive_wholeTipReverts() public {
        ReentrantRecipient r = _reentrant();
        r.setMode(ReentrantRecipient.Mode.TipToken);
        uint256 aliceBefore = alice.balance;
        vm.expectRevert(abi.encodeWithSelector(Tips.TipFailed.selector, address(r)));
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(r), POST);
        vm.assertEq(alice.balance, aliceBefore, "sender keeps its ETH");
        vm.assertEq(address(r).balance, 0, "recipient got no ETH");
        vm.assertEq(token.balanceOf(address(r)), 10 ether, "recipient kept its tokens");
        vm.assertEq(token.balanceOf(carol), 0, "re-entered token tip moved nothing");
        vm.assertEq(token.allowance(address(r), address(tips)), 10 ether, "allowance untouched");
        _assertEmpty("after a re-entry");
    }

    function test_reentry_isStoppedByTheGuard() public {
        // A recipient that swallows its own failed re-entry: the outer tip goes through, and the
        // inner call failed because of the guard (without it, the inner tip would be valid).
        ReentrantRecipient r = _reentrant();
        r.setMode(ReentrantRecipient.Mode.Catch);
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(address(r), POST);
        vm.assertEq(
            r.caught(),
            abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector),
            "refused by the reentrancy guard"
        );
        vm.assertEq(address(r).balance, 1 ether, "outer tip arrived");
        vm.assertEq(carol.balance, 0, "inner tip did not");
        _assertEmpty("after a caught re-entry");

        // Outside a tip the same call is fine: the guard was released.
        vm.prank(address(r));
        tips.tipEth{value: 1 ether}(carol, POST);
        vm.assertEq(carol.balance, 1 ether, "guard released after the tip");
    }

    function test_reentry_fromTokenTransferFrom_reverts() public {
        ReentrantToken t = new ReentrantToken(tips);
        vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        tips.tipToken(IERC20(address(t)), bob, 1, POST);
    }

    // ------------------------------------------------------------------ Tips never holds funds

    function test_directEthTransfer_reverts() public {
        vm.prank(alice);
        (bool ok,) = address(tips).call{value: 1 ether}("");
        vm.assertFalse(ok, "plain transfer refused");
        vm.prank(alice);
        (ok,) = address(tips).call{value: 1 ether}(hex"deadbeef");
        vm.assertFalse(ok, "unknown selector with value refused");
        vm.prank(alice);
        (bool sent) = payable(address(tips)).send(1 ether);
        vm.assertFalse(sent, "send refused");
        _assertEmpty("after direct transfers");
    }

    function test_forcedEth_isNeverPaidOut() public {
        // ETH can still be forced in (selfdestruct, block rewards). Tips forwards msg.value only,
        // never its balance, so such ETH cannot leak into a tip (it stays stuck).
        cheats.deal(address(tips), 3 ether);
        vm.prank(alice);
        tips.tipEth{value: 1 ether}(bob, POST);
        vm.assertEq(bob.balance, 1 ether, "recipient gets exactly the tip");
        vm.assertEq(address(tips).balance, 3 ether, "forced ETH untouched");
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_tipEth_forwardsAllAndHoldsNothing(address from, address to, uint128 amount, bytes32 ctx) public {
        vm.assume(_plain(from) && _plain(to) && from != to && amount > 0);
        cheats.deal(from, amount);
        uint256 toBefore = to.balance;
        vm.expectEmit(true, true, true, true, address(tips));
        emit Tips.Tipped(from, to, address(0), amount, ctx);
        vm.prank(from);
        tips.tipEth{value: amount}(to, ctx);
        vm.assertEq(to.balance, toBefore + amount, "recipient up by the amount");
        vm.assertEq(from.balance, 0, "sender paid the whole amount");
        vm.assertEq(address(tips).balance, 0, "Tips holds no ETH");
    }

    /// @dev Every (balance, allowance, amount): the outcome the ERC-20 rules predict, exact
    /// balances and allowance after, and nothing left in Tips.
    function testFuzz_tipToken_matchesModelAndHoldsNothing(
        address from,
        address to,
        uint256 balance,
        uint256 allowance,
        uint256 amount,
        bytes32 ctx
    ) public {
        vm.assume(_plain(from) && _plain(to) && from != to);
        balance = _bound(balance, 0, 1e30);
        // Often near the balance, so every branch is reached.
        amount = amount % 4 == 0 ? amount % (1e30 + 1) : _bound(amount, balance > 0 ? balance - 1 : 0, balance + 1);
        allowance = allowance % 4 == 0 ? type(uint256).max : _bound(allowance, amount > 0 ? amount - 1 : 0, amount + 1);
        UnionToken t = new UnionToken(from, balance);
        vm.prank(from);
        t.approve(address(tips), allowance);

        bytes memory expected;
        if (amount == 0) {
            expected = abi.encodeWithSelector(Tips.ZeroAmount.selector);
        } else if (allowance < amount) {
            expected = abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(tips), allowance, amount
            );
        } else if (balance < amount) {
            expected = abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, from, balance, amount);
        }
        if (expected.length > 0) {
            vm.expectRevert(expected);
        } else {
            vm.expectEmit(true, true, true, true, address(tips));
            emit Tips.Tipped(from, to, address(t), amount, ctx);
        }
        vm.prank(from);
        tips.tipToken(IERC20(address(t)), to, amount, ctx);

        uint256 moved = expected.length > 0 ? 0 : amount;
        vm.assertEq(t.balanceOf(to), moved, "recipient");
        vm.assertEq(t.balanceOf(from), balance - moved, "sender");
        uint256 allowanceAfter = allowance == type(uint256).max ? allowance : allowance - moved;
        vm.assertEq(t.allowance(from, address(tips)), allowanceAfter, "allowance");
        vm.assertEq(t.balanceOf(address(tips)), 0, "Tips holds no tokens");
    }

    /// @dev A random sequence of valid and invalid tips (ETH and token, to plain accounts,
    /// refusing and re-entering contracts, Tips itself, zero and self) and direct transfers, with
    /// random senders and amounts. After every step Tips holds nothing, and ETH and tokens are
    /// conserved among the actors.
    function testFuzz_sequence_tipsNeverHoldsFunds(uint256[10] calldata seeds) public {
        address[] memory actors = new address[](7);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = carol;
        actors[3] = address(new RevertingRecipient());
        actors[4] = address(new GasHungryRecipient());
        ReentrantRecipient r = _reentrant();
        actors[5] = address(r);
        actors[6] = address(0);
        for (uint256 i = 0; i < 4; i++) {
            cheats.deal(actors[i], 10 ether);
            if (i > 0 && i < 3) {
                vm.prank(alice);
                token.transfer(actors[i], 1000 ether);
            }
            _approve(actors[i], type(uint256).max);
        }
        cheats.deal(address(r), 10 ether);
        uint256 ethTotal = _ethOf(actors);
        uint256 tokenTotal = _tokensOf(actors);

        for (uint256 i = 0; i < seeds.length; i++) {
            uint256 s = uint256(keccak256(abi.encode(seeds[i])));
            address from = actors[s % 6];
            // One in eight tips names Tips itself.
            address to = (s >> 8) % 8 == 0 ? address(tips) : actors[(s >> 16) % 7];
            uint256 amount = _bound(s >> 32, 0, 12 ether); // sometimes more than the sender has
            uint256 op = (s >> 128) % 4;
            if (op == 3) r.setMode(ReentrantRecipient.Mode((s >> 136) % 3));
            vm.prank(from);
            if (op == 0 || op == 3) {
                try tips.tipEth{value: amount > from.balance ? from.balance : amount}(to, bytes32(s)) {} catch {}
            } else if (op == 1) {
                try tips.tipToken(token, to, amount * 100, bytes32(s)) {} catch {}
            } else {
                (bool ok,) = address(tips).call{value: amount > from.balance ? from.balance : amount}("");
                ok;
            }
            _assertEmpty("after a step");
            vm.assertEq(_ethOf(actors), ethTotal, "ETH conserved among the actors");
            vm.assertEq(_tokensOf(actors), tokenTotal, "tokens conserved among the actors");
        }
    }

    function _ethOf(address[] memory actors) internal view returns (uint256 sum) {
        for (uint256 i = 0; i < actors.length; i++) {
            sum += actors[i].balance;
        }
    }

    function _tokensOf(address[] memory actors) internal view returns (uint256 sum) {
        for (uint256 i = 0; i < actors.length; i++) {
            if (actors[i] != address(0)) sum += token.balanceOf(actors[i]);
        }
    }
}
