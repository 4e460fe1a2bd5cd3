import type { SiteProfile } from '../sites/profile';
import { SITES, siteOf } from '../sites/profiles';

/** A handle as the registry stores it: `platform:name`, lower-case. */
export type Handle = `${string}:${string}`;

/** Lower-cases and validates a name by the site's rule; null for a name the site would refuse. */
export function handleOn(site: SiteProfile, name: string): Handle | null {
  const lower = name.trim().replace(/^@/, '').toLowerCase();
  return site.nameRule.test(lower) ? `${site.platform}:${lower}` : null;
}

/** handleOn for a site named by its platform; null for an unknown site. */
export function toHandle(platform: string, name: string): Handle | null {
  const site = siteOf(platform);
  return site ? handleOn(site, name) : null;
}

/** Parses `platform:name` (any case, with or without `@`) into a registry handle, or null. */
export function parseHandle(text: string): Handle | null {
  const match = /^\s*([a-z0-9]{1,16}):(.+)$/i.exec(text);
  if (!match) return null;
  return toHandle(match[1]!.toLowerCase(), match[2]!);
}

/**
 * What a person typed as an account on some site: `platform:name`, or a bare `@alice` / `alice.smith`,
 * which may be a name on several sites (the caller checks which one is claimed).
 */
export function handleCandidates(text: string): Handle[] {
  const exact = parseHandle(text);
  if (exact) return [exact];
  return SITES.flatMap((site) => toHandle(site.platform, text) ?? []);
}

export function isHandle(value: unknown): value is Handle {
  return typeof value === 'string' && parseHandle(value) === value;
}

/** The platform part of `platform:name`. */
export function platformOf(handle: string): string {
  return handle.slice(0, Math.max(handle.indexOf(':'), 0));
}

/** The name part shown to people: `platform:alice` -> `@alice`. */
export function displayHandle(handle: string): string {
  const colon = handle.indexOf(':');
  return colon < 0 ? handle : `@${handle.slice(colon + 1)}`;
}
