import type { SiteProfile } from '../profile';

const HOSTS = ['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com'];
const codePoints = (text: string) => [...text].length;

/** Facebook's names and limits; where things are on its pages is ./adapter.ts. */
export const facebookProfile: SiteProfile = {
  platform: 'facebook',
  name: 'Facebook',
  hosts: HOSTS,
  // Usernames: 5-50 of a-z, 0-9 and periods, starting with a letter or digit, not all digits
  // (a number is an account id). An account without a username is named by its numeric id:
  // `id:<number>` (the registry's grammar allows the colon). pfbid… ids change: never names.
  nameRule: /^(?:(?![\d.]+$)(?!pfbid)[a-z0-9][a-z0-9.]{4,49}|id:[1-9]\d{0,19})$/,
  nameExample: 'alice.smith',
  nameRuleWords: 'A Facebook username is 5 to 50 letters, digits or periods (alice.smith), or id: and the account number.',
  bio: { field: 'Bio', limit: 101 },
  profileUrl: (name) => (name.startsWith('id:') ? `https://www.facebook.com/profile.php?id=${name.slice(3)}` : `https://www.facebook.com/${name}`),
  canonicalUrl(url) {
    if (url.protocol !== 'https:' || !HOSTS.includes(url.hostname)) return null;
    // Tracking queries (__cft__, __tn__) are dropped; a profile.php id is kept.
    const id = url.pathname === '/profile.php' ? url.searchParams.get('id') : null;
    return `https://www.facebook.com${url.pathname.replace(/\/+$/, '').toLowerCase()}${id ? `?id=${id}` : ''}`;
  },
  channels: {
    post: { limit: 63_206, encoding: 'base64url', weigh: codePoints },
    dm: { limit: 20_000, encoding: 'base64url', weigh: codePoints },
  },
};
