import type { SiteAdapter } from '../types';
import { textWithEmoji } from '../text';
import { facebookProfile } from './profile';

/**
 * Facebook has no test ids: everything here rests on `data-ad-rendering-role` (the feed's own
 * markers for a story's parts), ARIA roles, link shapes and nesting. Labels are localised, so no
 * decision reads one. See ARCHITECTURE.md → Sites for the markup these rules were written against.
 */

const HOSTS = new Set(facebookProfile.hosts);

/** First path segments that are Facebook's own pages, not profiles. */
const RESERVED = new Set([
  'watch', 'groups', 'marketplace', 'events', 'settings', 'messages', 'gaming', 'friends', 'notifications', 'bookmarks',
  'saved', 'pages', 'reel', 'reels', 'stories', 'photo', 'photo.php', 'photos', 'permalink.php', 'story.php', 'search',
  'hashtag', 'login', 'login.php', 'logout.php', 'help', 'privacy', 'policies', 'business', 'ads', 'memories',
  'fundraisers', 'live', 'news', 'home.php', 'me', 'share', 'sharer', 'sharer.php', 'dialog', 'plugins', 'l.php',
  'jobs', 'games', 'offers', 'places', 'latest', 'feeds', 'onthisday', 'media', 'video.php', 'watchparty',
  'composer', 'checkpoint', 'recover', 'r.php', 'reg', 'legal', 'terms', 'about', 'careers', 'people', 'profile.php',
]);

/** Profile tabs: /NAME/<tab> is still NAME's profile (and /profile.php?id=N&sk=<tab>). */
const PROFILE_TABS = new Set(['about', 'friends', 'photos', 'videos', 'reels', 'followers', 'following', 'mentions', 'reviews', 'check_ins', 'music', 'sports', 'map', 'likes', 'events', 'groups', 'books']);

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9.]{4,49}$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;

/**
 * A post card: the feed's row for one story (home, groups, pages, profiles), marked by its place
 * in the feed. Late 2026 the card has no role=article; comments inside it do.
 */
const POST_CARD = '[aria-posinset]';
const COMMENT = '[role="article"]';
const PROFILE_NAME = '[data-ad-rendering-role="profile_name"]';
/** A Lexical editor, as Facebook mounts every composer (posts, comments, Messenger). */
const LEXICAL = '[contenteditable="true"][role="textbox"][data-lexical-editor="true"]';

