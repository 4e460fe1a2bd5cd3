// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {console} from "./utils/console.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Drives one union with 12 actors. Every choice is bounded by modulo, every call is made as
/// the actor and may revert (refusals are part of the model); outcomes are tallied so a campaign
/// that changes nothing is caught.
contract RegistryHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 public constant ACTORS = 12;
    uint256 public constant ACTOR_BASE = 0xAC7000;

    UnionRegistry public immutable reg;
    uint256 public immutable unionId;
    address public immutable leader;
    address[] internal _actors;
    address[] internal _fillers;

    uint256 public calls;
    uint256 public successes;
    uint256 public joins;
    uint256 public rejoins;
    uint256 public switches;
    uint256 public leaves;
    uint256 public officerChanges;
    uint256 public tooDeep;
    uint256 public cycles;
    uint256 public otherReverts;

    constructor(UnionRegistry reg_, uint256 unionId_, address leader_, address[] memory fillers_) {
        reg = reg_;
        unionId = unionId_;
        leader = leader_;
        _fillers = fillers_;
        for (uint256 i = 0; i < ACTORS; i++) {
            _actors.push(address(uint160(ACTOR_BASE + i)));
        }
    }

    /// @dev Leader first, then the fixed filler chain, then the actors.
    function nodes() external view returns (address[] memory all) {
        all = new address[](1 + _fillers.length + _actors.length);
        all[0] = leader;
        for (uint256 i = 0; i < _fillers.length; i++) {
            all[1 + i] = _fillers[i];
        }
        for (uint256 i = 0; i < _actors.length; i++) {
            all[1 + _fillers.length + i] = _actors[i];
        }
    }

    function _active(address a) internal view returns (bool) {
        return reg.roleOf(unionId, a) != SocialTree.Role.None;
    }

    /// @dev The fuzzer favours small and edge values; hashing spreads them over all bits.
    function _mix(uint256 seed) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed)));
    }

    /// @dev An actor with (`wantActive`) or without a current membership. One call in 8, or when
    /// none fits, any actor, so AlreadyMember / NotAMember / InvalidOfficer refusals still occur.
    function _pickActor(uint256 seed, bool wantActive) internal view returns (address) {
        uint256 r = _mix(seed);
        address[] memory c = new address[](ACTORS);
        uint256 n;
        for (uint256 i = 0; i < ACTORS; i++) {
            if (_active(_actors[i]) == wantActive) c[n++] = _actors[i];
        }
        if (n == 0 || (r >> 128) % 8 == 0) return _actors[r % ACTORS];
        return c[r % n];
    }

    /// @dev A sponsor: half the time an active actor (actor subtrees grow and cycles get tried),
    /// else usually one of the 12 deepest fillers (so MAX_DEPTH is hit), sometimes the leader or
    /// any actor at all (it may be inactive: NotAMember).
    function _pickSponsor(uint256 seed) internal view returns (address) {
        uint256 r = _mix(seed);
        uint256 mode = r % 16;
        if (mode < 8) {
            address[] memory c = new address[](ACTORS);
            uint256 n;
            for (uint256 i = 0; i < ACTORS; i++) {
                if (_active(_actors[i])) c[n++] = _actors[i];
            }
            if (n > 0) return c[(r >> 8) % n];
        }
        if (mode == 8) return leader;
        if (mode == 9) return _actors[(r >> 8) % ACTORS];
        uint256 f = _fillers.length;
        uint256 k = f > 12 ? f - 12 + (r >> 8) % 12 : (r >> 8) % f;
        return _fillers[k];
    }

    function _failed(bytes memory err) internal {
        bytes4 sel = err.length >= 4 ? bytes4(err) : bytes4(0);
        if (sel == SocialTree.TooDeep.selector) tooDeep++;
        else if (sel == SocialTree.CycleDetected.selector) cycles++;
        else otherReverts++;
    }

    function join(uint256 actorSeed, uint256 sponsorSeed) external {
        calls++;
        address a = _pickActor(actorSeed, false);
        bool rejoin = !_active(a) && reg.sponsorOf(unionId, a) != address(0);
        address s = _pickSponsor(sponsorSeed);
        vm.prank(a);
        try reg.join(unionId, s) {
            successes++;
            if (rejoin) rejoins++;
            else joins++;
        } catch (bytes memory err) {
            _failed(err);
        }
    }

    function switchSponsor(uint256 actorSeed, uint256 sponsorSeed) external {
        calls++;
        address a = _pickActor(actorSeed, true);
        address s = _pickSponsor(sponsorSeed);
        vm.prank(a);
        try reg.switchSponsor(unionId, s) {
            successes++;
            switches++;
        } catch (bytes memory err) {
            _failed(err);
        }
    }

    function leave(uint256 actorSeed) external {
        calls++;
        address a = _pickActor(actorSeed, true);
        vm.prank(a);
        try reg.leave(unionId) {
            successes++;
            leaves++;
        } catch (bytes memory err) {
            _failed(err);
        }
    }

    /// @dev Officers count like members; leaving as an officer takes another code path.
    function toggleOfficer(uint256 actorSeed) external {
        calls++;
        address a = _pickActor(actorSeed, true);
        bool isOfficer = reg.roleOf(unionId, a) == SocialTree.Role.Officer;
        vm.prank(leader);
        if (isOfficer) {
            try reg.removeOfficer(unionId, a) {
                successes++;
                officerChanges++;
            } catch (bytes memory err) {
                _failed(err);
            }
        } else {
            try reg.setOfficer(unionId, a, "Officer") {
                successes++;
                officerChanges++;
            } catch (bytes memory err) {
                _failed(err);
            }
        }
    }
}

