// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title UnionToken
/// @notice Demo token for the local development chain only: a plain ERC-20 ("Union Token",
/// "UNION", 18 decimals) so that union tokens and token tips can be tried end to end. It has no
/// owner, no minting after deployment and no value.
contract UnionToken is ERC20 {
    /// @notice Mints the whole supply, `initialSupply` (in the smallest unit, 18 decimals), to
    /// `holder`.
    constructor(address holder, uint256 initialSupply) ERC20("Union Token", "UNION") {
        _mint(holder, initialSupply);
    }
}