export const facebookAdapter: SiteAdapter = {
  site: facebookProfile,
  selectors: {
    // A profile's (or Page's) name is the main column's h1; group and event pages have one too,
    // but handleFromUrl refuses their URLs.
    profileName: '[role="main"] h1',
    // The Intro card of a profile: its pagelet name is a stable part of Facebook's own routing.
    profileBio: '[role="main"] [data-pagelet="ProfileTilesFeed_0"]',
    // Authors and texts of stories; comments have neither marker (they are role=article).
    postAuthor: `${POST_CARD} ${PROFILE_NAME}`,
    postText: `${POST_CARD} [data-ad-rendering-role="story_message"]`,
    // Messenger: the editor of the main column that holds a conversation's message grid.
    dmComposer: `[role="main"]:has([role="grid"]) ${LEXICAL}:not(${POST_CARD} *, [role="dialog"] *)`,
    // The Create post dialog's editor (a form in a dialog); comment boxes live in post cards.
    postComposer: `[role="dialog"] form ${LEXICAL}:not(${POST_CARD} *, ${COMMENT} *)`,
    // Every row of the conversation's grid: messages and the rest (dates, the E2EE notice),
    // which dmMessageText tells apart.
    dmMessage: '[role="main"] [role="grid"] [role="row"]',
  },

  handleFromUrl(url) {
    if (!HOSTS.has(url.hostname)) return null;
    const [first, second, third, ...rest] = url.pathname.split('/').filter(Boolean);
    if (!first) return null;
    if (first === 'profile.php') {
      const tab = url.searchParams.get('sk');
      return second === undefined && (tab === null || PROFILE_TABS.has(tab)) ? idName(url.searchParams.get('id')) : null;
    }
    // /people/Display-Name/<id>[/]: a numeric id is the account's; a pfbid… is not stable.
    if (first === 'people') return rest.length === 0 && second ? idName(third) : null;
    if (third !== undefined || rest.length > 0 || (second !== undefined && !PROFILE_TABS.has(second))) return null;
    return pathName(first);
  },

  profileHandle(profileName) {
    // The header shows only a display name; the profile's own tabs (role=tab links in the same
    // main column) say whose profile it is, and are redrawn with it on navigation.
    const main = profileName.closest('[role="main"]');
    for (const tab of main?.querySelectorAll('a[role="tab"][href]') ?? []) {
      const name = profileNameFromHref(tab.getAttribute('href'), true);
      if (name) return name;
    }
    return null;
  },

  profileBio(profileName) {
    // The Intro card's first text line outside headings, links and buttons ("Edit bio"), and
    // not a details row (those link a place, a school, an employer, or sit in the details list).
    // Emoji are images, read as their alt text. A misread line holds no proof: nothing verifies.
    const intro = profileName.closest('[role="main"]')?.querySelector(this.selectors.profileBio);
    for (const line of intro?.querySelectorAll('span[dir="auto"]') ?? []) {
      if (!line.closest('h1, h2, h3, a, li, [role="button"], [role="link"]') && !line.querySelector('a')) return textWithEmoji(line);
    }
    return '';
  },

  profileBadgeAnchor(profileName) {
    // Beside the name: the h1's wrapper is the row the name (and Facebook's verified tick) sits in.
    return profileName.parentElement;
  },

  postAuthorHandle(postAuthor) {
    if (!isStory(postAuthor)) return null;
    // The author's link comes first; a group post's header then links the group (not a profile).
    for (const link of postAuthor.querySelectorAll('a[href]')) {
      const name = profileNameFromHref(link.getAttribute('href'), false);
      if (name) return name;
    }
    return null;
  },

  postBadgeAnchor(postAuthor) {
    // The author's heading (h2/h3/h4 of the story header), so the badge sits on the name's line.
    return postAuthor.querySelector('h2, h3, h4') ?? postAuthor.firstElementChild;
  },

  postTextAuthor(postText) {
    // The nearest author above the text: walking up, the first block that holds an author is the
    // story's own header block for its text, and a shared post's attachment for the shared text.
    const card = postText.closest(POST_CARD);
    for (let node = postText.parentElement; node && card?.contains(node); node = node.parentElement) {
      const author = node.querySelector(PROFILE_NAME);
      if (author) return this.postAuthorHandle(author);
    }
    return null;
  },

  postPermalink(postAuthor) {
    if (!isOwnAuthor(postAuthor)) return null;
    // The timestamp link holds the permalink only once hovered (href="#" until then): when it is
    // there it names the post, else the author's profile stands for it.
    const card = postAuthor.closest(POST_CARD)!;
    for (const link of card.querySelectorAll('a[href]')) {
      if (link.closest(COMMENT) || link.closest(PROFILE_NAME) !== null) continue;
      const permalink = storyUrl(link.getAttribute('href'));
      if (permalink) return permalink;
    }
    const name = this.postAuthorHandle(postAuthor);
    return name ? facebookProfile.profileUrl(name.toLowerCase()) : null;
  },

  postActionBar(postAuthor) {
    // A shared post's author has no actions of its own; the story's Like/Comment/Share row does.
    if (!isOwnAuthor(postAuthor)) return null;
    const like = [...postAuthor.closest(POST_CARD)!.querySelectorAll('[data-ad-rendering-role="like_button"]')].find((button) => !button.closest(COMMENT));
    const share = like?.parentElement?.closest(':has([data-ad-rendering-role="share_button"])');
    return share && !share.closest(COMMENT) ? share : null;
  },

  isConversationUrl(url) {
    return threadId(url) !== null;
  },

  dmPeerHandle(inside) {
    // A one-to-one conversation's header links its one peer's profile; a group's header links
    // nobody (several names, the settings panel). Message text is never read for this.
    const main = inside.closest('[role="main"]');
    if (!main || !threadId(new URL(location.href))) return null;
    const names = new Set<string>();
    for (const link of main.querySelectorAll('a[href]')) {
      if (link.closest('[role="grid"], [role="navigation"], [role="dialog"]')) continue;
      const name = profileNameFromHref(link.getAttribute('href'), false);
      if (name) names.add(name.toLowerCase());
    }
    return names.size === 1 ? [...names][0]! : null;
  },

  dmMessageText(message) {
    // A message row holds a visually hidden sender heading ("You sent", the sender's name) and
    // then the bubble's text; dates and the encryption notice have no heading.
    const heading = message.querySelector('h4, h5');
    if (!heading) return null;
    for (const text of message.querySelectorAll('[role="gridcell"] div[dir="auto"]')) {
      const after = (heading.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      if (after && !heading.contains(text) && !text.querySelector('div[dir="auto"]')) return text;
    }
    return null;
  },

  dmMessageIsOwn(message) {
    // Own messages are aligned to the end of the row; the words ("You sent") are localised.
    const text = this.dmMessageText(message);
    for (let node = text?.parentElement ?? null; node && node !== message.parentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display.includes('flex') && style.flexDirection.startsWith('row')) {
        const end = style.justifyContent === 'flex-end' || style.justifyContent === 'end';
        if (end !== (style.flexDirection === 'row-reverse')) return true;
        if (style.justifyContent === 'flex-start' || style.justifyContent === 'start') return false;
      }
    }
    return false;
  },
};

