/** 'preact/jsx-runtime' in chunk builds (wxt.config.ts): the content script's copy. */
export const { jsx, jsxs, Fragment } = globalThis.networkUnion!.jsxRuntime;
