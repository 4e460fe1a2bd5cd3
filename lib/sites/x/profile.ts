import type { SiteProfile } from '../profile';

/**
 * Characters as X counts them (twitter-text v3): code points up to U+10FF (Latin, Greek,
 * Cyrillic, Hebrew, Arabic, Indic…) and some punctuation count 1; all others, CJK and emoji
 * included, count 2. Exact for armour (ASCII and the lock). For other text it over-counts emoji
 * sequences (X counts a whole sequence as 2) and ignores X's URL and normalisation rules.
 */
export function xWeightedLength(text: string): number {
  let length = 0;
  for (const char of text) length += isLightForX(char.codePointAt(0)!) ? 1 : 2;
  return length;
}

function isLightForX(codePoint: number): boolean {
  return (
    codePoint <= 0x10ff ||
    (codePoint >= 0x2000 && codePoint <= 0x200d) ||
    (codePoint >= 0x2010 && codePoint <= 0x201f) ||
    (codePoint >= 0x2032 && codePoint <= 0x2037)
  );
}

const HOSTS = ['x.com', 'twitter.com', 'mobile.twitter.com', 'www.x.com', 'mobile.x.com', 'www.twitter.com'];

export const xProfile: SiteProfile = {
  platform: 'x',
  name: 'X',
  hosts: HOSTS,
  nameRule: /^[a-z0-9_]{1,15}$/,
  nameExample: '@alice',
  nameRuleWords: 'An X handle is 1 to 15 letters, digits or underscores, e.g. @alice.',
  bio: { field: 'bio', limit: 160 },
  profileUrl: (name) => `https://x.com/${name}`,
  canonicalUrl(url) {
    if (url.protocol !== 'https:' || !HOSTS.includes(url.hostname)) return null;
    return `https://x.com${url.pathname.replace(/\/+$/, '').toLowerCase()}`;
  },
  channels: {
    // Posts need the denser armour to fit 280 characters.
    post: { limit: 280, encoding: 'letters', weigh: xWeightedLength },
    dm: { limit: 10_000, encoding: 'base64url', weigh: xWeightedLength },
  },
};
