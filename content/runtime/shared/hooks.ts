/** 'preact/hooks' in chunk builds (wxt.config.ts): the one copy, from the hooks chunk the runtime loads first. */
export const { useState, useEffect, useLayoutEffect, useRef } = globalThis.networkUnion!.chunks['preact-hooks']!;
