/** 'preact/jsx-runtime' (and its dev twin) in chunk builds (wxt.config.ts): the content script's copy. */
export const { jsx, jsxs, Fragment } = globalThis.networkUnion!.jsxRuntime;
export { jsx as jsxDEV };
