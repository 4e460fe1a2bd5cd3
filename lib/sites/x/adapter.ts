import type { SiteAdapter } from '../types';
import { textWithEmoji } from '../text';
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
 * XChat, X's direct messages (x.com/i/chat/<id>, chat.x.com): the app renders in an open shadow
 * root of its embed host. A one-to-one conversation's id is the two accounts' numeric ids,
 * lower first; anything else after /i/chat/ is a group, the PIN gate or the requests pages.
 */
const CHAT_HOSTS = new Set([...HOSTS, 'chat.x.com']);
const ONE_TO_ONE_ID = /^(\d{1,25})-(\d{1,25})$/;
const CHAT_PAGES = new Set(['pin', 'requests', 'new', 'settings', 'compose']);

export const xAdapter: SiteAdapter = {
  site: xProfile,
  selectors: {
    profileName: '[data-testid="primaryColumn"] [data-testid="UserName"]',
    profileBio: '[data-testid="primaryColumn"] [data-testid="UserDescription"]',
    postAuthor: 'article[data-testid="tweet"] [data-testid="User-Name"]',
    postText: 'article[data-testid="tweet"] [data-testid="tweetText"]',
    dmComposer: 'textarea[data-testid="dm-composer-textarea"]',
    postComposer: '[data-testid^="tweetTextarea_"][contenteditable="true"][role="textbox"]',
    dmMessage: '[data-testid^="message-"][data-dm-message-row]',
    dmHeader: '[data-testid="dm-conversation-header"]',
  },
  shadowHosts: ['[data-testid="xchatEmbedRoute"]'],

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
    // Only the header's own bio, between its name block and its items row: a bio-less header
    // must never take a proof from another account's description elsewhere in the column.
    let nameBlock: Element = profileName;
    for (let header = profileName.parentElement; header; nameBlock = header, header = header.parentElement) {
      if (header.matches('[data-testid="primaryColumn"]')) return '';
      if (!header.querySelector('[data-testid="UserProfileHeader_Items"]')) continue;
      for (let part = nameBlock.nextElementSibling; part; part = part.nextElementSibling) {
        if (part.matches('[data-testid="UserProfileHeader_Items"]') || part.querySelector('[data-testid="UserProfileHeader_Items"]')) return '';
        const bio = part.matches('[data-testid="UserDescription"]') ? part : part.querySelector('[data-testid="UserDescription"]');
        if (bio) return textWithEmoji(bio);
      }
      return '';
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

  postBadgeAnchor(postAuthor) {
    // User-Name > [display-name row, handle·time block]: the row is a flex row, so the badge
    // appended to it sits on the name's line, outside the profile link.
    return postAuthor.firstElementChild;
  },

  composerLockAnchor(composer) {
    // A post composer's toolbar: its row of media buttons is taller than the Lock. Below the
    // editor, the Lock made the home composer a line taller and moved the whole timeline down.
    // The first block around the editor that has a toolbar, if no other editor is in it: a
    // compose dialog over the home timeline does not take the home composer's.
    if (composer.matches(this.selectors.postComposer)) {
      for (let block = composer.parentElement; block; block = block.parentElement) {
        const toolbar = block.querySelector('[data-testid="toolBar"]');
        if (!toolbar) continue;
        if (block.querySelectorAll(this.selectors.postComposer).length === 1) return toolbar.querySelector('[data-testid="ScrollSnap-List"]');
        break;
      }
    }
    // A DM's textarea, or a reply box whose toolbar is not drawn yet.
    return composer.parentElement;
  },

  isConversationUrl(url) {
    return conversationId(url) !== null;
  },

  dmPeerHandle(inside) {
    // A group's id is not two account ids: no one peer, whatever its header shows.
    const id = conversationId(new URL(location.href));
    const ids = id && ONE_TO_ONE_ID.exec(id);
    if (!ids || BigInt(ids[1]!) >= BigInt(ids[2]!)) return null;
    // The header links to the peer's profile and shows "@handle": both must name the same
    // account (the display name beside them is the user's to choose).
    const header = (inside.getRootNode() as ParentNode).querySelector(this.selectors.dmHeader!);
    const links = [...(header?.querySelectorAll('a[href]') ?? [])].map((link) => profileNameFromHref(link.getAttribute('href')));
    const name = links[0];
    if (!name || links.some((other) => other?.toLowerCase() !== name.toLowerCase())) return null;
    const shown = `@${name.toLowerCase()}`;
    return [...header!.querySelectorAll('span')].some((span) => !span.children.length && span.textContent?.trim().toLowerCase() === shown) ? name : null;
  },

  dmMessageText(message) {
    // Rows are identified by uuid: the text of this row, not of another row's inside it.
    return message.querySelector(`[data-testid="message-text-${CSS.escape(message.getAttribute('data-testid')!.slice(8))}"]`);
  },

  dmMessageIsOwn(message) {
    // Told only by alignment: the nearest justify class from the text up to the row.
    const text = this.dmMessageText(message);
    for (let node = text?.parentElement ?? null; node; node = node === message ? null : node.parentElement) {
      if (node.classList.contains('justify-end')) return true;
      if (node.classList.contains('justify-start')) return false;
    }
    return false;
  },
};

/** The conversation id of an XChat URL (/i/chat/<id> on x.com or chat.x.com), or null. */
function conversationId(url: URL): string | null {
  if (!CHAT_HOSTS.has(url.hostname)) return null;
  const [i, chat, id, ...rest] = url.pathname.split('/').filter(Boolean);
  if (i !== 'i' || chat !== 'chat' || !id || rest.length > 0 || CHAT_PAGES.has(id)) return null;
  return /^[\w:-]{1,80}$/.test(id) ? id : null;
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
