// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Tips
/// @notice Tips for posts, in ETH or any ERC-20, paid straight from the tipper to the author.
/// Every tip is one `Tipped` event naming the post it was for, so a member's record of tips given
/// and received can be rebuilt from events alone, by anyone.
/// @dev The contract never holds funds: `tipEth` forwards the whole `msg.value` in the same call,
/// `tipToken` moves the tokens from the tipper to the recipient directly (`transferFrom`, with an
/// allowance the tipper gave this contract), and there is no `receive` or `fallback`, so ETH sent
/// to it directly is refused. Both entry points share one reentrancy guard.
/// Context: every tip carries `context = keccak256(bytes(canonicalUrl))`, the keccak256 of the
/// UTF-8 bytes of the tipped post's canonical URL (the one permalink clients agree on for the
/// post). The contract does not check it; it only records it.
contract Tips is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice `from` tipped `to` `amount` of `token` (address(0) for ETH) for the post whose
    /// canonical URL hashes (keccak256) to `context`. For ERC-20 tips `amount` is the amount the
    /// tipper sent; a fee-on-transfer token may deliver less.
    event Tipped(address indexed from, address indexed to, address indexed token, uint256 amount, bytes32 context);

    /// @notice A tip of nothing (no ETH sent, or a zero token amount).
    error ZeroAmount();
    /// @notice The recipient is the zero address or this contract.
    error InvalidRecipient(address recipient);
    /// @notice The tipper named itself as the recipient.
    error SelfTip();
    /// @notice The recipient refused the ETH (its code reverted, or it re-entered this contract).
    error TipFailed(address recipient);

    /// @notice Tips `recipient` the whole `msg.value` for the post identified by `context`.
    /// @dev The ETH is forwarded with all remaining gas; a recipient contract that reverts (or
    /// tries to re-enter `tipEth` / `tipToken`) makes the whole tip revert with `TipFailed`.
    /// @param recipient Who receives the tip; not the tipper, this contract or the zero address.
    /// @param context keccak256 of the tipped post's canonical URL (UTF-8 bytes).
    function tipEth(address recipient, bytes32 context) external payable nonReentrant {
        _check(recipient, msg.value);
        emit Tipped(msg.sender, recipient, address(0), msg.value, context);
        (bool ok,) = recipient.call{value: msg.value}("");
        if (!ok) revert TipFailed(recipient);
    }

    /// @notice Tips `recipient` `amount` of `token` for the post identified by `context`. The
    /// tokens go from the caller to the recipient in one `transferFrom`; the caller must first
    /// `approve` this contract for at least `amount`.
    /// @dev Token failures bubble up unchanged (e.g. OpenZeppelin's
    /// `ERC20InsufficientAllowance`); a token that returns false, or an address without code,
    /// reverts with `SafeERC20FailedOperation`.
    /// @param token The ERC-20 contract (e.g. a union's token, see `UnionRegistry.unionToken`).
    /// @param recipient Who receives the tip; not the tipper, this contract or the zero address.
    /// @param amount Token amount in the token's smallest unit; not zero.
    /// @param context keccak256 of the tipped post's canonical URL (UTF-8 bytes).
    function tipToken(IERC20 token, address recipient, uint256 amount, bytes32 context) external nonReentrant {
        _check(recipient, amount);
        emit Tipped(msg.sender, recipient, address(token), amount, context);
        token.safeTransferFrom(msg.sender, recipient, amount);
    }

    function _check(address recipient, uint256 amount) private view {
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0) || recipient == address(this)) revert InvalidRecipient(recipient);
        if (recipient == msg.sender) revert SelfTip();
    }
}
