// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @notice What Campaigns reads from the union registry: roles and the union's token.
interface IUnionRoles {
    /// @dev SocialTree.Role: 0 none, 1 member, 2 officer, 3 leader.
    function roleOf(uint256 unionId, address member) external view returns (uint8);
    function unionToken(uint256 unionId) external view returns (address);
}

/// @title Campaigns
/// @notice A union's campaigns: collective bargaining with an escalation ladder, signatures of
/// support counted on-chain, and an optional crowdfunding goal held in escrow. Each campaign ends
/// with a recorded outcome and evidence, so a union's track record can be rebuilt from events.
/// @dev Money rules (all-or-nothing, pull refunds):
/// - Backers pledge ETH or the union's token (fixed when the campaign opens) until the deadline.
/// - The payee is paid (`payout`, callable by anyone) only when the outcome is Won or PartlyWon
///   and the goal was reached.
/// - Otherwise every backer takes back exactly its pledge (`refund`): after a withdrawal or a
///   loss, after the deadline with the goal missed, or when no outcome was recorded within
///   `OUTCOME_WINDOW` after the deadline. Nothing else moves funds: no owner, no sweep.
/// `owed[asset]` is what the contract owes for an asset; it always equals its balance of it.
contract Campaigns is ReentrancyGuard, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice Longest target name, demand text, link and ladder step, in bytes.
    uint256 public constant MAX_TARGET_NAME = 64;
    uint256 public constant MAX_DEMAND = 2000;
    uint256 public constant MAX_URI = 200;
    uint256 public constant MAX_STEP = 100;
    /// @notice Most steps on an escalation ladder.
    uint256 public constant MAX_STEPS = 8;
    /// @notice Furthest ahead a campaign's deadline may be set.
    uint256 public constant MAX_DURATION = 365 days;
    /// @notice How long after the deadline the outcome may still be recorded; after that, an
    /// undecided campaign's backers may refund.
    uint256 public constant OUTCOME_WINDOW = 30 days;
    /// @notice EIP-712 type hash of a member's signature of support.
    bytes32 public constant SUPPORT_TYPEHASH = keccak256("Support(uint256 campaignId,address member)");

    enum Kind {
        BulkPurchase,
        Reinstatement,
        Job,
        Other
    }

    enum Status {
        Open,
        Won,
        PartlyWon,
        Lost,
        Withdrawn
    }

    /// @dev Slot 1: token, deadline, step, stepCount, kind, status. Slot 2: payee, counters, paid.
    struct Campaign {
        address token;
        uint64 deadline;
        uint8 step;
        uint8 stepCount;
        Kind kind;
        Status status;
        address payee;
        uint32 signatures;
        uint32 backers;
        bool paidOut;
        uint256 unionId;
        uint256 goal;
        uint256 raised;
        bytes32 demandHash;
    }

    /// @notice A campaign as its opener states it.
    /// @param targetName Who the demand is addressed to (a company, platform or agency), 1–64 bytes.
    /// @param targetUri A link to the target; may be empty.
    /// @param demand The demand's full text; its SHA-256 is stored, the text is only emitted.
    /// @param token address(0) to raise ETH, or the union's current token.
    /// @param goal Amount to raise (smallest unit); 0 for a campaign without funding.
    /// @param payee Who receives the funds on success; address(0) when `goal` is 0.
    /// @param deadline Unix time until which (inclusive) members pledge and sign; at most `MAX_DURATION` ahead.
    /// @param steps The escalation ladder in order.
    struct Terms {
        uint256 unionId;
        Kind kind;
        string targetName;
        string targetUri;
        string demand;
        address token;
        uint256 goal;
        address payee;
        uint64 deadline;
        string[] steps;
    }

    /// @notice The registry whose leaders and officers run campaigns and whose members back them.
    IUnionRoles public immutable registry;
    /// @notice Campaigns opened so far; ids run from 1.
    uint256 public campaignCount;
    /// @notice What the contract owes (pledges not yet refunded or paid out), per asset
    /// (address(0) for ETH).
    mapping(address asset => uint256) public owed;

    mapping(uint256 campaignId => Campaign) private _campaigns;
    mapping(uint256 campaignId => mapping(address backer => uint256)) private _pledges;
    mapping(uint256 campaignId => mapping(address member => bool)) private _signed;

    /// @notice `opener` opened `campaignId` in `unionId` on these terms; `terms.demand` hashes
    /// (SHA-256) to the stored demand hash.
    event CampaignOpened(uint256 indexed campaignId, uint256 indexed unionId, address indexed opener, Terms terms);
    /// @notice `backer` put `amount` into the campaign's escrow (in the campaign's asset).
    event Pledged(uint256 indexed campaignId, address indexed backer, uint256 amount);
    /// @notice `member` signed in support (directly, or through a relayed EIP-712 signature).
    event Signed(uint256 indexed campaignId, address indexed member);
    /// @notice The campaign moved to ladder step `step` (0 is the first).
    event Escalated(uint256 indexed campaignId, uint256 indexed unionId, uint8 step, address by);
    /// @notice The campaign ended as `status`, with an evidence link and a document hash (zero for none).
    event OutcomeRecorded(
        uint256 indexed campaignId, uint256 indexed unionId, Status status, string evidenceUri, bytes32 documentHash
    );
    /// @notice Everything raised went to the payee.
    event PaidOut(uint256 indexed campaignId, address indexed payee, uint256 amount);
    /// @notice `backer` took back its whole pledge.
    event Refunded(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice Only the union's leader and officers run campaigns.
    error NotCampaignLead(uint256 unionId, address account);
    /// @notice Only current members of the campaign's union sign it.
    error NotUnionMember(uint256 unionId, address account);
    /// @notice No campaign has this id.
    error UnknownCampaign(uint256 campaignId);
    /// @notice Target name 1–64 bytes, link at most 200.
    error InvalidTarget();
    /// @notice Demand text 1–2000 bytes.
    error InvalidDemand();
    /// @notice 1–8 steps of 1–100 bytes each.
    error InvalidLadder();
    /// @notice The deadline must be after now and at most MAX_DURATION ahead.
    error InvalidCampaignDeadline(uint64 deadline);
    /// @notice Pledges are in ETH (address(0)) or the union's token.
    error InvalidAsset(address token);
    /// @notice A goal needs a payee (not zero, not this contract); no goal, no payee.
    error InvalidPayee(address payee);
    /// @notice The campaign has an outcome or its deadline passed.
    error CampaignClosed(uint256 campaignId);
    /// @notice This campaign has no funding goal, or takes the other asset.
    error NotPledgeable(uint256 campaignId);
    /// @notice A pledge of nothing.
    error ZeroPledge();
    /// @notice Each member signs a campaign once.
    error AlreadySigned(uint256 campaignId, address member);
    /// @notice The relayed signature was not made by the member it names.
    error InvalidSupportSignature();
    /// @notice The campaign is on the last step of its ladder.
    error LadderEnd(uint256 campaignId);
    /// @notice Outcome is Won, PartlyWon, Lost or Withdrawn, recorded once, at most OUTCOME_WINDOW after the deadline.
    error InvalidOutcome();
    /// @notice More than OUTCOME_WINDOW passed since the deadline: refunds are open instead.
    error OutcomeTooLate(uint256 campaignId);
    /// @notice The evidence link is longer than MAX_URI.
    error EvidenceTooLong();
    /// @notice Refunds are not open for this campaign (see `refundable`).
    error NotRefundable(uint256 campaignId);
    /// @notice The caller has no pledge left in this campaign.
    error NothingToRefund(uint256 campaignId, address backer);
    /// @notice Paid out only after a Won or PartlyWon outcome with the goal reached, once.
    error NotPayable(uint256 campaignId);
    /// @notice The receiver refused the ETH.
    error TransferFailed(address to);

    /// @param registry_ The union registry whose roles this contract reads.
    constructor(IUnionRoles registry_) EIP712("NetworkUnion Campaigns", "1") {
        registry = registry_;
    }

    /// @notice The leader or an officer opens a campaign; the ladder's first step is current.
    function open(Terms calldata terms) external returns (uint256 campaignId) {
        uint256 unionId = terms.unionId;
        _requireLead(unionId);
        _checkTerms(terms);
        address token = terms.token;
        if (token != address(0) && token != registry.unionToken(unionId)) revert InvalidAsset(token);

        campaignId = ++campaignCount;
        Campaign storage c = _campaigns[campaignId];
        c.token = token;
        c.deadline = terms.deadline;
        // forge-lint: disable-next-line(unsafe-typecast) -- at most MAX_STEPS
        c.stepCount = uint8(terms.steps.length);
        c.kind = terms.kind;
        c.payee = terms.payee;
        c.unionId = unionId;
        c.goal = terms.goal;
        c.demandHash = sha256(bytes(terms.demand));
        emit CampaignOpened(campaignId, unionId, msg.sender, terms);
    }

    /// @notice Pledges the whole `msg.value` to an ETH campaign.
    function pledge(uint256 campaignId) external payable nonReentrant {
        Campaign storage c = _pledgeable(campaignId, address(0), msg.value);
        _credit(c, campaignId, address(0), msg.value);
    }

    /// @notice Pledges `amount` of the campaign's token; approve this contract for it first.
    /// @dev Credits what actually arrived, so a fee-on-transfer token cannot make the books lie.
    function pledgeToken(uint256 campaignId, uint256 amount) external nonReentrant {
        Campaign storage c = _campaigns[campaignId];
        address token = c.token;
        _pledgeable(campaignId, token, amount);
        if (token == address(0)) revert NotPledgeable(campaignId);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroPledge();
        _credit(c, campaignId, token, received);
    }

    /// @notice The caller, a member of the campaign's union, signs in support of it: once.
    function sign(uint256 campaignId) external {
        _sign(campaignId, msg.sender);
    }

    /// @notice Records `member`'s EIP-712 `Support(campaignId, member)` signature, sent by anyone
    /// (a member with no ETH for fees can hand it to someone who has).
    function signFor(uint256 campaignId, address member, bytes calldata signature) external {
        if (!SignatureChecker.isValidSignatureNow(member, supportDigest(campaignId, member), signature)) {
            revert InvalidSupportSignature();
        }
        _sign(campaignId, member);
    }

    /// @notice The leader or an officer moves the campaign to the next step of its ladder.
    function escalate(uint256 campaignId) external {
        Campaign storage c = _existing(campaignId);
        _requireLead(c.unionId);
        if (c.status != Status.Open) revert CampaignClosed(campaignId);
        uint8 next = c.step + 1;
        if (next >= c.stepCount) revert LadderEnd(campaignId);
        c.step = next;
        emit Escalated(campaignId, c.unionId, next, msg.sender);
    }

    /// @notice The leader or an officer records how the campaign ended, once, with evidence.
    /// @param evidenceUri A link to the evidence (at most 200 bytes; may be empty).
    /// @param documentHash SHA-256 of the evidence document (e.g. one signed with the extension's
    /// document signing); zero for none.
    function recordOutcome(uint256 campaignId, Status status, string calldata evidenceUri, bytes32 documentHash)
        external
    {
        Campaign storage c = _existing(campaignId);
        _requireLead(c.unionId);
        if (status == Status.Open || c.status != Status.Open) revert InvalidOutcome();
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse
        if (block.timestamp > uint256(c.deadline) + OUTCOME_WINDOW) revert OutcomeTooLate(campaignId);
        if (bytes(evidenceUri).length > MAX_URI) revert EvidenceTooLong();
        c.status = status;
        emit OutcomeRecorded(campaignId, c.unionId, status, evidenceUri, documentHash);
    }

    /// @notice Sends everything raised to the payee after a Won or PartlyWon outcome with the
    /// goal reached. Anyone may call it; it pays once.
    function payout(uint256 campaignId) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        if (!_succeeded(c) || c.paidOut) revert NotPayable(campaignId);
        c.paidOut = true;
        uint256 amount = c.raised;
        address token = c.token;
        owed[token] -= amount;
        emit PaidOut(campaignId, c.payee, amount);
        _send(token, c.payee, amount);
    }

    /// @notice The caller takes back its whole pledge, when the campaign failed (see the contract's notes).
    function refund(uint256 campaignId) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        if (!refundable(campaignId)) revert NotRefundable(campaignId);
        uint256 amount = _pledges[campaignId][msg.sender];
        if (amount == 0) revert NothingToRefund(campaignId, msg.sender);
        _pledges[campaignId][msg.sender] = 0;
        address token = c.token;
        owed[token] -= amount;
        emit Refunded(campaignId, msg.sender, amount);
        _send(token, msg.sender, amount);
    }

    /// @notice Whether backers may take their pledges back now.
    function refundable(uint256 campaignId) public view returns (bool) {
        Campaign storage c = _campaigns[campaignId];
        Status status = c.status;
        if (c.unionId == 0) return false;
        if (status == Status.Withdrawn || status == Status.Lost) return true;
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse
        bool pastDeadline = block.timestamp > c.deadline;
        if (c.raised < c.goal && (pastDeadline || status != Status.Open)) return true;
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse
        return status == Status.Open && block.timestamp > uint256(c.deadline) + OUTCOME_WINDOW;
    }

    /// @notice A campaign's state.
    function getCampaign(uint256 campaignId) external view returns (Campaign memory) {
        return _existing(campaignId);
    }

    /// @notice What `backer` has pledged to `campaignId` and not taken back.
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256) {
        return _pledges[campaignId][backer];
    }

    /// @notice Whether `member` signed `campaignId`.
    function hasSigned(uint256 campaignId, address member) external view returns (bool) {
        return _signed[campaignId][member];
    }

    /// @notice The EIP-712 digest a member signs to support `campaignId`.
    function supportDigest(uint256 campaignId, address member) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SUPPORT_TYPEHASH, campaignId, member)));
    }

    function _checkTerms(Terms calldata terms) private view {
        uint256 nameLength = bytes(terms.targetName).length;
        if (nameLength == 0 || nameLength > MAX_TARGET_NAME || bytes(terms.targetUri).length > MAX_URI) {
            revert InvalidTarget();
        }
        if (bytes(terms.demand).length == 0 || bytes(terms.demand).length > MAX_DEMAND) revert InvalidDemand();
        uint256 stepCount = terms.steps.length;
        if (stepCount == 0 || stepCount > MAX_STEPS) revert InvalidLadder();
        for (uint256 i = 0; i < stepCount; i++) {
            uint256 length = bytes(terms.steps[i]).length;
            if (length == 0 || length > MAX_STEP) revert InvalidLadder();
        }
        uint64 deadline = terms.deadline;
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse; seconds of drift do not matter
        if (deadline <= block.timestamp || deadline > block.timestamp + MAX_DURATION) {
            revert InvalidCampaignDeadline(deadline);
        }
        address payee = terms.payee;
        if (terms.goal == 0 ? payee != address(0) : (payee == address(0) || payee == address(this))) {
            revert InvalidPayee(payee);
        }
    }

    function _pledgeable(uint256 campaignId, address token, uint256 amount) private view returns (Campaign storage c) {
        c = _existing(campaignId);
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse
        if (c.status != Status.Open || block.timestamp > c.deadline) revert CampaignClosed(campaignId);
        if (c.goal == 0 || c.token != token) revert NotPledgeable(campaignId);
        if (amount == 0) revert ZeroPledge();
    }

    function _credit(Campaign storage c, uint256 campaignId, address token, uint256 amount) private {
        if (_pledges[campaignId][msg.sender] == 0) c.backers += 1;
        _pledges[campaignId][msg.sender] += amount;
        c.raised += amount;
        owed[token] += amount;
        emit Pledged(campaignId, msg.sender, amount);
    }

    function _sign(uint256 campaignId, address member) private {
        Campaign storage c = _existing(campaignId);
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are coarse
        if (c.status != Status.Open || block.timestamp > c.deadline) revert CampaignClosed(campaignId);
        if (registry.roleOf(c.unionId, member) == 0) revert NotUnionMember(c.unionId, member);
        if (_signed[campaignId][member]) revert AlreadySigned(campaignId, member);
        _signed[campaignId][member] = true;
        c.signatures += 1;
        emit Signed(campaignId, member);
    }

    function _succeeded(Campaign storage c) private view returns (bool) {
        return (c.status == Status.Won || c.status == Status.PartlyWon) && c.goal != 0 && c.raised >= c.goal;
    }

    function _existing(uint256 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.unionId == 0) revert UnknownCampaign(campaignId);
    }

    function _requireLead(uint256 unionId) private view {
        uint8 role = registry.roleOf(unionId, msg.sender);
        if (role != 2 && role != 3) revert NotCampaignLead(unionId, msg.sender);
    }

    function _send(address token, address to, uint256 amount) private {
        if (token != address(0)) {
            IERC20(token).safeTransfer(to, amount);
            return;
        }
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to);
    }
}
