// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Multicall3 (aggregate3 only)
/// @notice Batches many read calls into one `eth_call`. Public chains already have the canonical
/// Multicall3 at 0xcA11bde05977b3631167028862bE2a173976CA11; the local chain scripts place this
/// contract's runtime code at that same address, so clients need no per-chain configuration.
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    error CallFailed(uint256 index);

    /// @notice Calls each target in order; reverts if a call that may not fail does.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory results) {
        results = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool success, bytes memory returnData) = calls[i].target.call(calls[i].callData);
            if (!success && !calls[i].allowFailure) revert CallFailed(i);
            results[i] = Result(success, returnData);
        }
    }
}
