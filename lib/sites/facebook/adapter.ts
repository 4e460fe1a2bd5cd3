import type { SiteAdapter } from '../types';
import { textWithEmoji } from '../text';
import { facebookProfile } from './profile';

/**
 * Facebook has no test ids: everything here rests on `data-ad-rendering-role` (the feed's own
 * markers for a story's parts), ARIA roles, link shapes and nesting. Labels are localised, so no
 * decision reads one. See ARCHITECTURE.md → Sites for the markup these rules were written against.
 */

const HOSTS = new Set(facebookProfile.hosts);

/** First path segments that are Facebook's own pages, not profiles (those a username could spell). */
const RESERVED = new Set(
  ('watch groups marketplace events settings messages gaming friends notifications bookmarks saved pages reels stories ' +
    'photo photos photo.php permalink.php story.php search hashtag privacy policies business memories fundraisers ' +
    'sharer.php games offers places latest feeds onthisday video.php media people profile.php home.php share').split(' '),
);

/** Profile tabs: /NAME/<tab> is still NAME's profile (and /profile.php?id=N&sk=<tab>). */
const PROFILE_TABS = new Set('about friends photos videos reels followers following mentions reviews'.split(' '));

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
const LEXICAL = '[data-lexical-editor][contenteditable="true"]';
/**
 * Messenger's composer: the editor of the main column that holds a conversation's message grid
 * (a feed's main holds no grid; dialogs open outside main).
 */
