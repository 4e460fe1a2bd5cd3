// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Admission} from "./Admission.sol";
import {SocialTree} from "../libraries/SocialTree.sol";
import {HandleGrammar} from "../libraries/HandleGrammar.sol";

/// @title Handles
/// @notice Who claims which site handle (`x:alice`), vouches for those claims, and members'
/// messaging keys.
/// @dev A claim alone proves nothing: clients show a handle as a member's only with the member's
/// bio proof or a vouch (see `vouchOf`). Handles follow `HandleGrammar` (`platform:name`, lower
/// case); each site's own name rules live in the clients.
/// Every owner's claims are kept twice, without copying the text: in claim order (`claimsOf`) and
/// per platform (`claimOn`), both removed by swap-and-pop through a stored position, so claiming,
/// unclaiming and `claimOn` cost the same whatever the number of claims an owner holds.
abstract contract Handles is Admission {
    /// @dev `claimNonce` is the claim the voucher checked: a new claim of the handle needs a new vouch.
    struct Vouch {
        address voucher;
        uint64 claimNonce;
    }

    /// @dev One slot: the handle's current owner (zero when unclaimed) and how many times it was
    /// ever claimed.
    struct Claim {
        address owner;
        uint64 nonce;
    }

    /// @dev Where a current claim sits in its owner's lists: `_claims` and `_claimsOnPlatform`.
    struct ClaimPosition {
        uint128 inClaims;
        uint128 onPlatform;
    }

    mapping(bytes32 handleHash => Claim) private _handleClaims;
    mapping(bytes32 handleHash => ClaimPosition) private _claimPositions;
    mapping(address owner => string[]) private _claims;
    mapping(address owner => mapping(bytes32 platformHash => bytes32[] handleHashes)) private _claimsOnPlatform;
    mapping(uint256 unionId => mapping(address member => mapping(bytes32 handleHash => Vouch))) private _vouches;
    mapping(address member => bytes) private _encryptionKeys;

    /// @notice `owner` claimed `handle` (`handleHash` = keccak256 of its bytes).
    event HandleClaimed(address indexed owner, bytes32 indexed handleHash, string handle);
    /// @notice `owner` gave `handle` up; vouches for that claim lapse.
    event HandleUnclaimed(address indexed owner, bytes32 indexed handleHash, string handle);
    /// @notice `voucher` vouched for `member`'s claim of `handle` in `unionId`.
    event Vouched(uint256 indexed unionId, address indexed member, address indexed voucher, string handle);
    /// @notice The vouch `voucher` gave for `member`'s claim of `handle` was withdrawn.
    event Unvouched(uint256 indexed unionId, address indexed member, address indexed voucher, string handle);
    /// @notice `member` published messaging public key `key`.
    event EncryptionKeySet(address indexed member, bytes key);

    /// @notice `handle` breaks the grammar (see `HandleGrammar`).
    error InvalidHandle(string handle);
    /// @notice `owner` already claims `handle`.
    error HandleTaken(string handle, address owner);
    /// @notice `owner` does not claim `handle`.
    error HandleNotClaimed(string handle, address owner);
    /// @notice Only the member's sponsor, the leader or an officer may vouch, never for itself.
    error NotAllowedToVouch(uint256 unionId, address voucher, address member);
    /// @notice Nobody vouched for `member`'s claim of `handle` in `unionId`.
    error NotVouched(uint256 unionId, address member, string handle);
    /// @notice A messaging key is a 33-byte compressed secp256k1 public key.
    error InvalidEncryptionKey();

    // ---------------------------------------------------------------- claims

    /// @notice Claims a handle such as `x:alice` or `facebook:alice.smith` for the caller.
    /// @dev Handles must already be lower-case; a claim alone proves nothing (see `vouchOf`).
    function claimHandle(string calldata handle) external {
        uint256 platformLength = HandleGrammar.platformLength(bytes(handle));
        if (platformLength == 0) revert InvalidHandle(handle);
        bytes32 handleHash = keccak256(bytes(handle));
        Claim storage claim = _handleClaims[handleHash];
        address owner = claim.owner;
        if (owner != address(0)) revert HandleTaken(handle, owner);
        claim.owner = msg.sender;
        claim.nonce += 1;
        string[] storage claims = _claims[msg.sender];
        bytes32[] storage onPlatform = _claimsOnPlatform[msg.sender][keccak256(bytes(handle)[:platformLength])];
        _claimPositions[handleHash] =
            ClaimPosition({inClaims: uint128(claims.length), onPlatform: uint128(onPlatform.length)});
        claims.push(handle);
        onPlatform.push(handleHash);
        emit HandleClaimed(msg.sender, handleHash, handle);
    }

    /// @notice Gives up a handle the caller claimed; vouches for that claim lapse with it.
    /// @dev The caller's last claim (and its last claim on that platform) takes the freed place.
    function unclaimHandle(string calldata handle) external {
        bytes32 handleHash = keccak256(bytes(handle));
        Claim storage claim = _handleClaims[handleHash];
        if (claim.owner != msg.sender) revert HandleNotClaimed(handle, msg.sender);
        claim.owner = address(0);
        ClaimPosition memory position = _claimPositions[handleHash];
        delete _claimPositions[handleHash];

        string[] storage claims = _claims[msg.sender];
        uint256 last = claims.length - 1;
        if (position.inClaims != last) {
            claims[position.inClaims] = claims[last];
            _claimPositions[keccak256(bytes(claims[last]))].inClaims = position.inClaims;
        }
        claims.pop();

        // A claimed handle follows the grammar, so its platform is found within 17 bytes.
        bytes32[] storage onPlatform = _claimsOnPlatform[msg.sender][keccak256(HandleGrammar.platformOf(bytes(handle)))];
        last = onPlatform.length - 1;
        if (position.onPlatform != last) {
            bytes32 moved = onPlatform[last];
            onPlatform[position.onPlatform] = moved;
            _claimPositions[moved].onPlatform = position.onPlatform;
        }
        onPlatform.pop();
        emit HandleUnclaimed(msg.sender, handleHash, handle);
    }

    // ---------------------------------------------------------------- vouches

    /// @notice Records that the caller checked `member`'s proof of `handle`. Allowed for the
    /// member's sponsor, the union's leader and its officers, never for oneself.
    function vouch(uint256 unionId, address member, string calldata handle) external {
        _requireMember(unionId, member);
        _requireVoucher(unionId, member);
        bytes32 handleHash = keccak256(bytes(handle));
        Claim storage claim = _handleClaims[handleHash];
        if (claim.owner != member) revert HandleNotClaimed(handle, member);
        _vouches[unionId][member][handleHash] = Vouch({voucher: msg.sender, claimNonce: claim.nonce});
        emit Vouched(unionId, member, msg.sender, handle);
    }

    /// @notice Withdraws a vouch; allowed for anyone who could vouch now.
    function unvouch(uint256 unionId, address member, string calldata handle) external {
        _requireVoucher(unionId, member);
        bytes32 handleHash = keccak256(bytes(handle));
        Vouch storage v = _vouches[unionId][member][handleHash];
        address voucher = v.voucher;
        if (voucher == address(0)) revert NotVouched(unionId, member, handle);
        delete _vouches[unionId][member][handleHash];
        emit Unvouched(unionId, member, voucher, handle);
    }

    // ---------------------------------------------------------------- messaging keys

    /// @notice Publishes the caller's messaging public key (33-byte compressed secp256k1).
    function setEncryptionKey(bytes calldata key) external {
        if (key.length != 33 || (key[0] != 0x02 && key[0] != 0x03)) revert InvalidEncryptionKey();
        _encryptionKeys[msg.sender] = key;
        emit EncryptionKeySet(msg.sender, key);
    }

    // ---------------------------------------------------------------- reads

    /// @notice The address that currently claims `handle`, or zero.
    function ownerOfHandle(string calldata handle) external view returns (address) {
        return _handleClaims[keccak256(bytes(handle))].owner;
    }

    /// @notice Handles currently claimed by `owner`: in claim order, except that an unclaimed
    /// handle's place goes to the owner's last claim.
    /// @dev Unbounded: for off-chain callers, not for batched views.
    function claimsOf(address owner) external view returns (string[] memory) {
        return _claims[owner];
    }

    /// @notice `owner`'s first current claim on `platform` (e.g. "x", without the colon), or empty:
    /// the claim made first, unless an unclaim moved the owner's last claim on that platform into
    /// first place. O(1) whatever the number of claims `owner` holds.
    function claimOn(address owner, string calldata platform) external view returns (string memory) {
        bytes32[] storage onPlatform = _claimsOnPlatform[owner][keccak256(bytes(platform))];
        if (onPlatform.length == 0) return "";
        return _claims[owner][_claimPositions[onPlatform[0]].inClaims];
    }

    /// @notice Whether `member`'s current claim of `handle` is vouched in `unionId`, and by whom.
    /// A vouch counts only while the claim is the one vouched for, the member is a member, and the
    /// voucher could still vouch (is still its sponsor, the leader or an officer).
    function vouchOf(uint256 unionId, address member, string calldata handle)
        external
        view
        returns (bool vouched, address voucher)
    {
        bytes32 handleHash = keccak256(bytes(handle));
        Vouch storage v = _vouches[unionId][member][handleHash];
        Claim storage claim = _handleClaims[handleHash];
        vouched = v.voucher != address(0) && claim.owner == member && v.claimNonce == claim.nonce
            && _nodeOf(unionId, member).role != SocialTree.Role.None && _mayVouch(unionId, v.voucher, member);
        voucher = vouched ? v.voucher : address(0);
    }

    /// @notice The messaging public key `member` published, or empty.
    function encryptionKeyOf(address member) external view returns (bytes memory) {
        return _encryptionKeys[member];
    }

    // ---------------------------------------------------------------- internals

    function _requireVoucher(uint256 unionId, address member) private view {
        _requireUnion(unionId);
        if (!_mayVouch(unionId, msg.sender, member)) revert NotAllowedToVouch(unionId, msg.sender, member);
    }

    function _mayVouch(uint256 unionId, address voucher, address member) private view returns (bool) {
        if (voucher == member) return false;
        SocialTree.Role role = _nodeOf(unionId, voucher).role;
        return role == SocialTree.Role.Leader || role == SocialTree.Role.Officer
            || (role == SocialTree.Role.Member && _nodeOf(unionId, member).sponsor == voucher);
    }
}
