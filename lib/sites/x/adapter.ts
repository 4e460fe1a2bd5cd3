import type { SiteAdapter } from '../types';
import { xProfile } from './profile';

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

/**
 * Direct messages (X's classic DM UI at /messages/<conversation id>). A one-to-one conversation's
 * id is the two accounts' numeric ids joined by "-"; a group's is a single number.
 */
const CONVERSATION_ID = /^\d{1,25}(?:-\d{1,25})?$/;
const ONE_TO_ONE_ID = /^\d{1,25}-\d{1,25}$/;
/** The conversation panel: the detail pane of the messages page, holding header, thread and composer. */
const DM_PANEL = 'section[aria-labelledby="detail-header"]';
/** The scrolling thread (messages, and the peer's profile summary above them): never the header. */
const DM_THREAD = '[data-testid="DmActivityViewport"], [data-testid="DmScrollerContainer"], [data-testid="messageEntry"]';
/** Avatar links of DM participants: `a[href="/<screen name>"]` (header, inbox rows, received messages). */
const DM_AVATAR = '[data-testid="DM_Conversation_Avatar"]';
/** X's atomic classes for align-items: flex-end / flex-start: sent messages sit right, received left. */
const ALIGN_END = 'r-obd0qt';
const ALIGN_START = 'r-1habvwh';

export const xAdapter: SiteAdapter = {
  site: xProfile,
  selectors: {
    profileName: '[data-testid="primaryColumn"] [data-testid="UserName"]',
    profileBio: '[data-testid="primaryColumn"] [data-testid="UserDescription"]',
    postAuthor: 'article[data-testid="tweet"] [data-testid="User-Name"]',
    postText: 'article[data-testid="tweet"] [data-testid="tweetText"]',
    dmComposer: '[data-testid="dmComposerTextInput"][contenteditable="true"]',
    postComposer: '[data-testid^="tweetTextarea_"][contenteditable="true"][role="textbox"]',
    dmMessage: '[data-testid="DmActivityContainer"] [data-testid="messageEntry"]',
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

  postTextAuthor(postText) {
    // The author block nearest above the text: a quoted post's own, else the article's.
    const quote = postText.closest('div[role="link"]');
    const scope = quote?.querySelector('[data-testid="User-Name"]') ? quote : postText.closest('article[data-testid="tweet"]');
    const author = scope?.querySelector('[data-testid="User-Name"]');
    return author ? this.postAuthorHandle(author) : null;
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

  isConversationUrl(url) {
    if (!HOSTS.has(url.hostname)) return false;
    const [section, id, ...rest] = url.pathname.split('/').filter(Boolean);
    return section?.toLowerCase() === 'messages' && id !== undefined && rest.length === 0 && CONVERSATION_ID.test(id);
  },

  dmPeerHandle(doc) {
    // A group conversation's id (in the URL) is a single number: no one peer.
    const id = conversationIdFromUrl(doc.URL);
    if (id !== null && !ONE_TO_ONE_ID.test(id)) return null;
    const panel = doc.querySelector(DM_PANEL);
    if (!panel?.querySelector('[data-testid="DmActivityContainer"]')) return null;
    // The header's avatar links to the peer's profile. Read the link, not the (user-chosen) names
    // shown beside it; the thread below (messages, the profile summary) is not the header.
    let peer: string | null = null;
    for (const link of panel.querySelectorAll(DM_AVATAR)) {
      if (link.closest(DM_THREAD)) continue;
      const name = profileNameFromHref(link.getAttribute('href'));
      if (!name) return null;
      if (!peer) peer = name;
      else if (peer.toLowerCase() !== name.toLowerCase()) return null; // several people: a group
    }
    return peer;
  },

  dmMessageText(message) {
    // X reuses the post text test id for a message's text; a shared post inside the message is a
    // link card with its own, which is not the message's.
    for (const text of message.querySelectorAll('[data-testid="tweetText"]')) {
      const card = text.closest('[role="link"], article');
      if (!card || card === message || !message.contains(card)) return text;
    }
    return null;
  },

  dmMessageIsOwn(message) {
    // Received messages carry the sender's avatar; sent ones are aligned to the end of the row.
    if (message.querySelector(DM_AVATAR)) return false;
    const text = this.dmMessageText(message);
    for (let node = text?.parentElement ?? null; node && node !== message; node = node.parentElement) {
      if (node.classList.contains(ALIGN_END)) return true;
      if (node.classList.contains(ALIGN_START)) return false;
    }
    return false;
  },
};

/** The conversation id of a /messages/<id> URL, or null for any other URL. */
function conversationIdFromUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!xAdapter.isConversationUrl(url)) return null;
  return url.pathname.split('/').filter(Boolean)[1] ?? null;
}

/** NAME of a link to x.com/NAME (relative or absolute), or null for any other link. */
function profileNameFromHref(href: string | null): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, 'https://x.com');
  } catch {
    return null;
  }
  if (!HOSTS.has(url.hostname) || url.search || url.hash) return null;
  const match = /^\/([A-Za-z0-9_]{1,15})\/?$/.exec(url.pathname);
  return match && !RESERVED.has(match[1]!.toLowerCase()) ? match[1]! : null;
}

/** The first "@name" text inside an element. */
function screenNameFromText(root: Element | undefined): string | null {
  if (!root) return null;
  for (const span of root.querySelectorAll('span')) {
    const text = span.textContent?.trim() ?? '';
    if (text.startsWith('@') && SCREEN_NAME.test(text.slice(1)) && span.children.length === 0) return text.slice(1);
  }
  return null;
}
