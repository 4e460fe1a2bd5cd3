/** A handle as the registry stores it: `platform:name`, lower-case, e.g. `x:alice`. */
export type Handle = `${Platform}:${string}`;
export type Platform = 'x' | 'facebook';

const NAME_RULES: Record<Platform, RegExp> = {
  // Same rules as UnionRegistry._validateHandle.
  x: /^[a-z0-9_]{1,15}$/,
  facebook: /^[a-z0-9][a-z0-9.]{4,49}$/,
};

/** Lower-cases and validates a platform name; returns null for anything the registry would refuse. */
export function toHandle(platform: Platform, name: string): Handle | null {
  const lower = name.trim().replace(/^@/, '').toLowerCase();
  return NAME_RULES[platform].test(lower) ? `${platform}:${lower}` : null;
}

/** Parses `x:alice` (or `X:@Alice`) into a registry handle, or null. */
export function parseHandle(text: string): Handle | null {
  const match = /^\s*(x|facebook):(.+)$/i.exec(text);
  if (!match) return null;
  return toHandle(match[1]!.toLowerCase() as Platform, match[2]!);
}

export function isHandle(value: unknown): value is Handle {
  return typeof value === 'string' && parseHandle(value) === value;
}

/** The name part shown to people: `x:alice` -> `@alice`. */
export function displayHandle(handle: string): string {
  const colon = handle.indexOf(':');
  return colon < 0 ? handle : `@${handle.slice(colon + 1)}`;
}
