import type { SiteProfile } from './profile';

/**
 * Everything the overlay knows about one host site: where its profile header, bio and post
 * authors are, and how to read a handle from them. All of a site's selectors live in its adapter.
 * Extractors take elements the caller found and return null when the page is not as expected,
 * so a site redesign makes the overlay go quiet instead of wrong.
 */
export interface SiteAdapter {
  /** The site's profile: its platform prefix, name rules and limits. */
  site: SiteProfile;
  selectors: {
    /** The display name and handle block of a profile page's header. */
    profileName: string;
    /** The bio of a profile page's header. */
    profileBio: string;
    /** The author block of a post (timeline, replies, search results, quotes). */
    postAuthor: string;
    /** The text of a post (where armoured messages for named recipients may appear). */
    postText: string;
    /** The textbox (a textarea or a contenteditable) of the open conversation's message composer. */
    dmComposer: string;
    /** The contenteditable textbox of a post or reply composer (home, the compose dialog, a post's reply box). */
    postComposer: string;
    /** One message of the open conversation's thread (sent or received). */
    dmMessage: string;
    /** The open conversation's header (where its peer is named), when the site has one. */
    dmHeader?: string;
  };
  /**
   * Cheaper stand-ins for some `selectors` in the page-wide observer's stylesheet, each matching
   * every element its selector matches (the runtime keeps those the selector itself matches): a
   * `:has()` in a page's stylesheet restyles what follows it on every change under its subject.
   */
  observed?: Partial<Record<keyof SiteAdapter['selectors'], string>>;
  /** Elements whose open shadow roots hold parts of the site (an embedded app): observed too. */
  shadowHosts?: string[];
  /** The profile name a URL shows, or null for pages that are not a profile. */
  handleFromUrl(url: URL): string | null;
  /** The handle shown in a profile header (what the user sees, even mid-navigation). */
  profileHandle(profileName: Element): string | null;
  /**
   * Other names the page gives the account whose header `profileName` is (a numeric id beside a
   * username), read only from markup the site keeps about that same account; none when unsure.
   */
  profileAliases?(profileName: Element): string[];
  /** The bio text of the profile header that contains `profileName`; '' when it has none. */
  profileBio(profileName: Element): string;
  /** Where the full badge goes: the row of the display name. */
  profileBadgeAnchor(profileName: Element): Element | null;
  postAuthorHandle(postAuthor: Element): string | null;
  /** Where the compact badge goes: beside the author's display name. */
  postBadgeAnchor(postAuthor: Element): Element | null;
  /**
   * Where a composer's Lock goes (`composer` matches `dmComposer` or `postComposer`): somewhere
   * with room for it, so that the composer keeps its height and nothing below it moves.
   */
  composerLockAnchor(composer: Element): Element | null;
  /** The screen name of the author of the post whose text `postText` is (quoted posts: the quoted author). */
  postTextAuthor(postText: Element): string | null;
  /** The post's own URL (absolute), or null for a quoted post or one without a permalink: a post with one gets a Tip. */
  postPermalink(postAuthor: Element): string | null;
  /** True for the page of one direct-message conversation (not the inbox, a new message or settings). */
  isConversationUrl(url: URL): boolean;
  /**
   * The handle of the other person in the open one-to-one conversation whose part `inside` is
   * (its composer or a message), read from the conversation's header (never from message text);
   * null for a group or when unsure.
   */
  dmPeerHandle(inside: Element): string | null;
  /** The element holding a message's own text (not a shared post's), to hide and annotate. */
  dmMessageText(message: Element): Element | null;
  /** True when the page marks the message as sent by the logged-in account; false when received or unsure. */
  dmMessageIsOwn(message: Element): boolean;
}
