// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {console} from "./utils/console.sol";
import {StakeLock} from "../src/StakeLock.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {UnionToken} from "../src/UnionToken.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Random tree and stake operations on one union by 10 actors: join, switch sponsor, leave,
/// lock, add, extend, withdraw, settle, and time passing. Every call may revert.
contract StakeHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 public constant ACTORS = 10;

    UnionRegistry public immutable reg;
    StakeLock public immutable locks;
    uint256 public immutable unionId;
    address public immutable leader;
    address[] public actors;

    /// @dev Tallies per kind of call, so a campaign where one kind never succeeds is caught.
    mapping(bytes4 selector => uint256) public done;

    constructor(UnionRegistry reg_, StakeLock locks_, uint256 unionId_, address leader_) {
        reg = reg_;
        locks = locks_;
        unionId = unionId_;
        leader = leader_;
        for (uint256 i = 0; i < ACTORS; i++) {
            actors.push(address(uint160(0x57A000 + i)));
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[uint256(keccak256(abi.encode(seed))) % ACTORS];
    }

    /// @dev A current member when there is one (seven calls in eight), else any actor.
    function _member(uint256 seed) internal view returns (address) {
        uint256 r = uint256(keccak256(abi.encode(seed)));
        address[] memory active = new address[](ACTORS);
        uint256 n;
        for (uint256 i = 0; i < ACTORS; i++) {
            if (reg.roleOf(unionId, actors[i]) != SocialTree.Role.None) active[n++] = actors[i];
        }
        if (n == 0 || (r >> 128) % 8 == 0) return actors[r % ACTORS];
        return active[r % n];
    }

    /// @dev The leader one time in four, else an actor (maybe inactive: refusals are fine).
    function _sponsor(uint256 seed) internal view returns (address) {
        return seed % 4 == 0 ? leader : _actor(seed >> 2);
    }

    function _done() internal {
        done[msg.sig]++;
    }

    function join(uint256 a, uint256 s) external {
        vm.prank(_actor(a));
        try reg.join(unionId, _sponsor(s)) {
            _done();
        } catch {}
    }

    function switchSponsor(uint256 a, uint256 s) external {
        vm.prank(_member(a));
        try reg.switchSponsor(unionId, _sponsor(s)) {
            _done();
        } catch {}
    }

    function leave(uint256 a) external {
        vm.prank(_member(a));
        try reg.leave(unionId) {
            _done();
        } catch {}
    }

    function lock(uint256 a, uint256 amount, uint256 weeks_) external {
        vm.prank(_member(a));
        try locks.lock(unionId, 1 + amount % 1_000 ether, block.timestamp + (1 + weeks_ % 20) * 7 days) {
            _done();
        } catch {}
    }

    function increase(uint256 a, uint256 amount) external {
        vm.prank(_member(a));
        try locks.increaseAmount(unionId, 1 + amount % 1_000 ether) {
            _done();
        } catch {}
    }

    function extend(uint256 a, uint256 weeks_) external {
        address who = _actor(a);
        uint256 unlock = locks.lockOf(who, unionId).unlockTime + (1 + weeks_ % 10) * 7 days;
        vm.prank(who);
        try locks.extend(unionId, unlock) {
            _done();
        } catch {}
    }

    function withdraw(uint256 a) external {
        vm.prank(_actor(a));
        try locks.withdraw(unionId) {
            _done();
        } catch {}
    }

    function settle(uint256 a) external {
        try locks.settle(_actor(a), unionId) {
            _done();
        } catch {}
    }

    function wait(uint256 days_) external {
        vm.warp(block.timestamp + (1 + days_ % 30) * 1 days);
    }
}

