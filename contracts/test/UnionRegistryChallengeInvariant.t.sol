// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Vm} from "./utils/Vm.sol";
import {console} from "./utils/console.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Drives claims, vouches, challenges, defences, takeovers, office changes and time over a
/// few handles, and keeps its own record of when each challenge was opened, to check a takeover
/// against the rule across calls.
contract ChallengeHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 public constant ACTORS = 6;
    uint256 public constant HANDLES = 4;

    UnionRegistry public immutable reg;
    uint256 public immutable unionId;
    address public immutable leader;
    address[] internal _actors;
    string[] internal _handles;

    /// @dev Ghost: when the challenger's current challenge of each handle was opened.
    mapping(bytes32 handleHash => mapping(address challenger => uint256)) public openedAt;
    mapping(bytes32 handleHash => address) internal _lastChallenger;
    uint256 public takeovers;
    uint256 public challenges;
    uint256 public earlyTakeovers;
    uint256 public defendedTakeovers;

    constructor(UnionRegistry reg_, uint256 unionId_, address leader_) {
        reg = reg_;
        unionId = unionId_;
        leader = leader_;
        for (uint256 i = 0; i < ACTORS; i++) {
            _actors.push(address(uint160(0xC4A1000 + i)));
        }
        _handles.push("x:alice");
        _handles.push("x:bob");
        _handles.push("facebook:alice");
        _handles.push("x:carol");
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function handles() external view returns (string[] memory) {
        return _handles;
    }

    /// @dev The fuzzer favours 0 and the maximum; hashing spreads them over all actors.
    function _actor(uint256 seed) internal view returns (address) {
        return _actors[uint256(keccak256(abi.encode(seed, "actor"))) % ACTORS];
    }

    function _handle(uint256 seed) internal view returns (string memory) {
        return _handles[uint256(keccak256(abi.encode(seed, "handle"))) % HANDLES];
    }

    /// @dev Usually the leader, so challenges and defences get through; sometimes anyone.
    function _authority(uint256 seed) internal view returns (address) {
        return uint256(keccak256(abi.encode(seed))) % 3 == 0 ? _actor(seed) : leader;
    }

    function claim(uint256 who, uint256 h) external {
        vm.prank(_actor(who));
        try reg.claimHandle(_handle(h)) {} catch {}
    }

    function unclaim(uint256 who, uint256 h) external {
        vm.prank(_actor(who));
        try reg.unclaimHandle(_handle(h)) {} catch {}
    }

    function vouch(uint256 voucher, uint256 member, uint256 h) external {
        address m = _actor(member);
        vm.prank(_authority(voucher));
        try reg.vouch(unionId, m, _handle(h)) {} catch {}
    }

    function toggleOfficer(uint256 who) external {
        address a = _actor(who);
        vm.prank(leader);
        try reg.setOfficer(unionId, a, "Officer") {}
        catch {
            vm.prank(leader);
            try reg.removeOfficer(unionId, a) {} catch {}
        }
    }

    function challenge(uint256 voucher, uint256 challenger, uint256 h) external {
        string memory handle = _handle(h);
        address c = _actor(challenger);
        vm.prank(_authority(voucher));
        try reg.challengeHandle(unionId, c, handle) {
            openedAt[keccak256(bytes(handle))][c] = block.timestamp;
            _lastChallenger[keccak256(bytes(handle))] = c;
            challenges++;
        } catch {}
    }

    function defend(uint256 challenger, uint256 h) external {
        try reg.defendHandle(_handle(h), _actor(challenger)) {} catch {}
    }

    function take(uint256 challenger, uint256 h) external {
        string memory handle = _handle(h);
        address last = _lastChallenger[keccak256(bytes(handle))];
        address c = challenger % 4 != 0 && last != address(0) ? last : _actor(challenger);
        address holder = reg.ownerOfHandle(handle);
        bool wasDefended;
        if (holder != address(0)) {
            (bool vouched, address voucher) = reg.vouchOf(unionId, holder, handle);
            SocialTree.Role role = reg.roleOf(unionId, voucher);
            wasDefended = vouched && (role == SocialTree.Role.Leader || role == SocialTree.Role.Officer);
        }
        vm.prank(c);
        try reg.takeHandle(handle) {
            takeovers++;
            if (block.timestamp <= openedAt[keccak256(bytes(handle))][c] + reg.CHALLENGE_PERIOD()) earlyTakeovers++;
            if (wasDefended) defendedTakeovers++;
        } catch {}
    }

    /// @dev Two to four waits take a challenge past its period and into its window to take over.
    function wait(uint256 seed) external {
        vm.warp(block.timestamp + 3 days + uint256(keccak256(abi.encode(seed))) % 1 days);
    }
}