const DM_COMPOSER = `[role="main"]:has([role="grid"]) ${LEXICAL}`;

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
    dmComposer: DM_COMPOSER,
    // The Create post dialog's editor (a form in a dialog); comment boxes live in post cards.
    postComposer: `[role="dialog"] form ${LEXICAL}:not(${POST_CARD} *, ${COMMENT} *)`,
    // Every row of the conversation's grid: messages and the rest (dates, the E2EE notice),
    // which dmMessageText tells apart.
    dmMessage: '[role="main"] [role="grid"] [role="row"]',
  },
  // A feed's main holds a comment editor per story: the grid is looked for only outside stories.
  observed: { dmComposer: `[role="main"] ${LEXICAL}:not(${POST_CARD} *, ${COMMENT} *)` },

  handleFromUrl(url) {
    // A group's member page (/groups/G/user/N) is the group's, not the profile.
    return url.pathname.startsWith('/groups/') ? null : accountOf(url.href, true);
  },

  profileHandle(profileName) {
    // The header shows only a display name; the profile's own tabs (role=tab links in the same
    // main column) say whose profile it is, and are redrawn with it on navigation.
    return firstAccount(profileName.closest('[role="main"]')?.querySelectorAll('a[role="tab"]'), true);
  },

  profileAliases(profileName) {
    // The document's App Links tags name the account by id (fb://profile/N) and its Open Graph
    // URL by username, as served with the page. Navigating in the app keeps the first page's
    // head: the pair counts only when one of its names is the profile shown now.
    const shown = this.profileHandle(profileName)?.toLowerCase();
    const meta = (property: string) => document.head.querySelector(`meta[property="${property}"]`)?.getAttribute('content') ?? null;
    const ids = new Set(['al:android:url', 'al:ios:url'].map((property) => idName(/^fb:\/\/profile\/(\d+)$/.exec(meta(property) ?? '')?.[1])));
    const [id] = ids;
    const names = [accountOf(meta('og:url'), false)?.toLowerCase() ?? null, ids.size === 1 ? id! : null];
    return shown && names.includes(shown) ? names.filter((name): name is string => name !== null && name !== shown) : [];
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
    return firstAccount(postAuthor.querySelectorAll('a'), false);
  },

  postBadgeAnchor(postAuthor) {
    // The author's heading (h2/h3/h4 of the story header), so the badge sits on the name's line.
    return postAuthor.querySelector('h2, h3, h4') ?? postAuthor.firstElementChild;
  },

  composerLockAnchor(composer) {
    // Messenger: in the composer's row, beside the editor's box and the row's buttons (Send, Like):
    // below the editor, the Lock made the composer a line taller. Buttons are told by role, as
    // their labels are localised.
    if (composer.matches(DM_COMPOSER)) {
      for (let box: Element = composer; box.parentElement && !box.matches('[role="main"]'); box = box.parentElement) {
        const row = box.parentElement;
        if ([...row.children].some((sibling) => sibling !== box && sibling.matches('[role="button"], button'))) return row;
      }
    }
    // The Create post dialog: below the editor, in its box of a set minimum height.
    return composer.parentElement;
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
    // The timestamp, beside the author in the story's header, links the post only once hovered
    // (href="#" until then): when it does it names the post, else the author's profile stands for it.
    for (const link of postAuthor.parentElement!.querySelectorAll('a')) {
      const url = facebookUrl(link.getAttribute('href'));
      if (url && /^\/(groups\/\d+|[\w.]+)\/posts\/[\w-]+\/?$/.test(url.pathname)) return facebookProfile.canonicalUrl(url);
    }
    const name = this.postAuthorHandle(postAuthor);
    return name ? facebookProfile.profileUrl(name.toLowerCase()) : null;
  },

  isConversationUrl(url) {
    return threadId(url) !== null;
  },

  dmPeerHandle(inside) {
    // A one-to-one conversation's header links its one peer's profile; a group's header links
    // nobody (several names, the settings panel). Message text is never read for this.
    const links = [...(inside.closest('[role="main"]')?.querySelectorAll('a') ?? [])].filter((link) => !link.closest('[role="grid"], [role="navigation"], [role="dialog"]'));
    const names = new Set(links.map((link) => accountOf(link.getAttribute('href'), false)?.toLowerCase()).filter(Boolean));
    return names.size === 1 && this.isConversationUrl(new URL(location.href)) ? [...names][0]! : null;
  },

  dmMessageText(message) {
    // A message row holds a visually hidden sender heading ("You sent", the sender's name) beside
    // the bubble's text; dates and the encryption notice have no heading.
    const heading = message.querySelector('h4, h5');
    const texts = heading ? [...message.querySelectorAll('[role="gridcell"] div[dir="auto"]')] : [];
    return texts.find((text) => !heading!.contains(text) && !text.querySelector('div[dir="auto"]')) ?? null;
  },

  dmMessageIsOwn(message) {
    // Own messages are aligned to the end of the row; the words ("You sent") are localised.
    for (let node = this.dmMessageText(message)?.parentElement; node && message.contains(node); node = node.parentElement) {
      const align = getComputedStyle(node).justifyContent;
      if (/end/.test(align)) return true;
      if (/start/.test(align)) return false;
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

/** The account the first of `links` names. */
function firstAccount(links: Iterable<Element> | undefined, tabs: boolean): string | null {
  for (const link of links ?? []) {
    const name = accountOf(link.getAttribute('href'), tabs);
    if (name) return name;
  }
  return null;
}

/** A numeric account id as a profile name. */
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
  try {
    return href && href !== '#' ? new URL(href, 'https://www.facebook.com') : null;
  } catch {
    return null;
  }
}

/**
 * The account a URL names: /NAME, /NUMBER, /profile.php?id=N, /people/Name/N (a pfbid… is not
 * stable) and a group's member page /groups/G/user/N, whatever tracking query follows (__cft__,
 * __tn__, comment_id). With `tabs`, a profile tab (/NAME/about, ?sk=about) is the profile too.
 */
function accountOf(href: string | null, tabs: boolean): string | null {
  const url = facebookUrl(href);
  if (!url || !HOSTS.has(url.hostname)) return null;
  const [first, second, third, fourth, fifth] = url.pathname.split('/').filter(Boolean);
  const tab = (name: string | null | undefined) => name == null || (tabs && PROFILE_TABS.has(name));
  if (first === 'profile.php') return second === undefined && tab(url.searchParams.get('sk')) ? idName(url.searchParams.get('id')) : null;
  if (first === 'people') return fourth === undefined && tab(url.searchParams.get('sk')) ? idName(third) : null;
  if (first === 'groups') return third === 'user' && fifth === undefined ? idName(fourth) : null;
  return first && third === undefined && tab(second) ? pathName(first) : null;
}

/** The conversation id of a Messenger URL on facebook.com (/messages/t/ID, /messages/e2ee/t/ID), or null. */
function threadId(url: URL): string | null {
  if (!HOSTS.has(url.hostname)) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const id = parts[0] === 'messages' && (parts[1] === 't' ? parts.length === 3 && parts[2] : parts[1] === 'e2ee' && parts[2] === 't' && parts.length === 4 && parts[3]);
  return id && /^\d{1,25}$/.test(id) ? id : null;
}