/// @dev After every call the registry's stake figures equal a recount from scratch: each node's
/// `below` is the sum of the counted locks of the active members under it (following the sponsor
/// links), each `own` is its counted lock, and the contract holds exactly the locked tokens.
contract StakeLockInvariantTest is Test {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    UnionRegistry internal reg;
    StakeLock internal locks;
    UnionToken internal token;
    StakeHandler internal handler;
    uint256 internal id;
    address internal leader = address(0x1EAD);

    function setUp() public {
        vm.warp(2_800 * 7 days);
        reg = new UnionRegistry();
        locks = new StakeLock(reg);
        reg.bindStakeLock(address(locks));
        token = new UnionToken(address(this), 100_000_000 ether);
        vm.prank(leader);
        id = reg.createUnion("Invariant", "", bytes32(0));
        vm.prank(leader);
        reg.setUnionToken(id, address(token));
        handler = new StakeHandler(reg, locks, id, leader);
        for (uint256 i = 0; i < handler.ACTORS(); i++) {
            address a = handler.actors(i);
            token.transfer(a, 1_000_000 ether);
            vm.prank(a);
            token.approve(address(locks), type(uint256).max);
        }
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory s) {
        bytes4[] memory sel = new bytes4[](9);
        sel[0] = StakeHandler.join.selector;
        sel[1] = StakeHandler.switchSponsor.selector;
        sel[2] = StakeHandler.leave.selector;
        sel[3] = StakeHandler.lock.selector;
        sel[4] = StakeHandler.increase.selector;
        sel[5] = StakeHandler.extend.selector;
        sel[6] = StakeHandler.withdraw.selector;
        sel[7] = StakeHandler.settle.selector;
        sel[8] = StakeHandler.wait.selector;
        s = new FuzzSelector[](1);
        s[0] = FuzzSelector({addr: address(handler), selectors: sel});
    }

    function _nodes() internal view returns (address[] memory all) {
        uint256 n = handler.ACTORS();
        all = new address[](n + 1);
        all[0] = leader;
        for (uint256 i = 0; i < n; i++) {
            all[i + 1] = handler.actors(i);
        }
    }

    function _indexOf(address[] memory all, address a) internal pure returns (uint256) {
        for (uint256 i = 0; i < all.length; i++) {
            if (all[i] == a) return i;
        }
        revert("sponsor outside the model");
    }

    function invariant_subtreeStakeEqualsRecount() public view {
        address[] memory all = _nodes();
        uint256[] memory expected = new uint256[](all.length);
        uint256 held;
        for (uint256 i = 0; i < all.length; i++) {
            StakeLock.Lock memory l = locks.lockOf(all[i], id);
            held += l.amount;
            (uint256 own,) = reg.stakeOf(id, all[i]);
            vm.assertEq(own, l.counted ? l.amount : 0, "own stake is the counted lock");
            if (own == 0 || reg.roleOf(id, all[i]) == SocialTree.Role.None) continue;
            for (address s = reg.sponsorOf(id, all[i]); s != address(0); s = reg.sponsorOf(id, s)) {
                expected[_indexOf(all, s)] += own;
            }
        }
        for (uint256 i = 0; i < all.length; i++) {
            (, uint256 below) = reg.stakeOf(id, all[i]);
            vm.assertEq(below, expected[i], "stake below equals the recount");
        }
        vm.assertEq(token.balanceOf(address(locks)), held, "holds exactly the locked tokens");
    }

    /// @dev A scripted run through the handler: every kind of change succeeds in the model, and
    /// the recount holds after each step.
    function test_handlerReachesEveryChange() public {
        for (uint256 i = 0; i < 40; i++) {
            handler.join(i, i);
            handler.lock(i, i * 1 ether, i);
            handler.increase(i + 1, i);
            handler.extend(i + 2, i);
            handler.switchSponsor(i + 3, i + 5);
            if (i % 3 == 0) handler.leave(i + 4);
            handler.wait(i);
            handler.settle(i + 5);
            handler.withdraw(i + 6);
            invariant_subtreeStakeEqualsRecount();
        }
        bytes4[8] memory kinds = [
            StakeHandler.join.selector,
            StakeHandler.lock.selector,
            StakeHandler.increase.selector,
            StakeHandler.extend.selector,
            StakeHandler.switchSponsor.selector,
            StakeHandler.leave.selector,
            StakeHandler.settle.selector,
            StakeHandler.withdraw.selector
        ];
        for (uint256 i = 0; i < kinds.length; i++) {
            vm.assertGt(handler.done(kinds[i]), 0, "every kind of change happened");
        }
    }

    function afterInvariant() public view {
        console.log("joins", handler.done(StakeHandler.join.selector));
        console.log("locks", handler.done(StakeHandler.lock.selector));
        console.log("switches", handler.done(StakeHandler.switchSponsor.selector));
        console.log("withdrawals", handler.done(StakeHandler.withdraw.selector));
    }
}
