import type { SiteAdapter } from './types';

const HOSTS = new Set(['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com']);

/** First path segments that are X's own pages, not profiles. */
const RESERVED = new Set([
  'home', 'explore', 'i', 'messages', 'settings', 'search', 'notifications', 'compose', 'login', 'logout',
  'signup', 'tos', 'privacy', 'bookmarks', 'lists', 'communities', 'hashtag', 'intent', 'share', 'account',
  'download', 'jobs', 'premium', 'premium_sign_up', 'verified-choose', 'grok', 'about', 'help', 'following',
  'followers', 'who_to_follow', 'topics', 'spaces', 'places', 'oauth', 'sw.js', 'manifest.json', 'robots.txt',
]);

/** Profile tabs: /NAME/<tab> is still NAME's profile. */
const PROFILE_TABS = new Set([
  'with_replies', 'media', 'likes', 'highlights', 'articles', 'superfollows', 'followers', 'following',
  'verified_followers', 'followers_you_follow', 'creator-subscriptions', 'photo', 'header_photo',
]);

const SCREEN_NAME = /^[A-Za-z0-9_]{1,15}$/;

export const xAdapter: SiteAdapter = {
  platform: 'x',
  selectors: {
    profileName: '[data-testid="primaryColumn"] [data-testid="UserName"]',
    profileBio: '[data-testid="primaryColumn"] [data-testid="UserDescription"]',
    postAuthor: 'article[data-testid="tweet"] [data-testid="User-Name"]',
  },

  handleFromUrl(url) {
    if (!HOSTS.has(url.hostname)) return null;
    const [name, tab, ...rest] = url.pathname.split('/').filter(Boolean);
    if (!name || !SCREEN_NAME.test(name) || RESERVED.has(name.toLowerCase())) return null;
    if (rest.length > 0 || (tab !== undefined && !PROFILE_TABS.has(tab))) return null;
    return name;
  },

  profileHandle(profileName) {
    // Only the handle row: a display name may itself read "@someone".
    return screenNameFromText(profileName.firstElementChild?.children[1]);
  },

  profileBio(profileName) {
    // The nearest bio around this header, never beyond the primary column.
    for (let node = profileName.parentElement; node; node = node.parentElement) {
      const bio = node.querySelector('[data-testid="UserDescription"]');
      if (bio) return bio.textContent ?? '';
      if (node.matches('[data-testid="primaryColumn"]')) break;
    }
    return '';
  },

  profileBadgeAnchor(profileName) {
    // UserName > wrapper > [display-name row, handle row]
    return profileName.firstElementChild?.firstElementChild ?? null;
  },

  postAuthorHandle(postAuthor) {
    // The "@name" of the handle block (posts and quoted posts alike), else the profile link.
    const shown = screenNameFromText(postAuthor.children[1]);
    if (shown) return shown;
    for (const link of postAuthor.querySelectorAll('a[href]')) {
      const match = /^\/([A-Za-z0-9_]{1,15})$/.exec(link.getAttribute('href') ?? '');
      if (match && !RESERVED.has(match[1]!.toLowerCase())) return match[1]!;
    }
    return null;
  },

  postPermalink(postAuthor) {
    // The time link of the handle block: /name/status/id (quoted posts have none).
    const link = postAuthor.children[1]?.querySelector('a[href*="/status/"]');
    const match = /^\/([A-Za-z0-9_]{1,15})\/status\/(\d+)$/.exec(link?.getAttribute('href') ?? '');
    return match ? `https://x.com/${match[1]}/status/${match[2]}` : null;
  },

  postActionBar(postAuthor) {
    // Quoted posts have no action bar: only the article's own author gets one.
    if (!this.postPermalink(postAuthor)) return null;
    const article = postAuthor.closest('article[data-testid="tweet"]');
    const bars = article ? [...article.querySelectorAll('[role="group"]')] : [];
    return bars.find((bar) => bar.closest('article') === article && bar.querySelector('[data-testid="reply"]')) ?? null;
  },

  postBadgeAnchor(postAuthor) {
    // User-Name > [display-name row, handle·time block]: the row is a flex row, so the badge
    // appended to it sits on the name's line, outside the profile link.
    return postAuthor.firstElementChild;
  },
};

/** The first "@name" text inside an element. */
function screenNameFromText(root: Element | undefined): string | null {
  if (!root) return null;
  for (const span of root.querySelectorAll('span')) {
    const text = span.textContent?.trim() ?? '';
    if (text.startsWith('@') && SCREEN_NAME.test(text.slice(1)) && span.children.length === 0) return text.slice(1);
  }
  return null;
}