contract UnionRegistryChallengeInvariantTest is Test {
    UnionRegistry internal reg;
    ChallengeHandler internal handler;
    uint256 internal id;
    address internal leader = address(0x1EAD);

    function setUp() public {
        vm.warp(1_700_000_000);
        reg = new UnionRegistry();
        vm.prank(leader);
        id = reg.createUnion("Invariant", "", bytes32(0));
        handler = new ChallengeHandler(reg, id, leader);
        address[] memory a = handler.actors();
        for (uint256 i = 0; i < a.length; i++) {
            vm.prank(a[i]);
            reg.join(id, i == 0 ? leader : a[i - 1]);
        }
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    /// @dev A takeover happens only after the challenge's period, and never of a claim that a
    /// leader or officer of the union vouched for.
    function invariant_takeoversFollowTheRule() public view {
        vm.assertEq(handler.earlyTakeovers(), 0, "taken over before the challenge period ended");
        vm.assertEq(handler.defendedTakeovers(), 0, "a defended claim was taken over");
    }

    /// @dev Takeovers move claims between owners' lists without losing or doubling one.
    function invariant_claimListsMatchOwners() public view {
        address[] memory a = handler.actors();
        string[] memory h = handler.handles();
        uint256 owned;
        for (uint256 i = 0; i < h.length; i++) {
            address owner = reg.ownerOfHandle(h[i]);
            if (owner == address(0)) continue;
            owned++;
            string[] memory claims = reg.claimsOf(owner);
            uint256 times;
            for (uint256 j = 0; j < claims.length; j++) {
                if (keccak256(bytes(claims[j])) == keccak256(bytes(h[i]))) times++;
            }
            vm.assertEq(times, 1, "an owned handle is listed once for its owner");
        }
        uint256 listed;
        for (uint256 i = 0; i < a.length; i++) {
            string[] memory claims = reg.claimsOf(a[i]);
            listed += claims.length;
            for (uint256 j = 0; j < claims.length; j++) {
                vm.assertEq(reg.ownerOfHandle(claims[j]), a[i], "a listed claim is owned by its lister");
            }
            bool holdsX = bytes(reg.claimOn(a[i], "x")).length != 0;
            bool shouldHoldX;
            for (uint256 k = 0; k < h.length; k++) {
                if (bytes(h[k])[0] == "x" && reg.ownerOfHandle(h[k]) == a[i]) shouldHoldX = true;
            }
            vm.assertEq(holdsX, shouldHoldX, "claimOn(x) agrees with ownership");
        }
        vm.assertEq(listed, owned, "every owned handle listed, nothing else");
    }

    /// @dev The handler can drive a whole takeover, so the campaign is not vacuous.
    function test_handlerDrivesATakeover() public {
        for (uint256 seed = 0; seed < 64 && handler.takeovers() == 0; seed++) {
            handler.claim(seed, seed);
            handler.challenge(seed + 1, seed + 2, seed);
            handler.wait(seed);
            handler.wait(seed + 1);
            handler.wait(seed + 2);
            handler.take(seed + 2, seed);
        }
        vm.assertGt(handler.takeovers(), 0, "a takeover happened");
    }

    function afterInvariant() public view {
        console.log("challenges", handler.challenges());
        console.log("takeovers", handler.takeovers());
    }
}
