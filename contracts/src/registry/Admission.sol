// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SocialTree} from "../libraries/SocialTree.sol";

/// @title Admission
/// @notice Unions and who belongs to them: creating a union (its caller becomes the leader and the
/// root of its social tree), joining, switching sponsor and leaving, the admission policy and
/// invites, officers and the union's token.
/// @dev Admission: a union is Open (anyone may `join` under a member) or InviteOnly (newcomers need
/// an invite: an EIP-712 `Invite` signed by a member for one invitee address, redeemed once, by
/// that address only, through `joinWithInvite`).
/// The deployable names the EIP-712 domain: "NetworkUnion", version "1".
/// Strings a view returns are bounded (`MAX_UNION_NAME`, `MAX_UNION_PURPOSE`, `MAX_OFFICER_TITLE`)
/// so that reading a union or a member costs a bounded amount of gas.
abstract contract Admission is EIP712 {
    using SocialTree for SocialTree.Tree;

    /// @notice Longest sponsor chain allowed below a leader; bounds the gas of every tree write.
    uint256 public constant MAX_DEPTH = SocialTree.MAX_DEPTH;

    /// @notice Longest union name, in bytes (UTF-8).
    uint256 public constant MAX_UNION_NAME = 64;

    /// @notice Longest union purpose, in bytes (UTF-8), as in a short social post.
    uint256 public constant MAX_UNION_PURPOSE = 280;

    /// @notice Longest officer title, in bytes (UTF-8).
    uint256 public constant MAX_OFFICER_TITLE = 32;

    /// @notice EIP-712 type hash of `Invite`.
    bytes32 public constant INVITE_TYPEHASH =
        keccak256("Invite(uint256 unionId,address sponsor,address invitee,bytes32 nonce,uint64 expiry)");

    /// @notice Who may join a union: anyone under a member (Open), or only holders of a member's
    /// signed invite (InviteOnly).
    enum AdmissionPolicy {
        Open,
        InviteOnly
    }

    /// @notice A member's signed offer to sponsor `invitee` in `unionId`, once, until `expiry` (a
    /// unix time, inclusive). `nonce` is the sponsor's own choice, unique per invite. Naming the
    /// invitee makes the invite useless to anyone who sees it (in a chat, or in the mempool).
    struct Invite {
        uint256 unionId;
        address sponsor;
        address invitee;
        bytes32 nonce;
        uint64 expiry;
    }

    /// @dev `admission` shares the leader's slot.
    struct Union {
        address leader;
        AdmissionPolicy admission;
        bytes32 bylawsHash;
        string name;
        string purpose;
    }

    /// @notice Unions created so far; union ids run from 1 to `unionCount`.
    uint256 public unionCount;
    mapping(uint256 unionId => Union) private _unions;
    mapping(uint256 unionId => SocialTree.Tree) private _trees;
    mapping(uint256 unionId => mapping(address member => string)) private _officerTitles;
    mapping(address member => uint256[]) private _unionsOf;
    mapping(address sponsor => mapping(bytes32 nonce => bool)) private _inviteUsed;
    mapping(uint256 unionId => address token) private _unionTokens;

    /// @notice `leader` created `unionId` (followed by `Joined` for the leader, sponsor zero).
    event UnionCreated(
        uint256 indexed unionId, address indexed leader, string name, string purpose, bytes32 bylawsHash
    );
    /// @notice `member` joined (or rejoined) `unionId` under `sponsor`.
    event Joined(uint256 indexed unionId, address indexed member, address indexed sponsor);
    /// @notice `member` moved its support, and its subtree, from `oldSponsor` to `newSponsor`.
    event SponsorSwitched(
        uint256 indexed unionId, address indexed member, address indexed oldSponsor, address newSponsor
    );
    /// @notice `member` left `unionId`; its supporters keep their place.
    event Left(uint256 indexed unionId, address indexed member);
    /// @notice The leader made `member` an officer titled `title` (or retitled it).
    event OfficerSet(uint256 indexed unionId, address indexed member, string title);
    /// @notice `member` is no longer an officer (removed by the leader, or it left).
    event OfficerRemoved(uint256 indexed unionId, address indexed member);
    /// @notice The leader set who may join `unionId`.
    event AdmissionPolicySet(uint256 indexed unionId, AdmissionPolicy policy);
    /// @notice `member` redeemed `sponsor`'s invite `nonce` (followed by `Joined`).
    event InviteUsed(uint256 indexed unionId, address indexed sponsor, bytes32 nonce, address indexed member);
    /// @notice `sponsor` withdrew its invite `nonce` before it was redeemed.
    event InviteCancelled(address indexed sponsor, bytes32 nonce);
    /// @notice The leader named `token` as the union's ERC-20 token (zero: none).
    event UnionTokenSet(uint256 indexed unionId, address token);
    /// @notice The full text of a union's bylaws, whose SHA-256 is the union's `bylawsHash`.
    event BylawsPublished(uint256 indexed unionId, string text);

    /// @notice No union has this id.
    error UnknownUnion(uint256 unionId);
    /// @notice A union needs a name.
    error EmptyName();
    /// @notice The union name is longer than `maxLength` bytes.
    error UnionNameTooLong(uint256 length, uint256 maxLength);
    /// @notice The union purpose is longer than `maxLength` bytes.
    error UnionPurposeTooLong(uint256 length, uint256 maxLength);
    /// @notice The officer title is longer than `maxLength` bytes.
    error OfficerTitleTooLong(uint256 length, uint256 maxLength);
    /// @notice Only the union's leader may do this.
    error NotLeader(uint256 unionId, address account);
    /// @notice Officers are appointed among current plain members and officers; this one is none.
    error InvalidOfficer(uint256 unionId, address member);
    /// @notice `join` in an InviteOnly union; use `joinWithInvite`.
    error InviteRequired(uint256 unionId);
    /// @notice The invite was issued for another union than the one being joined.
    error InviteForOtherUnion(uint256 inviteUnionId, uint256 unionId);
    /// @notice The invite names another address than the caller as its invitee.
    error NotInvitee(address invitee, address caller);
    /// @notice The invite's expiry has passed.
    error InviteExpired(uint64 expiry);
    /// @notice The invite was already redeemed or cancelled by its sponsor.
    error InviteAlreadyUsed(address sponsor, bytes32 nonce);
    /// @notice The signature is malformed or was not made by the invite's sponsor for this
    /// registry and chain.
    error InvalidInviteSignature();
    /// @notice The text's SHA-256 is not the union's bylaws hash.
    error BylawsMismatch(uint256 unionId, bytes32 textHash, bytes32 bylawsHash);

    // ---------------------------------------------------------------- unions and the social tree

    /// @notice Creates a union; the caller becomes its leader and the root of its tree.
    /// @param name 1 to `MAX_UNION_NAME` bytes.
    /// @param purpose At most `MAX_UNION_PURPOSE` bytes.
    /// @param bylawsHash Hash of the union's bylaws document (e.g. SHA-256 of the text).
    /// @return unionId The new union's id, counting from 1.
    function createUnion(string calldata name, string calldata purpose, bytes32 bylawsHash)
        external
        returns (uint256 unionId)
    {
        if (bytes(name).length == 0) revert EmptyName();
        if (bytes(name).length > MAX_UNION_NAME) revert UnionNameTooLong(bytes(name).length, MAX_UNION_NAME);
        if (bytes(purpose).length > MAX_UNION_PURPOSE) {
            revert UnionPurposeTooLong(bytes(purpose).length, MAX_UNION_PURPOSE);
        }
        unionId = ++unionCount;
        _unions[unionId] = Union({
            leader: msg.sender, admission: AdmissionPolicy.Open, bylawsHash: bylawsHash, name: name, purpose: purpose
        });
        _trees[unionId].plant(msg.sender);
        _unionsOf[msg.sender].push(unionId);
        emit UnionCreated(unionId, msg.sender, name, purpose, bylawsHash);
        emit Joined(unionId, msg.sender, address(0));
    }

    /// @notice Publishes the full text of the bylaws so members read what they accept: only the
    /// leader, and only the text whose SHA-256 is the union's `bylawsHash`. The text lives in the
    /// event alone (no storage), so publishing again is harmless.
    function publishBylaws(uint256 unionId, string calldata text) external {
        _requireLeader(unionId);
        bytes32 textHash = sha256(bytes(text));
        bytes32 bylawsHash = _unions[unionId].bylawsHash;
        if (textHash != bylawsHash) revert BylawsMismatch(unionId, textHash, bylawsHash);
        emit BylawsPublished(unionId, text);
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
    /// the invite, which `invite.sponsor` signed (EIP-712, see `inviteDigest`) for the caller
    /// (`invite.invitee`). The invite is then used up. Otherwise the rules of `join` apply: the
    /// sponsor must be a member now, the caller must not be one, a member who left rejoins, and
    /// the depth limit holds.
    /// @dev Checks, in order: union, invitee, expiry, use, signature.
    /// @param signature 65-byte ECDSA signature (r, s, v) over `inviteDigest(invite)`.
    function joinWithInvite(uint256 unionId, Invite calldata invite, bytes calldata signature) external {
        if (invite.unionId != unionId) revert InviteForOtherUnion(invite.unionId, unionId);
        if (invite.invitee != msg.sender) revert NotInvitee(invite.invitee, msg.sender);
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
        address oldSponsor = _trees[unionId].switchSponsor(unionId, msg.sender, newSponsor);
        emit SponsorSwitched(unionId, msg.sender, oldSponsor, newSponsor);
    }

    /// @notice Withdraws the caller's support. Its supporters keep their place; the caller stays
    /// in the tree as an inactive node and no longer counts in any number. An officer loses its
    /// title.
    function leave(uint256 unionId) external {
        _requireUnion(unionId);
        if (_trees[unionId].leave(unionId, msg.sender) == SocialTree.Role.Officer) {
            delete _officerTitles[unionId][msg.sender];
            emit OfficerRemoved(unionId, msg.sender);
        }
        emit Left(unionId, msg.sender);
    }

    // ---------------------------------------------------------------- officers

    /// @notice The leader appoints a member as an officer with a title (e.g. "Treasurer"), or
    /// retitles an officer.
    /// @param title At most `MAX_OFFICER_TITLE` bytes.
    function setOfficer(uint256 unionId, address member, string calldata title) external {
        _requireLeader(unionId);
        SocialTree.Node storage node = _trees[unionId].nodes[member];
        if (node.role != SocialTree.Role.Member && node.role != SocialTree.Role.Officer) {
            revert InvalidOfficer(unionId, member);
        }
        if (bytes(title).length > MAX_OFFICER_TITLE) {
            revert OfficerTitleTooLong(bytes(title).length, MAX_OFFICER_TITLE);
        }
        node.role = SocialTree.Role.Officer;
        _officerTitles[unionId][member] = title;
        emit OfficerSet(unionId, member, title);
    }

    /// @notice The leader returns an officer to plain membership.
    function removeOfficer(uint256 unionId, address member) external {
        _requireLeader(unionId);
        SocialTree.Node storage node = _trees[unionId].nodes[member];
        if (node.role != SocialTree.Role.Officer) revert InvalidOfficer(unionId, member);
        node.role = SocialTree.Role.Member;
        delete _officerTitles[unionId][member];
        emit OfficerRemoved(unionId, member);
    }

    // ---------------------------------------------------------------- reads

    /// @notice A union's public record.
    /// @return leader The root of its tree.
    /// @return name At most `MAX_UNION_NAME` bytes.
    /// @return purpose At most `MAX_UNION_PURPOSE` bytes.
    /// @return bylawsHash As given at creation.
    /// @return size Current members, the leader included.
    function getUnion(uint256 unionId)
        external
        view
        returns (address leader, string memory name, string memory purpose, bytes32 bylawsHash, uint256 size)
    {
        _requireUnion(unionId);
        Union storage u = _unions[unionId];
        return (u.leader, u.name, u.purpose, u.bylawsHash, uint256(_nodeOf(unionId, u.leader).supportBase) + 1);
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

    /// @notice `member`'s node in `unionId`'s tree, every field in one read: sponsor, counts,
    /// height bound, role and whether it ever joined. All zero for an unknown union or a stranger.
    function nodeOf(uint256 unionId, address member) external view returns (SocialTree.Node memory) {
        return _nodeOf(unionId, member);
    }

    /// @notice Current role of `member` (None for non-members and members who left).
    function roleOf(uint256 unionId, address member) external view returns (SocialTree.Role) {
        return _nodeOf(unionId, member).role;
    }

    /// @notice Whom `member` supports; zero for the leader and for non-members.
    function sponsorOf(uint256 unionId, address member) external view returns (address) {
        return _nodeOf(unionId, member).sponsor;
    }

    /// @notice Members who support `member` directly.
    function directSupporters(uint256 unionId, address member) external view returns (uint256) {
        return _nodeOf(unionId, member).directSupporters;
    }

    /// @notice Members who support `member` directly or indirectly (its subtree, itself excluded).
    function supportBase(uint256 unionId, address member) external view returns (uint256) {
        return _nodeOf(unionId, member).supportBase;
    }

    /// @notice Officer title of `member` (at most `MAX_OFFICER_TITLE` bytes), empty when it is not
    /// an officer.
    function officerTitle(uint256 unionId, address member) external view returns (string memory) {
        return _officerTitles[unionId][member];
    }

    /// @notice Unions `member` has ever joined, in order (check `roleOf` for current membership).
    /// @dev Unbounded: for off-chain callers, not for batched views.
    function unionsOf(address member) external view returns (uint256[] memory) {
        return _unionsOf[member];
    }

    // ---------------------------------------------------------------- for the other modules

    function _treeOf(uint256 unionId) internal view returns (SocialTree.Tree storage) {
        return _trees[unionId];
    }

    function _nodeOf(uint256 unionId, address member) internal view returns (SocialTree.Node storage) {
        return _trees[unionId].nodes[member];
    }

    function _requireUnion(uint256 unionId) internal view {
        if (unionId == 0 || unionId > unionCount) revert UnknownUnion(unionId);
    }

    function _requireMember(uint256 unionId, address account) internal view {
        _requireUnion(unionId);
        _trees[unionId].requireMember(unionId, account);
    }

    // ---------------------------------------------------------------- internals

    /// @dev The one admission path of `join` and `joinWithInvite`: the caller joins under `sponsor`.
    function _join(uint256 unionId, address sponsor) private {
        _requireUnion(unionId);
        if (_trees[unionId].join(unionId, msg.sender, sponsor)) _unionsOf[msg.sender].push(unionId);
        emit Joined(unionId, msg.sender, sponsor);
    }

    function _requireLeader(uint256 unionId) private view {
        _requireUnion(unionId);
        if (_unions[unionId].leader != msg.sender) revert NotLeader(unionId, msg.sender);
    }

    function _inviteDigest(Invite calldata invite) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(INVITE_TYPEHASH, invite.unionId, invite.sponsor, invite.invitee, invite.nonce, invite.expiry)
            )
        );
    }
}
