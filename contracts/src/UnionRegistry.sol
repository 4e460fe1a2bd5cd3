// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title UnionRegistry
/// @notice On-chain state of network unions: each union is a social tree with its leader at the
/// root and every member supporting a sponsor (its parent). Support counts are kept incrementally,
/// so reading a member's numbers is O(1) and every change walks only the member's ancestors.
/// @dev Maximum depth: no member is ever more than `MAX_DEPTH` sponsor steps below the leader.
/// `join` checks the new member's depth; `switchSponsor` checks the moved subtree against an upper
/// bound of its height (`Node.height`), which is raised on every walk and never lowered, so the
/// bound may be conservative after a subtree has moved away but is never too small.
/// A member that leaves stays in the tree as an inactive node, so its supporters keep their place
/// and every ancestor's counts stay exact; it can rejoin (under any sponsor) later.
/// Known limit: the height bound is never lowered, so a member whose supporters all moved away
/// can still be refused (`TooDeep`) a sponsor near the maximum depth.
/// Admission: a union is Open (anyone may `join` under a member) or InviteOnly (newcomers need an
/// invite: an EIP-712 `Invite` signed by a member, redeemed once through `joinWithInvite`).
/// EIP-712 domain: name "NetworkUnion", version "1", this chain's id, this registry's address.
/// Rallies: the leader or an officer posts a union's call to action (`postRally`) with a deadline;
/// members answer it (`answerRally`) once each, on-chain, building a public track record.
contract UnionRegistry is EIP712 {
    /// @notice Longest sponsor chain allowed below a leader; bounds the gas of every tree write.
    uint256 public constant MAX_DEPTH = 32;

    /// @notice EIP-712 type hash of `Invite`.
    bytes32 public constant INVITE_TYPEHASH =
        keccak256("Invite(uint256 unionId,address sponsor,bytes32 nonce,uint64 expiry)");

    /// @notice Longest rally text, in bytes (UTF-8), as in a short social post.
    uint256 public constant MAX_RALLY_TEXT = 280;

    /// @notice Longest rally link, in bytes.
    uint256 public constant MAX_RALLY_URI = 200;

    /// @notice Furthest ahead a rally's deadline may be set, from the time it is posted.
    uint256 public constant MAX_RALLY_DURATION = 30 days;

    enum Role {
        None,
        Member,
        Officer,
        Leader
    }

    /// @notice Who may join a union: anyone under a member (Open), or only holders of a member's
    /// signed invite (InviteOnly).
    enum AdmissionPolicy {
        Open,
        InviteOnly
    }

    /// @notice A member's signed offer to sponsor whoever redeems it in `unionId`, once, until
    /// `expiry` (a unix time, inclusive). `nonce` is the sponsor's own choice, unique per invite.
    struct Invite {
        uint256 unionId;
        address sponsor;
        bytes32 nonce;
        uint64 expiry;
    }

    /// @dev One storage slot: the ancestor walk reads the parent and updates the counts together.
    struct Node {
        address sponsor;
        uint32 supportBase;
        uint32 directSupporters;
        uint16 height;
        Role role;
        bool joined;
    }

    /// @dev `admission` shares the leader's slot.
    struct Union {
        address leader;
        AdmissionPolicy admission;
        bytes32 bylawsHash;
        string name;
        string purpose;
    }

    struct Vouch {
        address voucher;
        uint64 claimNonce;
    }

    /// @dev Two fixed slots: (author, deadline, answers) is all `answerRally` reads and writes;
    /// (unionId, postedAt) is the second. `unionId` is at most `unionCount`, far below 2**192.
    /// The strings take their own slots.
    struct Rally {
        address author;
        uint64 deadline;
        uint32 answers;
        uint192 unionId;
        uint64 postedAt;
        string text;
        string uri;
    }

    /// @notice What a client needs to draw one membership of a handle's owner.
    struct MembershipView {
        uint256 unionId;
        string unionName;
        string purpose;
        Role role;
        string officerTitle;
        address sponsor;
        string sponsorHandle;
        uint32 directSupporters;
        uint32 supportBase;
        bool vouched;
        address voucher;
    }

    uint256 public unionCount;
    mapping(uint256 unionId => Union) private _unions;
    mapping(uint256 unionId => mapping(address member => Node)) private _nodes;
    mapping(uint256 unionId => mapping(address member => string)) private _officerTitles;
    mapping(address member => uint256[]) private _unionsOf;

    mapping(bytes32 handleHash => address) private _handleOwner;
    mapping(bytes32 handleHash => uint64) private _claimNonce;
    mapping(address owner => string[]) private _claims;
    mapping(uint256 unionId => mapping(address member => mapping(bytes32 handleHash => Vouch))) private _vouches;

    mapping(address member => bytes) private _encryptionKeys;

    mapping(address sponsor => mapping(bytes32 nonce => bool)) private _inviteUsed;

    mapping(uint256 unionId => address token) private _unionTokens;

    /// @notice Rallies posted so far across all unions; rally ids run from 1 to `rallyCount`.
    uint256 public rallyCount;
    mapping(uint256 rallyId => Rally) private _rallies;
    mapping(uint256 rallyId => mapping(address member => bool)) private _rallyAnswered;
    mapping(uint256 unionId => mapping(address member => uint32)) private _ralliesAnswered;

    event UnionCreated(uint256 indexed unionId, address indexed leader, string name, string purpose, bytes32 bylawsHash);
    event Joined(uint256 indexed unionId, address indexed member, address indexed sponsor);
    event SponsorSwitched(uint256 indexed unionId, address indexed member, address indexed oldSponsor, address newSponsor);
    event Left(uint256 indexed unionId, address indexed member);
    event OfficerSet(uint256 indexed unionId, address indexed member, string title);
    event OfficerRemoved(uint256 indexed unionId, address indexed member);
    event HandleClaimed(address indexed owner, bytes32 indexed handleHash, string handle);
    event HandleUnclaimed(address indexed owner, bytes32 indexed handleHash, string handle);
    event Vouched(uint256 indexed unionId, address indexed member, address indexed voucher, string handle);
    event Unvouched(uint256 indexed unionId, address indexed member, address indexed voucher, string handle);
    event EncryptionKeySet(address indexed member, bytes key);
    /// @notice The leader set who may join `unionId`.
    event AdmissionPolicySet(uint256 indexed unionId, AdmissionPolicy policy);
    /// @notice `member` redeemed `sponsor`'s invite `nonce` (followed by `Joined`).
    event InviteUsed(uint256 indexed unionId, address indexed sponsor, bytes32 nonce, address indexed member);
    /// @notice `sponsor` withdrew its invite `nonce` before it was redeemed.
    event InviteCancelled(address indexed sponsor, bytes32 nonce);
    /// @notice The leader named `token` as the union's ERC-20 token (zero: none).
    event UnionTokenSet(uint256 indexed unionId, address token);
    /// @notice `author` (the leader or an officer) posted rally `rallyId` in `unionId`, open to
    /// answers until `deadline` (a unix time, inclusive).
    event RallyPosted(
        uint256 indexed unionId, uint256 indexed rallyId, address indexed author, string text, string uri, uint64 deadline
    );
    /// @notice `member` answered rally `rallyId` of `unionId`.
    event RallyAnswered(uint256 indexed unionId, uint256 indexed rallyId, address indexed member);

    error UnknownUnion(uint256 unionId);
    error EmptyName();
    error NotAMember(uint256 unionId, address account);
    error AlreadyMember(uint256 unionId, address account);
    error NotLeader(uint256 unionId, address account);
    error LeaderCannotMove(uint256 unionId);
    error SameSponsor(uint256 unionId, address sponsor);
    error CycleDetected(uint256 unionId, address member, address sponsor);
    error TooDeep(uint256 unionId, uint256 depth);
    error InvalidHandle(string handle);
    error HandleTaken(string handle, address owner);
    error HandleNotClaimed(string handle, address owner);
    error NotAllowedToVouch(uint256 unionId, address voucher, address member);
    error NotVouched(uint256 unionId, address member, string handle);
    error InvalidEncryptionKey();
    error InvalidOfficer(uint256 unionId, address member);
    /// @notice `join` in an InviteOnly union; use `joinWithInvite`.
    error InviteRequired(uint256 unionId);
    /// @notice The invite was issued for another union than the one being joined.
    error InviteForOtherUnion(uint256 inviteUnionId, uint256 unionId);
    /// @notice The invite's expiry has passed.
    error InviteExpired(uint64 expiry);
    /// @notice The invite was already redeemed or cancelled by its sponsor.
    error InviteAlreadyUsed(address sponsor, bytes32 nonce);
    /// @notice The signature is malformed or was not made by the invite's sponsor for this
    /// registry and chain.
    error InvalidInviteSignature();
    /// @notice Only the union's leader and its officers may post rallies.
    error NotRallyAuthor(uint256 unionId, address account);
    /// @notice Rally text must be 1 to `MAX_RALLY_TEXT` bytes.
    error InvalidRallyText();
    /// @notice A rally link may be empty and at most `MAX_RALLY_URI` bytes.
    error InvalidRallyUri();
    /// @notice A rally deadline must be after now and at most `MAX_RALLY_DURATION` ahead.
    error InvalidDeadline(uint64 deadline);
    /// @notice No rally has this id.
    error UnknownRally(uint256 rallyId);
    /// @notice The rally's deadline has passed.
    error RallyClosed(uint256 rallyId, uint64 deadline);
    /// @notice `member` already answered this rally.
    error AlreadyAnswered(uint256 rallyId, address member);

    constructor() EIP712("NetworkUnion", "1") {}

    // ---------------------------------------------------------------- unions and the social tree

    /// @notice Creates a union; the caller becomes its leader and the root of its tree.
    /// @param bylawsHash Hash of the union's bylaws document (e.g. SHA-256 of the text).
    /// @return unionId The new union's id, counting from 1.
    function createUnion(string calldata name, string calldata purpose, bytes32 bylawsHash)
        external
        returns (uint256 unionId)
    {
        if (bytes(name).length == 0) revert EmptyName();
        unionId = ++unionCount;
        _unions[unionId] = Union({
            leader: msg.sender,
            admission: AdmissionPolicy.Open,
            bylawsHash: bylawsHash,
            name: name,
            purpose: purpose
        });
        _nodes[unionId][msg.sender] = Node({
            sponsor: address(0),
            supportBase: 0,
            directSupporters: 0,
            height: 0,
            role: Role.Leader,
            joined: true
        });
        _unionsOf[msg.sender].push(unionId);
        emit UnionCreated(unionId, msg.sender, name, purpose, bylawsHash);
        emit Joined(unionId, msg.sender, address(0));
    }

    /// @notice Joins an Open union as a supporter of `sponsor`, who must be a member. A member who
    /// left rejoins here too, bringing its remaining supporters along. An InviteOnly union refuses
    /// this (`InviteRequired`); use `joinWithInvite` there.
    function join(uint256 unionId, address sponsor) external {
        // An unknown union reads as Open and `_join` refuses it (`UnknownUnion`).
        if (_unions[unionId].admission == AdmissionPolicy.InviteOnly) revert InviteRequired(unionId);
        _join(unionId, sponsor);
    }

    /// @notice Joins `unionId` (Open or InviteOnly) as a supporter of `invite.sponsor`, redeeming
    /// the invite, which `invite.sponsor` signed (EIP-712, see `inviteDigest`). The invite is then
    /// used up. Otherwise the rules of `join` apply: the sponsor must be a member now, the caller
    /// must not be one, a member who left rejoins, and the depth limit holds.
    /// @dev An invite does not name its invitee: whoever presents it first may redeem it.
    /// @param signature 65-byte ECDSA signature (r, s, v) over `inviteDigest(invite)`.
    function joinWithInvite(uint256 unionId, Invite calldata invite, bytes calldata signature) external {
        if (invite.unionId != unionId) revert InviteForOtherUnion(invite.unionId, unionId);
        // forge-lint: disable-next-line(block-timestamp) -- expiries are coarse; seconds of drift do not matter
        if (block.timestamp > invite.expiry) revert InviteExpired(invite.expiry);
        address sponsor = invite.sponsor;
        bytes32 nonce = invite.nonce;
        if (_inviteUsed[sponsor][nonce]) revert InviteAlreadyUsed(sponsor, nonce);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(_inviteDigest(invite), signature);
        if (err != ECDSA.RecoverError.NoError || signer != sponsor) revert InvalidInviteSignature();
        _inviteUsed[sponsor][nonce] = true;
        emit InviteUsed(unionId, sponsor, nonce, msg.sender);
        _join(unionId, sponsor);
    }

    /// @notice Withdraws one of the caller's invites before anyone redeems it.
    /// @param nonce The `nonce` of the invite the caller signed as its sponsor.
    function cancelInvite(bytes32 nonce) external {
        if (_inviteUsed[msg.sender][nonce]) revert InviteAlreadyUsed(msg.sender, nonce);
        _inviteUsed[msg.sender][nonce] = true;
        emit InviteCancelled(msg.sender, nonce);
    }

    /// @notice The leader sets who may join: Open (`join` or `joinWithInvite`) or InviteOnly
    /// (`joinWithInvite` only). Existing members are not affected.
    function setAdmissionPolicy(uint256 unionId, AdmissionPolicy policy) external {
        _requireLeader(unionId);
        _unions[unionId].admission = policy;
        emit AdmissionPolicySet(unionId, policy);
    }

    /// @notice The leader names the union's ERC-20 token (e.g. the one its members tip in), or
    /// clears it with the zero address.
    /// @dev The address is recorded as given: nothing checks that it is an ERC-20.
    function setUnionToken(uint256 unionId, address token) external {
        _requireLeader(unionId);
        _unionTokens[unionId] = token;
        emit UnionTokenSet(unionId, token);
    }

    /// @notice Moves the caller's support (and its whole subtree) to another member.
    function switchSponsor(uint256 unionId, address newSponsor) external {
        _requireUnion(unionId);
        Node storage node = _nodes[unionId][msg.sender];
        if (node.role == Role.None) revert NotAMember(unionId, msg.sender);
        if (node.role == Role.Leader) revert LeaderCannotMove(unionId);
        if (newSponsor == node.sponsor) revert SameSponsor(unionId, newSponsor);
        _requireMember(unionId, newSponsor);
        address oldSponsor = node.sponsor;
        _nodes[unionId][oldSponsor].directSupporters -= 1;
        _move(unionId, msg.sender, node, newSponsor, false);
        _nodes[unionId][newSponsor].directSupporters += 1;
        emit SponsorSwitched(unionId, msg.sender, oldSponsor, newSponsor);
    }

    /// @notice Withdraws the caller's support. Its supporters keep their place; the caller stays
    /// in the tree as an inactive node and no longer counts in any number.
    function leave(uint256 unionId) external {
        _requireUnion(unionId);
        Node storage node = _nodes[unionId][msg.sender];
        if (node.role == Role.None) revert NotAMember(unionId, msg.sender);
        if (node.role == Role.Leader) revert LeaderCannotMove(unionId);
        if (node.role == Role.Officer) {
            delete _officerTitles[unionId][msg.sender];
            emit OfficerRemoved(unionId, msg.sender);
        }
        node.role = Role.None;
        _nodes[unionId][node.sponsor].directSupporters -= 1;
        _walkDown(unionId, node.sponsor, 1);
        emit Left(unionId, msg.sender);
    }

    /// @notice The leader appoints a member as an officer with a title (e.g. "Treasurer").
    function setOfficer(uint256 unionId, address member, string calldata title) external {
        _requireLeader(unionId);
        Node storage node = _nodes[unionId][member];
        if (node.role != Role.Member && node.role != Role.Officer) revert InvalidOfficer(unionId, member);
        node.role = Role.Officer;
        _officerTitles[unionId][member] = title;
        emit OfficerSet(unionId, member, title);
    }

    /// @notice The leader returns an officer to plain membership.
    function removeOfficer(uint256 unionId, address member) external {
        _requireLeader(unionId);
        Node storage node = _nodes[unionId][member];
        if (node.role != Role.Officer) revert InvalidOfficer(unionId, member);
        node.role = Role.Member;
        delete _officerTitles[unionId][member];
        emit OfficerRemoved(unionId, member);
    }

    // ---------------------------------------------------------------- rallies

    /// @notice The leader or an officer posts a rally: the union's call to action (e.g. "Call the
    /// depot at 9 and ask about the rota"), with an optional link, open to answers until
    /// `deadline`.
    /// @param text What members are asked to do: 1 to `MAX_RALLY_TEXT` bytes.
    /// @param uri An optional link (empty for none), at most `MAX_RALLY_URI` bytes; recorded as
    /// given, nothing checks its form.
    /// @param deadline Unix time until which (inclusive) members may answer: after the current
    /// block's time and at most `MAX_RALLY_DURATION` after it.
    /// @return rallyId The new rally's id, counting from 1 across all unions.
    function postRally(uint256 unionId, string calldata text, string calldata uri, uint64 deadline)
        external
        returns (uint256 rallyId)
    {
        _requireUnion(unionId);
        Role role = _nodes[unionId][msg.sender].role;
        if (role != Role.Leader && role != Role.Officer) revert NotRallyAuthor(unionId, msg.sender);
        if (bytes(text).length == 0 || bytes(text).length > MAX_RALLY_TEXT) revert InvalidRallyText();
        if (bytes(uri).length > MAX_RALLY_URI) revert InvalidRallyUri();
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse; seconds of drift do not matter
        if (deadline <= block.timestamp || deadline > block.timestamp + MAX_RALLY_DURATION) {
            revert InvalidDeadline(deadline);
        }
        rallyId = ++rallyCount;
        Rally storage r = _rallies[rallyId];
        r.author = msg.sender;
        r.deadline = deadline;
        r.unionId = uint192(unionId);
        r.postedAt = uint64(block.timestamp);
        r.text = text;
        if (bytes(uri).length != 0) r.uri = uri;
        emit RallyPosted(unionId, rallyId, msg.sender, text, uri, deadline);
    }

    /// @notice Answers a rally: the caller, a current member of the rally's union (any role),
    /// records that it took part. Allowed once per member and rally, up to and including the
    /// rally's deadline (closed once `block.timestamp > deadline`).
    /// @dev Answers are on-chain so that each member's participation is a public, attributable
    /// track record (`ralliesAnswered`, `hasAnswered`) that anyone can check and nobody can
    /// inflate off-chain: each answer is a transaction signed by the member itself, counted once.
    /// Checks run in this order: `UnknownRally`, `RallyClosed`, `NotAMember`, `AlreadyAnswered`.
    function answerRally(uint256 rallyId) external {
        Rally storage r = _rallies[rallyId];
        if (r.author == address(0)) revert UnknownRally(rallyId);
        uint64 deadline = r.deadline;
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse; seconds of drift do not matter
        if (block.timestamp > deadline) revert RallyClosed(rallyId, deadline);
        uint256 unionId = r.unionId;
        if (_nodes[unionId][msg.sender].role == Role.None) revert NotAMember(unionId, msg.sender);
        if (_rallyAnswered[rallyId][msg.sender]) revert AlreadyAnswered(rallyId, msg.sender);
        _rallyAnswered[rallyId][msg.sender] = true;
        r.answers += 1;
        _ralliesAnswered[unionId][msg.sender] += 1;
        emit RallyAnswered(unionId, rallyId, msg.sender);
    }

    // ---------------------------------------------------------------- handles and vouches

    /// @notice Claims a handle such as `x:alice` or `facebook:alice.smith` for the caller.
    /// @dev Handles must already be lower-case; a claim alone proves nothing (see `vouchOf`).
    function claimHandle(string calldata handle) external {
        _validateHandle(handle);
        bytes32 handleHash = keccak256(bytes(handle));
        address owner = _handleOwner[handleHash];
        if (owner != address(0)) revert HandleTaken(handle, owner);
        _handleOwner[handleHash] = msg.sender;
        _claimNonce[handleHash] += 1;
        _claims[msg.sender].push(handle);
        emit HandleClaimed(msg.sender, handleHash, handle);
    }

    /// @notice Gives up a handle the caller claimed; vouches for that claim lapse with it.
    function unclaimHandle(string calldata handle) external {
        bytes32 handleHash = keccak256(bytes(handle));
        if (_handleOwner[handleHash] != msg.sender) revert HandleNotClaimed(handle, msg.sender);
        delete _handleOwner[handleHash];
        string[] storage claims = _claims[msg.sender];
        for (uint256 i = 0; i < claims.length; i++) {
            if (keccak256(bytes(claims[i])) == handleHash) {
                claims[i] = claims[claims.length - 1];
                claims.pop();
                break;
            }
        }
        emit HandleUnclaimed(msg.sender, handleHash, handle);
    }

    /// @notice Records that the caller checked `member`'s proof of `handle`. Allowed for the
    /// member's sponsor, the union's leader and its officers, never for oneself.
    function vouch(uint256 unionId, address member, string calldata handle) external {
        _requireMember(unionId, member);
        _requireVoucher(unionId, member);
        bytes32 handleHash = keccak256(bytes(handle));
        if (_handleOwner[handleHash] != member) revert HandleNotClaimed(handle, member);
        _vouches[unionId][member][handleHash] = Vouch({voucher: msg.sender, claimNonce: _claimNonce[handleHash]});
        emit Vouched(unionId, member, msg.sender, handle);
    }

    /// @notice Withdraws a vouch; allowed for anyone who could vouch now.
    function unvouch(uint256 unionId, address member, string calldata handle) external {
        _requireVoucher(unionId, member);
        bytes32 handleHash = keccak256(bytes(handle));
        Vouch storage v = _vouches[unionId][member][handleHash];
        if (v.voucher == address(0)) revert NotVouched(unionId, member, handle);
        address voucher = v.voucher;
        delete _vouches[unionId][member][handleHash];
        emit Unvouched(unionId, member, voucher, handle);
    }

    /// @notice Publishes the caller's messaging public key (33-byte compressed secp256k1).
    function setEncryptionKey(bytes calldata key) external {
        if (key.length != 33 || (key[0] != 0x02 && key[0] != 0x03)) revert InvalidEncryptionKey();
        _encryptionKeys[msg.sender] = key;
        emit EncryptionKeySet(msg.sender, key);
    }

    // ---------------------------------------------------------------- reads

    /// @notice A union's public record.
    function getUnion(uint256 unionId)
        external
        view
        returns (address leader, string memory name, string memory purpose, bytes32 bylawsHash, uint256 size)
    {
        _requireUnion(unionId);
        Union storage u = _unions[unionId];
        return (u.leader, u.name, u.purpose, u.bylawsHash, uint256(_nodes[unionId][u.leader].supportBase) + 1);
    }

    /// @notice Who may join `unionId` (Open for unknown unions).
    function admissionPolicy(uint256 unionId) external view returns (AdmissionPolicy) {
        return _unions[unionId].admission;
    }

    /// @notice The ERC-20 token the leader named for `unionId`; zero when none (and for unknown
    /// unions).
    function unionToken(uint256 unionId) external view returns (address) {
        return _unionTokens[unionId];
    }

    /// @notice Whether `sponsor`'s invite with `nonce` was redeemed or cancelled.
    function inviteUsed(address sponsor, bytes32 nonce) external view returns (bool) {
        return _inviteUsed[sponsor][nonce];
    }

    /// @notice The EIP-712 digest the sponsor signs for `invite` (for clients to check their
    /// encoding): keccak256("\x19\x01" || domainSeparator || hashStruct(invite)).
    function inviteDigest(Invite calldata invite) external view returns (bytes32) {
        return _inviteDigest(invite);
    }

    /// @notice A rally as posted, with its answer count so far.
    /// @return unionId The union it was posted in.
    /// @return author Who posted it (the leader or an officer at the time).
    /// @return text What members are asked to do.
    /// @return uri Its link, empty when none.
    /// @return deadline Last unix time (inclusive) at which members may answer.
    /// @return postedAt Unix time of the block it was posted in.
    /// @return answers How many members answered it.
    function getRally(uint256 rallyId)
        external
        view
        returns (
            uint256 unionId,
            address author,
            string memory text,
            string memory uri,
            uint64 deadline,
            uint64 postedAt,
            uint32 answers
        )
    {
        Rally storage r = _rallies[rallyId];
        if (r.author == address(0)) revert UnknownRally(rallyId);
        return (r.unionId, r.author, r.text, r.uri, r.deadline, r.postedAt, r.answers);
    }

    /// @notice Whether `member` answered rally `rallyId` (false for unknown rallies).
    function hasAnswered(uint256 rallyId, address member) external view returns (bool) {
        return _rallyAnswered[rallyId][member];
    }

    /// @notice How many of `unionId`'s rallies `member` answered: its public track record in that
    /// union. Answers given stay counted after the member leaves (and when it rejoins).
    function ralliesAnswered(uint256 unionId, address member) external view returns (uint32) {
        return _ralliesAnswered[unionId][member];
    }

    /// @notice Current role of `member` (None for non-members and members who left).
    function roleOf(uint256 unionId, address member) external view returns (Role) {
        return _nodes[unionId][member].role;
    }

    /// @notice Whom `member` supports; zero for the leader and for non-members.
    function sponsorOf(uint256 unionId, address member) external view returns (address) {
        return _nodes[unionId][member].sponsor;
    }

    /// @notice Members who support `member` directly.
    function directSupporters(uint256 unionId, address member) external view returns (uint256) {
        return _nodes[unionId][member].directSupporters;
    }

    /// @notice Members who support `member` directly or indirectly (its subtree, itself excluded).
    function supportBase(uint256 unionId, address member) external view returns (uint256) {
        return _nodes[unionId][member].supportBase;
    }

    /// @notice Officer title of `member`, empty when it is not an officer.
    function officerTitle(uint256 unionId, address member) external view returns (string memory) {
        return _officerTitles[unionId][member];
    }

    /// @notice Unions `member` has ever joined, in order (check `roleOf` for current membership).
    function unionsOf(address member) external view returns (uint256[] memory) {
        return _unionsOf[member];
    }

    /// @notice The address that currently claims `handle`, or zero.
    function ownerOfHandle(string calldata handle) external view returns (address) {
        return _handleOwner[keccak256(bytes(handle))];
    }

    /// @notice Handles currently claimed by `owner`.
    function claimsOf(address owner) external view returns (string[] memory) {
        return _claims[owner];
    }

    /// @notice Whether `member`'s current claim of `handle` is vouched in `unionId`, and by whom.
    /// A vouch counts only while the claim is the one vouched for, the member is a member, and the
    /// voucher could still vouch (is still its sponsor, the leader or an officer).
    function vouchOf(uint256 unionId, address member, string calldata handle)
        public
        view
        returns (bool vouched, address voucher)
    {
        bytes32 handleHash = keccak256(bytes(handle));
        Vouch storage v = _vouches[unionId][member][handleHash];
        vouched = v.voucher != address(0) && _handleOwner[handleHash] == member
            && v.claimNonce == _claimNonce[handleHash] && _nodes[unionId][member].role != Role.None
            && _mayVouch(unionId, v.voucher, member);
        voucher = vouched ? v.voucher : address(0);
    }

    /// @notice The messaging public key `member` published, or empty.
    function encryptionKeyOf(address member) external view returns (bytes memory) {
        return _encryptionKeys[member];
    }

    /// @notice Everything a client shows for a handle: its owner and the owner's current
    /// memberships, with counts and whether this handle is vouched in each union.
    function profileOf(string calldata handle)
        external
        view
        returns (address owner, MembershipView[] memory memberships)
    {
        owner = _handleOwner[keccak256(bytes(handle))];
        if (owner == address(0)) return (owner, memberships);
        uint256[] storage ids = _unionsOf[owner];
        uint256 active;
        for (uint256 i = 0; i < ids.length; i++) {
            if (_nodes[ids[i]][owner].role != Role.None) active++;
        }
        memberships = new MembershipView[](active);
        uint256 j;
        for (uint256 i = 0; i < ids.length; i++) {
            Node storage node = _nodes[ids[i]][owner];
            if (node.role == Role.None) continue;
            memberships[j++] = _membershipView(ids[i], owner, node, handle);
        }
    }

    // ---------------------------------------------------------------- internals

    /// @dev The one admission path of `join` and `joinWithInvite`: the caller joins under `sponsor`.
    function _join(uint256 unionId, address sponsor) private {
        _requireUnion(unionId);
        Node storage node = _nodes[unionId][msg.sender];
        if (node.role != Role.None) revert AlreadyMember(unionId, msg.sender);
        _requireMember(unionId, sponsor);
        if (node.joined) {
            // An inactive node: move it (and its subtree) under the new sponsor, then reactivate.
            _move(unionId, msg.sender, node, sponsor, true);
        } else {
            uint256 depth = _walkUp(unionId, sponsor, msg.sender, 1, 1) + 1;
            if (depth > MAX_DEPTH) revert TooDeep(unionId, depth);
            node.sponsor = sponsor;
            node.joined = true;
            _unionsOf[msg.sender].push(unionId);
        }
        node.role = Role.Member;
        _nodes[unionId][sponsor].directSupporters += 1;
        emit Joined(unionId, msg.sender, sponsor);
    }

    function _inviteDigest(Invite calldata invite) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(INVITE_TYPEHASH, invite.unionId, invite.sponsor, invite.nonce, invite.expiry))
        );
    }

    function _membershipView(uint256 unionId, address owner, Node storage node, string calldata handle)
        private
        view
        returns (MembershipView memory m)
    {
        m.unionId = unionId;
        m.unionName = _unions[unionId].name;
        m.purpose = _unions[unionId].purpose;
        m.role = node.role;
        m.officerTitle = _officerTitles[unionId][owner];
        m.sponsor = node.sponsor;
        m.sponsorHandle = _firstClaimOnPlatform(node.sponsor, handle);
        m.directSupporters = node.directSupporters;
        m.supportBase = node.supportBase;
        (m.vouched, m.voucher) = vouchOf(unionId, owner, handle);
    }

    /// @dev The sponsor's claim on the same platform as `handle` (the text up to and including ':').
    function _firstClaimOnPlatform(address account, string calldata handle) private view returns (string memory) {
        if (account == address(0)) return "";
        bytes calldata h = bytes(handle);
        uint256 prefix;
        while (prefix < h.length && h[prefix] != ":") prefix++;
        string[] storage claims = _claims[account];
        for (uint256 i = 0; i < claims.length; i++) {
            bytes memory c = bytes(claims[i]);
            if (c.length > prefix && c[prefix] == ":" && keccak256(_slice(c, prefix)) == keccak256(h[:prefix])) {
                return claims[i];
            }
        }
        return "";
    }

    function _slice(bytes memory b, uint256 length) private pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i = 0; i < length; i++) {
            out[i] = b[i];
        }
    }

    /// @dev Moves `member`'s subtree under `newSponsor`, fixing both ancestor chains' counts.
    /// `activating` adds the member itself to the moved count (a rejoin).
    function _move(uint256 unionId, address member, Node storage node, address newSponsor, bool activating) private {
        uint256 moved = uint256(node.supportBase) + (node.role != Role.None ? 1 : 0);
        if (node.sponsor != address(0) && moved > 0) _walkDown(unionId, node.sponsor, moved);
        if (activating) moved += 1;
        uint256 depth = _walkUp(unionId, newSponsor, member, moved, node.height + 1) + 1;
        if (depth + node.height > MAX_DEPTH) revert TooDeep(unionId, depth + node.height);
        node.sponsor = newSponsor;
    }

    /// @dev Adds `amount` to the support base of `from` and each of its ancestors, raises their
    /// height bounds, and refuses a walk that meets `member` (a cycle). Returns `from`'s depth.
    function _walkUp(uint256 unionId, address from, address member, uint256 amount, uint256 height)
        private
        returns (uint256 depth)
    {
        mapping(address => Node) storage nodes = _nodes[unionId];
        address current = from;
        while (current != address(0)) {
            if (current == member) revert CycleDetected(unionId, member, from);
            Node storage n = nodes[current];
            n.supportBase += uint32(amount);
            if (n.height < height) n.height = uint16(height);
            height++;
            current = n.sponsor;
            if (current != address(0)) depth++;
        }
    }

    /// @dev Subtracts `amount` from the support base of `from` and each of its ancestors.
    function _walkDown(uint256 unionId, address from, uint256 amount) private {
        mapping(address => Node) storage nodes = _nodes[unionId];
        address current = from;
        while (current != address(0)) {
            Node storage n = nodes[current];
            n.supportBase -= uint32(amount);
            current = n.sponsor;
        }
    }

    function _validateHandle(string calldata handle) private pure {
        bytes calldata h = bytes(handle);
        uint256 colon;
        while (colon < h.length && h[colon] != ":") colon++;
        if (colon == h.length) revert InvalidHandle(handle);
        bytes32 platform = keccak256(h[:colon]);
        bytes calldata name = h[colon + 1:];
        if (platform == keccak256("x")) {
            // X: 1-15 of a-z, 0-9, underscore.
            if (name.length == 0 || name.length > 15) revert InvalidHandle(handle);
            for (uint256 i = 0; i < name.length; i++) {
                bytes1 c = name[i];
                if (!_isLowerAlnum(c) && c != "_") revert InvalidHandle(handle);
            }
        } else if (platform == keccak256("facebook")) {
            // Facebook usernames: 5-50 of a-z, 0-9 and periods, starting with a letter or digit.
            if (name.length < 5 || name.length > 50 || !_isLowerAlnum(name[0])) revert InvalidHandle(handle);
            for (uint256 i = 0; i < name.length; i++) {
                bytes1 c = name[i];
                if (!_isLowerAlnum(c) && c != ".") revert InvalidHandle(handle);
            }
        } else {
            revert InvalidHandle(handle);
        }
    }

    function _isLowerAlnum(bytes1 c) private pure returns (bool) {
        return (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
    }

    function _requireUnion(uint256 unionId) private view {
        if (unionId == 0 || unionId > unionCount) revert UnknownUnion(unionId);
    }

    function _requireMember(uint256 unionId, address account) private view {
        _requireUnion(unionId);
        if (_nodes[unionId][account].role == Role.None) revert NotAMember(unionId, account);
    }

    function _requireLeader(uint256 unionId) private view {
        _requireUnion(unionId);
        if (_unions[unionId].leader != msg.sender) revert NotLeader(unionId, msg.sender);
    }

    function _requireVoucher(uint256 unionId, address member) private view {
        _requireUnion(unionId);
        if (!_mayVouch(unionId, msg.sender, member)) revert NotAllowedToVouch(unionId, msg.sender, member);
    }

    function _mayVouch(uint256 unionId, address voucher, address member) private view returns (bool) {
        if (voucher == member) return false;
        Role role = _nodes[unionId][voucher].role;
        return role == Role.Leader || role == Role.Officer
            || (role == Role.Member && _nodes[unionId][member].sponsor == voucher);
    }
}
