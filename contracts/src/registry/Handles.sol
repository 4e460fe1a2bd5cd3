// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Admission} from "./Admission.sol";
import {SocialTree} from "../libraries/SocialTree.sol";
import {HandleGrammar} from "../libraries/HandleGrammar.sol";

/// @title Handles
/// @notice Who claims which site handle (`x:alice`), vouches for those claims, challenges of
/// squatted claims, and members' messaging keys.
/// @dev A claim alone proves nothing: clients show a handle as a member's only with the member's
/// bio proof or a vouch (see `vouchOf`). Handles follow `HandleGrammar` (`platform:name`, lower
/// case); each site's own name rules live in the clients.
/// Every owner's claims are kept twice, without copying the text: in claim order (`claimsOf`) and
/// per platform (`claimOn`), both removed by swap-and-pop through a stored position, so claiming,
/// unclaiming and `claimOn` cost the same whatever the number of claims an owner holds.
///
/// Squatting. Claims are first come, so anyone may claim someone else's handle first. A union's
/// leader or officer who checked a member's bio proof of a handle that another address holds may
/// challenge that claim for the member (`challengeHandle`). Unless, within `CHALLENGE_PERIOD`,
/// a leader or officer of the same union vouches for the holder's claim, the member takes the
/// handle over (`takeHandle`, within a further `CHALLENGE_PERIOD`), and the challenger's
/// check becomes a vouch for the new claim. Clients still verify every claim by bio proof or by
/// a vouch in a union the viewer follows, so a takeover by a hostile union verifies nobody.
///
/// Messaging keys are published with proof of possession: the key signs the account (EIP-712
/// `MessagingKey`), so nobody can publish another member's key as their own.
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
    mapping(bytes32 handleHash => mapping(address challenger => Challenge)) private _challenges;

    /// @dev A standing challenge of the claim numbered `claimNonce`: `challenger` (a member of
    /// `unionId`) may take the handle over after `deadline` unless the claim is defended.
    struct Challenge {
        address challenger;
        uint64 claimNonce;
        address voucher;
        uint64 deadline;
        uint256 unionId;
    }

    /// @notice How long a holder's union has to defend a challenged claim, and then how long the
    /// challenger has to take the handle over.
    uint64 public constant CHALLENGE_PERIOD = 7 days;

    /// @notice EIP-712 type hash of `MessagingKey`: what a messaging key signs to be published.
    bytes32 public constant MESSAGING_KEY_TYPEHASH = keccak256("MessagingKey(address account)");

    /// @dev secp256k1's field prime; (P + 1) / 4 is the square-root exponent.
    uint256 private constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;

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
    /// @notice `voucher`, a leader or officer of `unionId`, challenged `holder`'s claim of
    /// `handle` for `challenger`, who may take it over after `deadline`.
    event HandleChallenged(
        bytes32 indexed handleHash,
        address indexed holder,
        address indexed challenger,
        uint256 unionId,
        address voucher,
        uint64 deadline,
        string handle
    );
    /// @notice A leader or officer of the challenge's union vouched for `holder`'s claim: the
    /// challenge by `challenger` is over.
    event ChallengeDefended(bytes32 indexed handleHash, address indexed holder, address indexed challenger);
    /// @notice `challenger` took `handle` over from `holder` (after `HandleUnclaimed`,
    /// `HandleClaimed` and `Vouched`).
    event HandleTakenOver(
        bytes32 indexed handleHash, address indexed holder, address indexed challenger, uint256 unionId, string handle
    );

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
    /// @notice A messaging key is a 33-byte compressed secp256k1 public key, a point of the curve.
    error InvalidEncryptionKey();
    /// @notice The proof is not the messaging key's signature of `MessagingKey(caller)`.
    error InvalidKeyProof();
    /// @notice Only a leader or officer of the union may challenge for, or defend, a claim.
    error NotAllowedToChallenge(uint256 unionId, address account);
    /// @notice Nobody else claims `handle`: claim it instead.
    error NothingToChallenge(string handle);
    /// @notice A leader or officer of `unionId` vouches for the holder's claim.
    error ClaimDefended(string handle, uint256 unionId);
    /// @notice `challenger` already has a challenge of `handle` that has not run its course.
    error ChallengePending(string handle, address challenger, uint64 deadline);
    /// @notice `account` has no challenge of `handle`'s current claim.
    error NoChallenge(string handle, address account);
    /// @notice The holder's union may still defend the claim until `deadline`.
    error ChallengeStillOpen(string handle, uint64 deadline);
    /// @notice The challenge no longer holds: the claim changed, it was not taken in time, or the
    /// challenger or its voucher lost their place in the union.
    error ChallengeLapsed(string handle);

    // ---------------------------------------------------------------- claims

    /// @notice Claims a handle such as `x:alice` or `facebook:alice.smith` for the caller.
    /// @dev Handles must already be lower-case; a claim alone proves nothing (see `vouchOf`).
    function claimHandle(string calldata handle) external {
        if (HandleGrammar.platformLength(bytes(handle)) == 0) revert InvalidHandle(handle);
        bytes32 handleHash = keccak256(bytes(handle));
        address owner = _handleClaims[handleHash].owner;
        if (owner != address(0)) revert HandleTaken(handle, owner);
        _addClaim(msg.sender, handle, handleHash);
    }

    /// @notice Gives up a handle the caller claimed; vouches for that claim lapse with it.
    /// @dev The caller's last claim (and its last claim on that platform) takes the freed place.
    function unclaimHandle(string calldata handle) external {
        bytes32 handleHash = keccak256(bytes(handle));
        if (_handleClaims[handleHash].owner != msg.sender) revert HandleNotClaimed(handle, msg.sender);
        _removeClaim(msg.sender, handle, handleHash);
    }

    // ---------------------------------------------------------------- challenges

    /// @notice Challenges another address's claim of `handle` for `challenger`, a member of
    /// `unionId` whose bio proof of the handle the caller, a leader or officer of `unionId`, checked.
    /// The challenger may take the handle over after `CHALLENGE_PERIOD` unless a leader or officer
    /// of `unionId` vouches for the holder's claim meanwhile. Challenges by different challengers
    /// run side by side (so nobody can hold the place of a genuine one); the first taken wins.
    function challengeHandle(uint256 unionId, address challenger, string calldata handle) external {
        _requireMember(unionId, challenger);
        if (msg.sender == challenger || !_isAuthority(unionId, msg.sender)) {
            revert NotAllowedToChallenge(unionId, msg.sender);
        }
        bytes32 handleHash = keccak256(bytes(handle));
        Claim storage claim = _handleClaims[handleHash];
        address holder = claim.owner;
        if (holder == address(0) || holder == challenger) revert NothingToChallenge(handle);
        if (_defended(unionId, holder, handleHash, claim.nonce)) revert ClaimDefended(handle, unionId);
        Challenge storage standing = _challenges[handleHash][challenger];
        if (_holds(standing, claim.nonce)) revert ChallengePending(handle, challenger, standing.deadline);
        uint64 deadline = uint64(block.timestamp) + CHALLENGE_PERIOD;
        _challenges[handleHash][challenger] = Challenge({
            challenger: challenger, claimNonce: claim.nonce, voucher: msg.sender, deadline: deadline, unionId: unionId
        });
        emit HandleChallenged(handleHash, holder, challenger, unionId, msg.sender, deadline, handle);
    }

    /// @notice Ends `challenger`'s challenge once its union vouches for the holder's claim through
    /// a leader or officer. Anyone may call it; `takeHandle` refuses a defended claim all the same.
    function defendHandle(string calldata handle, address challenger) external {
        bytes32 handleHash = keccak256(bytes(handle));
        Challenge memory c = _challenges[handleHash][challenger];
        Claim storage claim = _handleClaims[handleHash];
        if (c.challenger == address(0) || c.claimNonce != claim.nonce) revert NoChallenge(handle, challenger);
        if (!_defended(c.unionId, claim.owner, handleHash, claim.nonce)) revert ChallengeStillOpen(handle, c.deadline);
        delete _challenges[handleHash][challenger];
        emit ChallengeDefended(handleHash, claim.owner, c.challenger);
    }

    /// @notice The challenger takes `handle` over once the challenge period has passed without
    /// defence; its voucher's check becomes a vouch for the new claim in the challenge's union.
    function takeHandle(string calldata handle) external {
        bytes32 handleHash = keccak256(bytes(handle));
        Challenge memory c = _challenges[handleHash][msg.sender];
        if (c.challenger != msg.sender) revert NoChallenge(handle, msg.sender);
        Claim storage claim = _handleClaims[handleHash];
        address holder = claim.owner;
        // forge-lint: disable-next-line(block-timestamp) -- periods are days; seconds of drift do not matter
        if (block.timestamp <= c.deadline) revert ChallengeStillOpen(handle, c.deadline);
        if (holder == address(0) || !_holds(c, claim.nonce)) revert ChallengeLapsed(handle);
        if (_defended(c.unionId, holder, handleHash, claim.nonce)) revert ClaimDefended(handle, c.unionId);
        delete _challenges[handleHash][msg.sender];
        _removeClaim(holder, handle, handleHash);
        uint64 nonce = _addClaim(msg.sender, handle, handleHash);
        _vouches[c.unionId][msg.sender][handleHash] = Vouch({voucher: c.voucher, claimNonce: nonce});
        emit Vouched(c.unionId, msg.sender, c.voucher, handle);
        emit HandleTakenOver(handleHash, holder, msg.sender, c.unionId, handle);
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

    /// @notice Publishes the caller's messaging public key (33-byte compressed secp256k1) with
    /// proof that the caller holds it: `proof` is the key's own signature (65 bytes, r s v) of
    /// `messagingKeyDigest(caller)`, so nobody can publish another member's key as theirs.
    function setEncryptionKey(bytes calldata key, bytes calldata proof) external {
        address keyAddress = _addressOfKey(key);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(_messagingKeyDigest(msg.sender), proof);
        if (err != ECDSA.RecoverError.NoError || signer != keyAddress) revert InvalidKeyProof();
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

    /// @notice `challenger`'s challenge of `handle`'s current claim while it holds (see
    /// `takeHandle`); all zero otherwise.
    function challengeOf(string calldata handle, address challenger) external view returns (Challenge memory c) {
        bytes32 handleHash = keccak256(bytes(handle));
        c = _challenges[handleHash][challenger];
        if (!_holds(c, _handleClaims[handleHash].nonce)) delete c;
    }

    /// @notice The EIP-712 digest a messaging key signs to be published by `account`.
    function messagingKeyDigest(address account) external view returns (bytes32) {
        return _messagingKeyDigest(account);
    }

    /// @notice The messaging public key `member` published, or empty.
    function encryptionKeyOf(address member) external view returns (bytes memory) {
        return _encryptionKeys[member];
    }

    // ---------------------------------------------------------------- internals

    function _addClaim(address owner, string calldata handle, bytes32 handleHash) private returns (uint64 nonce) {
        Claim storage claim = _handleClaims[handleHash];
        claim.owner = owner;
        nonce = ++claim.nonce;
        string[] storage claims = _claims[owner];
        bytes32 platformHash = keccak256(HandleGrammar.platformOf(bytes(handle)));
        bytes32[] storage onPlatform = _claimsOnPlatform[owner][platformHash];
        _claimPositions[handleHash] =
            ClaimPosition({inClaims: uint128(claims.length), onPlatform: uint128(onPlatform.length)});
        claims.push(handle);
        onPlatform.push(handleHash);
        emit HandleClaimed(owner, handleHash, handle);
    }

    /// @dev The owner's last claim (and its last claim on that platform) takes the freed place.
    function _removeClaim(address owner, string calldata handle, bytes32 handleHash) private {
        _handleClaims[handleHash].owner = address(0);
        ClaimPosition memory position = _claimPositions[handleHash];
        delete _claimPositions[handleHash];

        string[] storage claims = _claims[owner];
        uint256 last = claims.length - 1;
        if (position.inClaims != last) {
            claims[position.inClaims] = claims[last];
            _claimPositions[keccak256(bytes(claims[last]))].inClaims = position.inClaims;
        }
        claims.pop();

        // A claimed handle follows the grammar, so its platform is found within 17 bytes.
        bytes32[] storage onPlatform = _claimsOnPlatform[owner][keccak256(HandleGrammar.platformOf(bytes(handle)))];
        last = onPlatform.length - 1;
        if (position.onPlatform != last) {
            bytes32 moved = onPlatform[last];
            onPlatform[position.onPlatform] = moved;
            _claimPositions[moved].onPlatform = position.onPlatform;
        }
        onPlatform.pop();
        emit HandleUnclaimed(owner, handleHash, handle);
    }

    /// @dev The challenge concerns the current claim, has not run out, and its challenger and
    /// voucher keep their places in its union.
    function _holds(Challenge memory c, uint64 claimNonce) private view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp) -- periods are days; seconds of drift do not matter
        return c.challenger != address(0) && c.claimNonce == claimNonce
            && block.timestamp <= uint256(c.deadline) + CHALLENGE_PERIOD
            && _nodeOf(c.unionId, c.challenger).role != SocialTree.Role.None && _isAuthority(c.unionId, c.voucher);
    }

    function _isAuthority(uint256 unionId, address account) private view returns (bool) {
        SocialTree.Role role = _nodeOf(unionId, account).role;
        return role == SocialTree.Role.Leader || role == SocialTree.Role.Officer;
    }

    /// @dev The holder is a member of `unionId` whose current claim a leader or officer vouches for.
    function _defended(uint256 unionId, address holder, bytes32 handleHash, uint64 claimNonce)
        private
        view
        returns (bool)
    {
        Vouch storage v = _vouches[unionId][holder][handleHash];
        return v.claimNonce == claimNonce && v.voucher != holder && _nodeOf(unionId, holder).role != SocialTree.Role.None
            && _isAuthority(unionId, v.voucher);
    }

    function _messagingKeyDigest(address account) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(MESSAGING_KEY_TYPEHASH, account)));
    }

    /// @dev The Ethereum address of a compressed secp256k1 key, which must be a point of the
    /// curve: y = (x³ + 7)^((P + 1) / 4), the square root since P ≡ 3 (mod 4).
    function _addressOfKey(bytes calldata key) private view returns (address) {
        if (key.length != 33 || (key[0] != 0x02 && key[0] != 0x03)) revert InvalidEncryptionKey();
        uint256 x = uint256(bytes32(key[1:]));
        if (x >= P) revert InvalidEncryptionKey();
        uint256 square = addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
        (bool ok, bytes memory result) = address(0x05).staticcall(abi.encode(32, 32, 32, square, (P + 1) / 4, P));
        if (!ok) revert InvalidEncryptionKey();
        uint256 y = abi.decode(result, (uint256));
        if (mulmod(y, y, P) != square) revert InvalidEncryptionKey();
        if (y & 1 != uint8(key[0]) & 1) y = P - y;
        return address(uint160(uint256(keccak256(abi.encode(x, y)))));
    }

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
