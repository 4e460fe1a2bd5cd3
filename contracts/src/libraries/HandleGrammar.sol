// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title HandleGrammar
/// @notice The one handle grammar the registry knows, the same for every site, so a new site needs
/// no redeploy: `platform:name`, where the platform is 1 to `MAX_PLATFORM_LENGTH` bytes of
/// `a-z 0-9`, and the name is 1 to `MAX_NAME_LENGTH` bytes of `a-z 0-9 _ . - :`. Lower case only;
/// the name may itself hold colons (`facebook:id:1234`). Each site's own name rules (X: 1-15 of
/// `a-z 0-9 _`, ...) are the clients' business.
/// @dev Internal functions only (inlined, no linking).
library HandleGrammar {
    /// @notice Longest platform, in bytes.
    uint256 internal constant MAX_PLATFORM_LENGTH = 16;
    /// @notice Longest name after the platform's colon, in bytes.
    uint256 internal constant MAX_NAME_LENGTH = 64;

    /// @dev The length of `handle`'s platform (the bytes before its first colon), or zero when
    /// `handle` breaks the grammar.
    function platformLength(bytes calldata handle) internal pure returns (uint256 length) {
        length = _platformLength(handle);
        if (length == 0) return 0;
        uint256 nameLength = handle.length - length - 1;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) return 0;
        for (uint256 i = length + 1; i < handle.length; i++) {
            bytes1 c = handle[i];
            if (!_isLowerAlnum(c) && c != "_" && c != "." && c != "-" && c != ":") return 0;
        }
    }

    /// @dev The platform of a handle that follows the grammar (e.g. "x" for "x:alice"); empty when
    /// the handle has no valid platform. Reads at most `MAX_PLATFORM_LENGTH` + 1 bytes.
    function platformOf(bytes calldata handle) internal pure returns (bytes calldata) {
        return handle[:_platformLength(handle)];
    }

    /// @dev Bytes before the first colon when they form a valid platform followed by a colon,
    /// else zero.
    function _platformLength(bytes calldata handle) private pure returns (uint256) {
        uint256 end = handle.length < MAX_PLATFORM_LENGTH + 1 ? handle.length : MAX_PLATFORM_LENGTH + 1;
        for (uint256 i = 0; i < end; i++) {
            bytes1 c = handle[i];
            if (c == ":") return i;
            if (!_isLowerAlnum(c)) return 0;
        }
        return 0;
    }

    function _isLowerAlnum(bytes1 c) private pure returns (bool) {
        return (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
    }
}
