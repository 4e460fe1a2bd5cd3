// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {UnionRegistry} from "./UnionRegistry.sol";
import {SocialTree} from "./libraries/SocialTree.sol";

/// @title StakeLock
/// @notice Provable timelocks of a union's token: a member locks an amount until a week boundary,
/// may add to it or extend it, and withdraws only once it has expired. A lock is not a token: it
/// cannot be transferred, and only its owner can create, add to or extend it (no deposit-for).
/// The union's leader sets a login criterion (a least amount with a least time left) that
/// `isInvested` checks, so a community service can admit only members invested in the union.
/// @dev Weights. A lock's own weight is Curve's vote-escrow weight, `amount * timeLeft / MAX_LOCK`
/// with the unlock time rounded down to a week (`weightOf`). The stake-weighted support of a
/// member (`UnionRegistry.stakeOf(..).below`) instead sums the plain locked amounts of the active
/// members below it: a sum of decaying weights over a subtree cannot be kept exact in O(1) without
/// per-week slope checkpoints at every ancestor (a bias, a slope and a slope-change per week per
/// node, caught up lazily), which would multiply the gas of every tree move. A lock counts from
/// `lock` until `withdraw`, or until anyone `settle`s it once it has expired or the union named
/// another token; time is accounted for by the criterion (least time left) and the lock's weight.
/// Gas: every change of a counted amount walks the member's ancestors (at most
/// `SocialTree.MAX_DEPTH`) in the registry, one stake slot per level.
/// Checks: amounts are credited as received (a fee-on-transfer token credits less), cast with
/// SafeCast below 2**96; state and the registry are updated before tokens leave; one reentrancy
/// guard covers every entry point.
contract StakeLock is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Unlock times are rounded down to a multiple of a week (since the Unix epoch).
    uint256 public constant WEEK = 7 days;
    /// @notice The longest lock, as in Curve: 4 years of 52 weeks.
    uint256 public constant MAX_LOCK = 208 * WEEK;

    /// @notice The registry whose unions, leaders, tokens and trees this contract reads and feeds.
    UnionRegistry public immutable registry;

    /// @notice One member's lock for one union. `counted` says whether `amount` is in the
    /// registry's stake-weighted support.
    struct Lock {
        address token;
        uint96 amount;
        uint64 unlockTime;
        bool counted;
    }

    /// @notice The union's login criterion: at least `minAmount` locked with at least
    /// `minDuration` seconds left. Unset (`minAmount` zero): nobody is invested.
    struct Criterion {
        uint96 minAmount;
        uint64 minDuration;
    }

    /// @notice Why `isInvested` holds or not, in the order it is checked.
    enum Status {
        Invested,
        NoCriterion,
        NotMember,
        NoLock,
        Expired,
        WrongToken,
        TooLittle,
        TooShort
    }

    mapping(address owner => mapping(uint256 unionId => Lock)) private _locks;
    mapping(uint256 unionId => Criterion) private _criteria;

    /// @notice `owner` locked `amount` of `token` for `unionId` until `unlockTime`.
    event Locked(
        address indexed owner, uint256 indexed unionId, address indexed token, uint256 amount, uint256 unlockTime
    );
    /// @notice `owner` added `added` to its lock, now `amount`.
    event Increased(address indexed owner, uint256 indexed unionId, uint256 added, uint256 amount);
    /// @notice `owner` moved its unlock time to `unlockTime`.
    event Extended(address indexed owner, uint256 indexed unionId, uint256 unlockTime);
    /// @notice `owner` took back its `amount` of `token`; the lock is gone.
    event Withdrawn(address indexed owner, uint256 indexed unionId, address indexed token, uint256 amount);
    /// @notice The expired (or other-token) lock of `owner` no longer counts as stake.
    event Settled(address indexed owner, uint256 indexed unionId, uint256 amount);
    /// @notice The leader set the union's login criterion.
    event CriterionSet(uint256 indexed unionId, uint256 minAmount, uint256 minDuration);

    /// @notice Nothing to lock or add.
    error ZeroAmount();
    /// @notice The union has no token to lock (the leader named none).
    error NoUnionToken(uint256 unionId);
    /// @notice Only current members lock or add for a union.
    error NotAMember(uint256 unionId, address account);
    /// @notice `owner` already has a lock for the union: add to it or extend it.
    error LockExists(address owner, uint256 unionId);
    /// @notice `owner` has no lock for the union.
    error NoLock(address owner, uint256 unionId);
    /// @notice The unlock time, rounded down to a week, is not after `earliest` or after `latest`.
    error BadUnlockTime(uint256 unlockTime, uint256 earliest, uint256 latest);
    /// @notice The lock expired at `unlockTime`: withdraw it (and lock anew).
    error LockExpired(uint256 unlockTime);
    /// @notice The lock is still running until `unlockTime`.
    error LockNotExpired(uint256 unlockTime);
    /// @notice The union now names another token than the lock's: withdraw it once expired.
    error TokenChanged(address lockToken, address unionToken);
    /// @notice The lock still counts as stake legitimately.
    error NothingToSettle(address owner, uint256 unionId);
    /// @notice Only the union's leader sets its criterion.
    error NotLeader(uint256 unionId, address account);
    /// @notice The criterion asks for nothing, or for more time than a lock can have.
    error BadCriterion(uint256 minAmount, uint256 minDuration);

    /// @param registry_ The registry; its deployer then binds this contract (`bindStakeLock`).
    constructor(UnionRegistry registry_) {
        registry = registry_;
    }

    // ---------------------------------------------------------------- locks

    /// @notice Locks `amount` of the union's token (approve this contract first) until
    /// `unlockTime` rounded down to a week, which must fall after now and within `MAX_LOCK`.
    function lock(uint256 unionId, uint256 amount, uint256 unlockTime) external nonReentrant {
        if (_locks[msg.sender][unionId].amount != 0) revert LockExists(msg.sender, unionId);
        address token = _requireStaker(unionId);
        uint64 unlock = _checkUnlock(unlockTime, block.timestamp);
        uint96 received = _pull(token, amount);
        _locks[msg.sender][unionId] = Lock({token: token, amount: received, unlockTime: unlock, counted: true});
        registry.changeStake(unionId, msg.sender, received, true);
        emit Locked(msg.sender, unionId, token, received, unlock);
    }

    /// @notice Adds `amount` of the union's token to the caller's running lock.
    function increaseAmount(uint256 unionId, uint256 amount) external nonReentrant {
        Lock storage l = _running(msg.sender, unionId);
        address token = _requireStaker(unionId);
        if (l.token != token) revert TokenChanged(l.token, token);
        uint96 received = _pull(token, amount);
        l.amount = SafeCast.toUint96(uint256(l.amount) + received);
        if (l.counted) registry.changeStake(unionId, msg.sender, received, true);
        emit Increased(msg.sender, unionId, received, l.amount);
    }

    /// @notice Moves the caller's running lock to `unlockTime` rounded down to a week: later than
    /// now and within `MAX_LOCK`.
    function extend(uint256 unionId, uint256 unlockTime) external nonReentrant {
        Lock storage l = _running(msg.sender, unionId);
        uint64 unlock = _checkUnlock(unlockTime, l.unlockTime);
        l.unlockTime = unlock;
        emit Extended(msg.sender, unionId, unlock);
    }

    /// @notice Returns the caller's expired lock to it, whole.
    function withdraw(uint256 unionId) external nonReentrant {
        Lock memory l = _locks[msg.sender][unionId];
        if (l.amount == 0) revert NoLock(msg.sender, unionId);
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        if (block.timestamp < l.unlockTime) revert LockNotExpired(l.unlockTime);
        delete _locks[msg.sender][unionId];
        if (l.counted) registry.changeStake(unionId, msg.sender, l.amount, false);
        emit Withdrawn(msg.sender, unionId, l.token, l.amount);
        IERC20(l.token).safeTransfer(msg.sender, l.amount);
    }

    /// @notice Anyone may stop counting a lock that has expired, or whose token the union no
    /// longer names; its tokens stay with it for the owner to withdraw.
    function settle(address owner, uint256 unionId) external nonReentrant {
        Lock storage l = _locks[owner][unionId];
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        bool stale = block.timestamp >= l.unlockTime || l.token != registry.unionToken(unionId);
        if (l.amount == 0 || !l.counted || !stale) revert NothingToSettle(owner, unionId);
        l.counted = false;
        registry.changeStake(unionId, owner, l.amount, false);
        emit Settled(owner, unionId, l.amount);
    }

    // ---------------------------------------------------------------- criterion

    /// @notice The leader's login criterion: at least `minAmount` of the union's token locked
    /// with at least `minDuration` seconds left (both checked inclusive).
    function setCriterion(uint256 unionId, uint256 minAmount, uint256 minDuration) external {
        (address leader,,,,) = registry.getUnion(unionId);
        if (leader != msg.sender) revert NotLeader(unionId, msg.sender);
        if (minAmount == 0 || minAmount > type(uint96).max || minDuration > MAX_LOCK) {
            revert BadCriterion(minAmount, minDuration);
        }
        // Casts checked on the line above.
        // forge-lint: disable-next-line(unsafe-typecast)
        _criteria[unionId] = Criterion({minAmount: uint96(minAmount), minDuration: uint64(minDuration)});
        emit CriterionSet(unionId, minAmount, minDuration);
    }

    // ---------------------------------------------------------------- views

    /// @notice `owner`'s lock for `unionId` (all zero when none).
    function lockOf(address owner, uint256 unionId) external view returns (Lock memory) {
        return _locks[owner][unionId];
    }

    /// @notice The union's login criterion (zero when unset).
    function criterionOf(uint256 unionId) external view returns (Criterion memory) {
        return _criteria[unionId];
    }

    /// @notice Curve's vote-escrow weight of the lock now: `amount * timeLeft / MAX_LOCK`, zero
    /// once expired.
    function weightOf(address owner, uint256 unionId) external view returns (uint256) {
        Lock memory l = _locks[owner][unionId];
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        if (block.timestamp >= l.unlockTime) return 0;
        return uint256(l.amount) * (l.unlockTime - block.timestamp) / MAX_LOCK;
    }

    /// @notice Whether `member` meets `unionId`'s login criterion now.
    function isInvested(address member, uint256 unionId) external view returns (bool) {
        return statusOf(member, unionId) == Status.Invested;
    }

    /// @notice Why `member` meets the criterion or the first reason it does not: no criterion set,
    /// not a current member, no lock, an expired lock, a lock of a token the union no longer
    /// names, too little locked, too little time left.
    function statusOf(address member, uint256 unionId) public view returns (Status) {
        Criterion memory c = _criteria[unionId];
        if (c.minAmount == 0) return Status.NoCriterion;
        if (registry.roleOf(unionId, member) == SocialTree.Role.None) return Status.NotMember;
        Lock memory l = _locks[member][unionId];
        if (l.amount == 0) return Status.NoLock;
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        if (block.timestamp >= l.unlockTime) return Status.Expired;
        if (l.token != registry.unionToken(unionId)) return Status.WrongToken;
        if (l.amount < c.minAmount) return Status.TooLittle;
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        if (l.unlockTime - block.timestamp < c.minDuration) return Status.TooShort;
        return Status.Invested;
    }

    // ---------------------------------------------------------------- internals

    function _requireStaker(uint256 unionId) private view returns (address token) {
        token = registry.unionToken(unionId);
        if (token == address(0)) revert NoUnionToken(unionId);
        if (registry.roleOf(unionId, msg.sender) == SocialTree.Role.None) revert NotAMember(unionId, msg.sender);
    }

    function _running(address owner, uint256 unionId) private view returns (Lock storage l) {
        l = _locks[owner][unionId];
        if (l.amount == 0) revert NoLock(owner, unionId);
        // forge-lint: disable-next-line(block-timestamp) -- lock times are whole weeks
        if (block.timestamp >= l.unlockTime) revert LockExpired(l.unlockTime);
    }

    /// @dev Rounds `unlockTime` down to a week; it must be after `after_` and within `MAX_LOCK`.
    function _checkUnlock(uint256 unlockTime, uint256 after_) private view returns (uint64) {
        uint256 rounded = unlockTime / WEEK * WEEK;
        uint256 latest = block.timestamp + MAX_LOCK;
        if (rounded <= after_ || rounded > latest) revert BadUnlockTime(rounded, after_, latest);
        return SafeCast.toUint64(rounded);
    }

    /// @dev Takes `amount` from the caller and returns what arrived (below 2**96).
    function _pull(address token, uint256 amount) private returns (uint96) {
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        return SafeCast.toUint96(received);
    }
}
