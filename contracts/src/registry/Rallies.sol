// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Admission} from "./Admission.sol";
import {SocialTree} from "../libraries/SocialTree.sol";

/// @title Rallies
/// @notice A union's calls to action: the leader or an officer posts a rally (`postRally`) with a
/// deadline; members answer it (`answerRally`) once each, on-chain, building a public track record.
abstract contract Rallies is Admission {
    /// @notice Longest rally text, in bytes (UTF-8), as in a short social post.
    uint256 public constant MAX_RALLY_TEXT = 280;

    /// @notice Longest rally link, in bytes.
    uint256 public constant MAX_RALLY_URI = 200;

    /// @notice Furthest ahead a rally's deadline may be set, from the time it is posted.
    uint256 public constant MAX_RALLY_DURATION = 30 days;

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

    /// @notice Rallies posted so far across all unions; rally ids run from 1 to `rallyCount`.
    uint256 public rallyCount;
    mapping(uint256 rallyId => Rally) private _rallies;
    mapping(uint256 rallyId => mapping(address member => bool)) private _rallyAnswered;
    mapping(uint256 unionId => mapping(address member => uint32)) private _ralliesAnswered;

    /// @notice `author` (the leader or an officer) posted rally `rallyId` in `unionId`, open to
    /// answers until `deadline` (a unix time, inclusive).
    event RallyPosted(
        uint256 indexed unionId,
        uint256 indexed rallyId,
        address indexed author,
        string text,
        string uri,
        uint64 deadline
    );
    /// @notice `member` answered rally `rallyId` of `unionId`.
    event RallyAnswered(uint256 indexed unionId, uint256 indexed rallyId, address indexed member);

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
        SocialTree.Role role = _nodeOf(unionId, msg.sender).role;
        if (role != SocialTree.Role.Leader && role != SocialTree.Role.Officer) {
            revert NotRallyAuthor(unionId, msg.sender);
        }
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
        // forge-lint: disable-next-line(unsafe-typecast) -- at most `unionCount`
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
        if (_nodeOf(unionId, msg.sender).role == SocialTree.Role.None) {
            revert SocialTree.NotAMember(unionId, msg.sender);
        }
        if (_rallyAnswered[rallyId][msg.sender]) revert AlreadyAnswered(rallyId, msg.sender);
        _rallyAnswered[rallyId][msg.sender] = true;
        r.answers += 1;
        _ralliesAnswered[unionId][msg.sender] += 1;
        emit RallyAnswered(unionId, rallyId, msg.sender);
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
}
