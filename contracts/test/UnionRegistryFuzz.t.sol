// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {UnionRegistry} from "../src/UnionRegistry.sol";
import {Handles} from "../src/registry/Handles.sol";
import {SocialTree} from "../src/libraries/SocialTree.sol";

/// @dev Fuzz tests: the contract against small reference models written here.
contract UnionRegistryFuzzTest is Test {
    UnionRegistry internal reg;
    uint256 internal id;
    address internal leader = address(0x1EAD);

    function setUp() public {
        reg = new UnionRegistry();
        vm.prank(leader);
        id = reg.createUnion("Fuzz", "", bytes32(0));
    }

    // ------------------------------------------------------------------ handle validation

    string internal constant PLATFORM_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    string internal constant NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_.-:";

    /// @dev Reference rules, written from the spec: a platform of 1-16 of [a-z0-9], a colon, then
    /// a name of 1-64 of [a-z0-9_.-:]; nothing else.
    function _refValid(bytes memory h) internal pure returns (bool) {
        uint256 colon = h.length;
        for (uint256 i = 0; i < h.length; i++) {
            if (h[i] == ":") {
                colon = i;
                break;
            }
        }
        if (colon == 0 || colon > 16 || colon == h.length) return false;
        uint256 nameLength = h.length - colon - 1;
        if (nameLength == 0 || nameLength > 64) return false;
        for (uint256 i = 0; i < h.length; i++) {
            bytes memory allowed = i < colon ? bytes(PLATFORM_CHARS) : bytes(NAME_CHARS);
            if (i != colon && !_contains(allowed, h[i])) return false;
        }
        return true;
    }

    function _contains(bytes memory set, bytes1 c) internal pure returns (bool) {
        for (uint256 i = 0; i < set.length; i++) {
            if (set[i] == c) return true;
        }
        return false;
    }

    function _checkHandle(bytes memory h) internal {
        string memory s = string(h);
        if (_refValid(h)) {
            vm.prank(address(0xA11CE));
            reg.claimHandle(s);
            vm.assertEq(reg.ownerOfHandle(s), address(0xA11CE), "valid handle claimed");
        } else {
            vm.expectRevert(abi.encodeWithSelector(Handles.InvalidHandle.selector, s));
            vm.prank(address(0xA11CE));
            reg.claimHandle(s);
        }
    }

    function testFuzz_handleValidation_rawBytes(bytes memory raw) public {
        _checkHandle(raw);
    }

    /// @dev Raw bytes are almost never valid, so also build near-valid handles: a platform that is
    /// usually right (sometimes empty, too long, upper case or with a bad character), a colon that
    /// is usually there, and a name of 0 to 69 bytes either from the grammar's own characters
    /// (`clean`) or from a noisier alphabet with the odd arbitrary byte.
    function testFuzz_handleValidation_shaped(uint8 platformSel, uint8 len, uint8 flags, bytes32 seed) public {
        string[9] memory platforms = [
            "x",
            "facebook",
            "mastodon",
            "abcdefghijklmnop", // 16
            "abcdefghijklmnopq", // 17
            "",
            "X",
            "face_book",
            "x0"
        ];
        bool colon = flags % 8 != 0;
        bool clean = (flags >> 3) % 2 == 0;
        bytes memory alphabet = clean ? bytes(NAME_CHARS) : bytes("abcxyz019_.-:A <Z/@");
        bytes memory name = new bytes(uint256(len) % 70);
        for (uint256 i = 0; i < name.length; i++) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            name[i] = (!clean && r % 16 == 0) ? bytes1(uint8(r >> 8)) : alphabet[(r >> 16) % alphabet.length];
        }
        bytes memory h = abi.encodePacked(platforms[platformSel % 9], colon ? ":" : "", name);
        _checkHandle(h);
    }

    // ------------------------------------------------------------------ handle ownership

    /// @dev Random claim/unclaim sequences by 3 accounts over 4 handles against an owner model.
    function testFuzz_claimUnclaim_ownership(uint8[24] memory ops) public {
        string[4] memory handles = ["x:one", "x:two", "facebook:three", "facebook:fours"];
        address[3] memory who = [address(0xA1), address(0xB2), address(0xC3)];
        address[4] memory owner;
        for (uint256 k = 0; k < ops.length; k++) {
            uint256 a = ops[k] % 3;
            uint256 h = (ops[k] / 3) % 4;
            bool claim = (ops[k] / 12) % 2 == 0;
            if (claim) {
                if (owner[h] != address(0)) {
                    vm.expectRevert(abi.encodeWithSelector(Handles.HandleTaken.selector, handles[h], owner[h]));
                } else {
                    owner[h] = who[a];
                }
                vm.prank(who[a]);
                reg.claimHandle(handles[h]);
            } else {
                if (owner[h] != who[a]) {
                    vm.expectRevert(abi.encodeWithSelector(Handles.HandleNotClaimed.selector, handles[h], who[a]));
                } else {
                    owner[h] = address(0);
                }
                vm.prank(who[a]);
                reg.unclaimHandle(handles[h]);
            }
        }
        for (uint256 h = 0; h < 4; h++) {
            vm.assertEq(reg.ownerOfHandle(handles[h]), owner[h], handles[h]);
        }
        // claimsOf holds exactly the handles each account owns.
        for (uint256 a = 0; a < 3; a++) {
            string[] memory claims = reg.claimsOf(who[a]);
            uint256 expected;
            for (uint256 h = 0; h < 4; h++) {
                if (owner[h] == who[a]) expected++;
            }
            vm.assertEq(claims.length, expected, "claimsOf length");
            _checkClaimOn(who[a], "x", handles, owner, 0);
            _checkClaimOn(who[a], "facebook", handles, owner, 2);
            for (uint256 i = 0; i < claims.length; i++) {
                vm.assertEq(reg.ownerOfHandle(claims[i]), who[a], "claimsOf lists only owned handles");
                for (uint256 j = 0; j < i; j++) {
                    vm.assertFalse(keccak256(bytes(claims[i])) == keccak256(bytes(claims[j])), "no duplicates");
                }
            }
        }
    }

    /// @dev `claimOn(account, platform)` names one of the account's handles on that platform
    /// (handles[first] and handles[first + 1]), or nothing when it holds none there.
    function _checkClaimOn(
        address account,
        string memory platform,
        string[4] memory handles,
        address[4] memory owner,
        uint256 first
    ) internal view {
        bytes32 found = keccak256(bytes(reg.claimOn(account, platform)));
        bool holdsOne = owner[first] == account || owner[first + 1] == account;
        if (!holdsOne) {
            vm.assertEq(found, keccak256(""), "claimOn: none held");
            return;
        }
        bool isHeld = (owner[first] == account && found == keccak256(bytes(handles[first])))
            || (owner[first + 1] == account && found == keccak256(bytes(handles[first + 1])));
        vm.assertTrue(isHeld, "claimOn names a handle the account holds on that platform");
    }

    // ------------------------------------------------------------------ random trees

    uint256 internal constant N = 16; // members besides the leader (index 0)

    function _member(uint256 i) internal view returns (address) {
        return i == 0 ? leader : address(uint160(0x10000 + i));
    }

    /// @dev True when `from`'s sponsor chain (itself included) passes through `target`.
    function _reaches(uint256[N + 1] memory parent, uint256 from, uint256 target) internal pure returns (bool found) {
        for (uint256 cur = from;; cur = parent[cur]) {
            if (cur == target) return true;
            if (cur == 0) return false;
        }
    }

    /// @dev Builds a random tree, then applies random leave / rejoin / switch operations, predicting
    /// each outcome (including the exact error) from a model, and finally checks every count.
    function testFuzz_randomTree_countsMatchModel(uint256 seed) public {
        uint256[N + 1] memory parent;
        bool[N + 1] memory active;
        active[0] = true;
        for (uint256 i = 1; i <= N; i++) {
            parent[i] = uint256(keccak256(abi.encode(seed, "parent", i))) % i;
            vm.prank(_member(i));
            reg.join(id, _member(parent[i]));
            active[i] = true;
        }
        for (uint256 k = 0; k < 24; k++) {
            uint256 r = uint256(keccak256(abi.encode(seed, "op", k)));
            uint256 a = 1 + r % N;
            uint256 t = (r >> 8) % (N + 1);
            uint256 kind = (r >> 16) % 3;
            address A = _member(a);
            address T = _member(t);
            if (kind == 0) {
                if (!active[a]) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, A));
                } else {
                    active[a] = false;
                }
                vm.prank(A);
                reg.leave(id);
            } else if (kind == 1) {
                // join: a rejoin for members who left.
                if (active[a]) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.AlreadyMember.selector, id, A));
                } else if (!active[t]) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, T));
                } else if (_reaches(parent, t, a)) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, A, T));
                } else {
                    parent[a] = t;
                    active[a] = true;
                }
                vm.prank(A);
                reg.join(id, T);
            } else {
                if (!active[a]) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, A));
                } else if (parent[a] == t) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.SameSponsor.selector, id, T));
                } else if (!active[t]) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.NotAMember.selector, id, T));
                } else if (_reaches(parent, t, a)) {
                    vm.expectRevert(abi.encodeWithSelector(SocialTree.CycleDetected.selector, id, A, T));
                } else {
                    parent[a] = t;
                }
                vm.prank(A);
                reg.switchSponsor(id, T);
            }
        }
        // Expected counts from the model.
        uint256[N + 1] memory base;
        uint256[N + 1] memory direct;
        uint256 activeCount;
        for (uint256 i = 1; i <= N; i++) {
            if (!active[i]) continue;
            activeCount++;
            direct[parent[i]]++;
            for (uint256 cur = parent[i];; cur = parent[cur]) {
                base[cur]++;
                if (cur == 0) break;
            }
        }
        for (uint256 i = 0; i <= N; i++) {
            address m = _member(i);
            vm.assertEq(reg.sponsorOf(id, m), i == 0 ? address(0) : _member(parent[i]), "sponsorOf");
            vm.assertEq(reg.directSupporters(id, m), direct[i], "directSupporters");
            vm.assertEq(reg.supportBase(id, m), base[i], "supportBase");
            vm.assertEq(reg.roleOf(id, m) != SocialTree.Role.None, active[i], "active");
        }
        (,,,, uint256 size) = reg.getUnion(id);
        vm.assertEq(size, activeCount + 1, "size");
    }

    // ------------------------------------------------------------------ depth limit

    /// @dev A fresh chain of `n` members below `top`, salted so several chains can coexist.
    function _chain(address top, uint256 n, uint256 salt) internal returns (address[] memory c) {
        c = new address[](n);
        address sponsor = top;
        for (uint256 i = 0; i < n; i++) {
            c[i] = address(uint160(uint256(keccak256(abi.encode(salt, i)))));
            vm.prank(c[i]);
            reg.join(id, sponsor);
            sponsor = c[i];
        }
    }

    /// @dev Moving a fresh subtree (exact height) below a node at a random depth: accepted exactly
    /// when its deepest member stays within MAX_DEPTH.
    function testFuzz_switchSponsor_depthLimit(uint8 targetDepth, uint8 subHeight) public {
        uint256 max = reg.MAX_DEPTH();
        uint256 d = 1 + uint256(targetDepth) % max; // target depth 1..32
        uint256 h = uint256(subHeight) % 6; // subtree height 0..5
        address[] memory spine = _chain(leader, d, 1);
        address[] memory sub = _chain(leader, h + 1, 2); // sub[0] at depth 1, height h
        uint256 newDepth = d + 1 + h;
        if (newDepth > max) {
            vm.expectRevert(abi.encodeWithSelector(SocialTree.TooDeep.selector, id, newDepth));
        }
        vm.prank(sub[0]);
        reg.switchSponsor(id, spine[d - 1]);
        if (newDepth <= max) {
            vm.assertEq(reg.supportBase(id, spine[d - 1]), h + 1, "target gained the subtree");
            vm.assertEq(reg.supportBase(id, leader), d + h + 1, "leader count unchanged");
        } else {
            vm.assertEq(reg.sponsorOf(id, sub[0]), leader, "refused move left it in place");
        }
    }
}