/** True when `postAuthor` is a story's author (not inside a comment). */
function isStory(postAuthor: Element): boolean {
  return postAuthor.closest(POST_CARD) !== null && postAuthor.closest(COMMENT) === null;
}

/** True for the card's own author: the first in it (a shared post's author comes after). */
function isOwnAuthor(postAuthor: Element): boolean {
  return isStory(postAuthor) && postAuthor.closest(POST_CARD)!.querySelector(PROFILE_NAME) === postAuthor;
}

function idName(id: string | null | undefined): string | null {
  return id && NUMERIC_ID.test(id) ? `id:${id}` : null;
}

/** A first path segment as a profile name: a username, a bare numeric id, or null for Facebook's own pages. */
function pathName(segment: string): string | null {
  if (NUMERIC_ID.test(segment)) return `id:${segment}`;
  if (!USERNAME.test(segment) || RESERVED.has(segment.toLowerCase()) || /^[\d.]+$/.test(segment) || /^pfbid/i.test(segment)) return null;
  return segment;
}

function facebookUrl(href: string | null): URL | null {
  if (!href || href === '#') return null;
  try {
    const url = new URL(href, 'https://www.facebook.com');
    return HOSTS.has(url.hostname) && url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The account a link points at: /NAME, /profile.php?id=N, /people/Name/N and a group's member
 * page /groups/G/user/N (whatever tracking query follows: __cft__, __tn__, comment_id). With
 * `tabs`, a profile tab (/NAME/about, ?sk=about) counts too.
 */
function profileNameFromHref(href: string | null, tabs: boolean): string | null {
  const url = facebookUrl(href);
  if (!url) return null;
  const [first, second, third, fourth, ...rest] = url.pathname.split('/').filter(Boolean);
  if (first === 'groups' && third === 'user' && rest.length === 0) return idName(fourth);
  if (first === 'profile.php') return !tabs && url.searchParams.has('sk') ? null : idName(url.searchParams.get('id'));
  if (first === 'people') return fourth === undefined ? idName(third) : null;
  if (!first || third !== undefined || (second !== undefined && !(tabs && PROFILE_TABS.has(second)))) return null;
  return pathName(first);
}

/** A story's own URL from a link in its card: /NAME/posts/ID, /groups/G/posts/ID, /permalink.php, /story.php. */
function storyUrl(href: string | null): string | null {
  const url = facebookUrl(href);
  if (!url) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const isPost = (parts.length === 3 && (parts[1] === 'posts' || parts[1] === 'videos') && parts[0] !== 'groups') || (parts.length === 4 && parts[0] === 'groups' && parts[2] === 'posts');
  if (isPost) return facebookProfile.canonicalUrl(url);
  if ((parts[0] === 'permalink.php' || parts[0] === 'story.php') && parts.length === 1) {
    const story = url.searchParams.get('story_fbid');
    const id = url.searchParams.get('id');
    return story && id && /^[\w-]{1,80}$/.test(story) && NUMERIC_ID.test(id) ? `https://www.facebook.com/permalink.php?story_fbid=${story}&id=${id}` : null;
  }
  return null;
}

/** The conversation id of a Messenger URL on facebook.com (/messages/t/ID, /messages/e2ee/t/ID), or null. */
function threadId(url: URL): string | null {
  if (!HOSTS.has(url.hostname)) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const id = parts[0] === 'messages' && (parts[1] === 't' ? parts.length === 3 && parts[2] : parts[1] === 'e2ee' && parts[2] === 't' && parts.length === 4 && parts[3]);
  return id && /^\d{1,25}$/.test(id) ? id : null;
}