/// @dev After every handler call: the stored counts equal a recount over the sponsor links, and
/// every chain reaches the leader within MAX_DEPTH steps (so there is no cycle).
contract UnionRegistryInvariantTest is Test {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant FILLERS = 30;
    uint256 internal constant FILLER_BASE = 0xF11000;

    UnionRegistry internal reg;
    RegistryHandler internal handler;
    uint256 internal id;
    address internal leader = address(0x1EAD);
    uint256 internal actorBase;
    uint256 internal actorCount;

    function setUp() public {
        reg = new UnionRegistry();
        vm.prank(leader);
        id = reg.createUnion("Invariant", "", bytes32(0));
        // A fixed chain leader <- f1 <- ... <- f30 lets actors run into MAX_DEPTH.
        address[] memory fillers = new address[](FILLERS);
        address sponsor = leader;
        for (uint256 i = 0; i < FILLERS; i++) {
            fillers[i] = address(uint160(FILLER_BASE + i));
            vm.prank(fillers[i]);
            reg.join(id, sponsor);
            sponsor = fillers[i];
        }
        handler = new RegistryHandler(reg, id, leader, fillers);
        actorBase = handler.ACTOR_BASE();
        actorCount = handler.ACTORS();
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory s) {
        bytes4[] memory sel = new bytes4[](4);
        sel[0] = RegistryHandler.join.selector;
        sel[1] = RegistryHandler.switchSponsor.selector;
        sel[2] = RegistryHandler.leave.selector;
        sel[3] = RegistryHandler.toggleOfficer.selector;
        s = new FuzzSelector[](1);
        s[0] = FuzzSelector({addr: address(handler), selectors: sel});
    }

    /// @dev Position in `handler.nodes()` from the fixed address layout (no scan per lookup).
    function _indexOf(address a) internal view returns (uint256) {
        uint256 v = uint160(a);
        if (a == leader) return 0;
        if (v >= FILLER_BASE && v < FILLER_BASE + FILLERS) return 1 + v - FILLER_BASE;
        if (v >= actorBase && v < actorBase + actorCount) return 1 + FILLERS + v - actorBase;
        return type(uint256).max;
    }

    // Cheatcode calls dominated the campaign's time, so assert only on a mismatch.
    function _eq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) vm.assertEq(actual, expected, what);
    }

    function _check(bool ok, string memory what) internal pure {
        if (!ok) vm.assertTrue(ok, what);
    }

    function invariant_countsMatchSponsorLinks() public view {
        address[] memory all = handler.nodes();
        uint256 n = all.length;
        uint256 none = type(uint256).max;
        uint256[] memory parent = new uint256[](n);
        bool[] memory active = new bool[](n);
        bool[] memory inTree = new bool[](n);
        uint256 max = reg.MAX_DEPTH();

        for (uint256 i = 0; i < n; i++) {
            address s = reg.sponsorOf(id, all[i]);
            active[i] = reg.roleOf(id, all[i]) != SocialTree.Role.None;
            parent[i] = none;
            if (s != address(0)) {
                parent[i] = _indexOf(s);
                _check(parent[i] < n && all[parent[i]] == s, "sponsor is a known node");
            }
            inTree[i] = i == 0 || s != address(0);
            _check(inTree[i] || !active[i], "an active member has a sponsor");
        }
        _check(active[0] && parent[0] == none, "leader is the active root");

        // Every node ever joined (inactive ones too) reaches the leader within MAX_DEPTH steps.
        for (uint256 i = 1; i < n; i++) {
            if (!inTree[i]) continue;
            uint256 steps;
            for (uint256 cur = i; cur != 0; cur = parent[cur]) {
                steps++;
                _check(steps <= max, "chain longer than MAX_DEPTH, or a cycle");
            }
        }

        uint256[] memory base = new uint256[](n);
        uint256[] memory direct = new uint256[](n);
        uint256 activeCount;
        for (uint256 i = 1; i < n; i++) {
            if (!active[i]) continue;
            activeCount++;
            direct[parent[i]]++;
            for (uint256 cur = parent[i];; cur = parent[cur]) {
                base[cur]++;
                if (cur == 0) break;
            }
        }
        for (uint256 i = 0; i < n; i++) {
            _eq(reg.supportBase(id, all[i]), base[i], "supportBase = active members below");
            _eq(reg.directSupporters(id, all[i]), direct[i], "directSupporters = active children");
        }
        (,,,, uint256 size) = reg.getUnion(id);
        _eq(size, activeCount + 1, "size = active members + leader");
    }

    /// @dev Guards against a vacuous campaign: a full run must change the tree. Short sequences
    /// (shrinking, replayed counterexamples) may legitimately change nothing, so they are exempt.
    function afterInvariant() public view {
        if (handler.calls() >= 32) vm.assertGt(handler.successes(), 0, "no handler call succeeded");
        console.log("calls", handler.calls());
        console.log("successes", handler.successes());
        console.log("joins", handler.joins());
        console.log("rejoins", handler.rejoins());
        console.log("switches", handler.switches());
        console.log("leaves", handler.leaves());
        console.log("officer changes", handler.officerChanges());
        console.log("TooDeep refusals", handler.tooDeep());
        console.log("cycle refusals", handler.cycles());
        console.log("other refusals", handler.otherReverts());
    }
}
