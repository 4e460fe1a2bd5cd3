/** 'preact' in chunk builds (wxt.config.ts): the content script's copy, as much of it as chunks use. */
export const { render, options, Component, createRef } = globalThis.networkUnion!.preact;
