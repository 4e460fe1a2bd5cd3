import type { ArmourEncoding } from '../crypto/armour';

/** Where an armoured message is written on a site, and how much the site lets it hold. */
export interface MessageChannel {
  /** The site's limit, in its own way of counting characters. */
  limit: number;
  /** The armour that fits the channel best. */
  encoding: ArmourEncoding;
  /** Characters as the site counts them. */
  weigh(text: string): number;
}

/**
 * Everything site-specific outside the page's markup: hosts, URL forms, handle rules and words.
 * One per site in `lib/sites/<site>/profile.ts`; no other module knows a site by name.
 */
export interface SiteProfile {
  /** The registry's platform prefix, e.g. `x` in `x:alice`. */
  platform: string;
  /** The site's name as people say it. */
  name: string;
  /** Host names the site is served from (the first is canonical). */
  hosts: readonly string[];
  /** Validates a lower-cased account name (without `@`). */
  nameRule: RegExp;
  /** How a person writes an account name, e.g. "@alice". */
  nameExample: string;
  /** What the name rule allows, in words. */
  nameRuleWords: string;
  /** The profile field where the bio proof goes, and how long it may be. */
  bio: { field: string; limit: number };
  /** A profile's canonical URL. */
  profileUrl(name: string): string;
  /** The canonical URL of a post or profile on this site, or null for other URLs. */
  canonicalUrl(url: URL): string | null;
  channels: { post: MessageChannel; dm: MessageChannel };
}
