// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toHandle } from '../../lib/identity/handles';
import { facebookAdapter as fb } from '../../lib/sites/facebook/adapter';
import { mountMessenger } from '../../devsite/facebook/apps/messenger';
import { FACEBOOK_APPS_PATH, renderFacebookPage, type FacebookPost, type FacebookSiteData, type FacebookUser } from '../../devsite/facebook/site';

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const alice: FacebookUser = { id: '100001', username: 'Alice.Smith', name: 'Alice Smith', bio: `Organiser 🌹NetworkUnion:${ADDRESS}✊` };
/** No username: reached by id only. */
const bob: FacebookUser = { id: '100002', name: 'Bob Jones', bio: 'Just Bob' };
/** A display name that reads like someone else's profile. */
const carol: FacebookUser = { id: '100003', username: 'carol.c', name: 'alice.smith' };
const group = { id: '777', name: 'Maintainers Guild' };
const posts: FacebookPost[] = [
  { id: '1', author: alice, text: 'Hello from Alice 🌹', comments: [{ author: carol, text: 'Nice', replies: [{ author: bob, text: 'Agreed' }] }] },
  { id: '2', author: bob, text: 'Bob has no username' },
  { id: '3', author: bob, text: 'Posted in a group', group },
  { id: '4', author: carol, text: 'Sharing this', shared: { id: '5', author: alice, text: 'The shared text' } },
];
const data: FacebookSiteData = { viewer: carol, users: [alice, bob, carol], feed: posts, groups: [{ group, posts: [posts[2]!] }], initialStories: 10 };

function load(href: string, site: FacebookSiteData = data): void {
  const html = renderFacebookPage(site, href);
  if (html === null) throw new Error(`no page for ${href}`);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  parsed.querySelector(`script[src="${FACEBOOK_APPS_PATH}"]`)?.remove();
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
}

const url = (href: string) => fb.handleFromUrl(new URL(href));
const all = (selector: string) => [...document.querySelectorAll(selector)];
const authors = () => all(fb.selectors.postAuthor);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Facebook URLs', () => {
  it.each([
    ['https://www.facebook.com/alice.smith', 'alice.smith'],
    ['https://www.facebook.com/Alice.Smith/', 'Alice.Smith'],
    ['https://www.facebook.com/alice.smith/about', 'alice.smith'],
    ['https://web.facebook.com/alice.smith?__cft__[0]=AZx&__tn__=%2CO', 'alice.smith'],
    ['https://m.facebook.com/alice.smith', 'alice.smith'],
    ['https://www.facebook.com/profile.php?id=100002', 'id:100002'],
    ['https://www.facebook.com/profile.php?id=100002&sk=about', 'id:100002'],
    ['https://www.facebook.com/people/Bob-Jones/100002/', 'id:100002'],
    ['https://www.facebook.com/100002', 'id:100002'],
  ])('%s is the profile of %s', (href, name) => {
    expect(url(href)).toBe(name);
  });

  it.each([
    'https://www.facebook.com/',
    'https://www.facebook.com/watch/',
    'https://www.facebook.com/groups/777',
    'https://www.facebook.com/groups/777/user/100002/',
    'https://www.facebook.com/marketplace',
    'https://www.facebook.com/events/123',
    'https://www.facebook.com/settings',
    'https://www.facebook.com/messages/t/100001',
    'https://www.facebook.com/alice.smith/posts/pfbid02abc',
    'https://www.facebook.com/profile.php?id=pfbid02abc',
    'https://www.facebook.com/profile.php',
    'https://www.facebook.com/people/Bob-Jones/pfbid02Zx9/',
    'https://www.facebook.com/pfbid02abcdefg',
    'https://www.facebook.com/abc',
    'https://facebook.com.evil.example/alice.smith',
  ])('%s is not a profile', (href) => {
    expect(url(href)).toBeNull();
  });

  it('name accounts facebook:<username> (lower-cased, dots kept) or facebook:id:<number>, never by pfbid', () => {
    expect(toHandle('facebook', 'Alice.Smith')).toBe('facebook:alice.smith');
    expect(toHandle('facebook', 'id:100002')).toBe('facebook:id:100002');
    expect(toHandle('facebook', 'id:0123')).toBeNull();
    expect(toHandle('facebook', 'pfbid02abc')).toBeNull();
    expect(toHandle('facebook', '12345')).toBeNull();
    expect(fb.site.profileUrl('id:100002')).toBe('https://www.facebook.com/profile.php?id=100002');
  });

  it('tell Messenger conversations from its other pages', () => {
    const is = (href: string) => fb.isConversationUrl(new URL(href));
    expect(is('https://www.facebook.com/messages/t/100001/')).toBe(true);
    expect(is('https://www.facebook.com/messages/e2ee/t/100001')).toBe(true);
    expect(is('https://www.facebook.com/messages/t/')).toBe(false);
    expect(is('https://www.facebook.com/messages/requests')).toBe(false);
    expect(is('https://www.facebook.com/alice.smith')).toBe(false);
  });
});

describe('profile pages of the emulator', () => {
  it.each([
    ['/alice.smith', 'Alice.Smith'],
    ['/profile.php?id=100002', 'id:100002'],
    ['/people/Bob-Jones/100002', 'id:100002'],
  ])('%s: the header is the profile the URL names', (href, shown) => {
    load(href);
    const [header] = all(fb.selectors.profileName);
    expect(all(fb.selectors.profileName)).toHaveLength(1);
    expect(fb.profileHandle(header!)).toBe(shown);
    expect(fb.handleFromUrl(new URL(href, 'https://www.facebook.com'))?.toLowerCase()).toBe(shown.toLowerCase());
    expect(fb.profileBadgeAnchor(header!)?.contains(header!)).toBe(true);
  });

  it.each([
    ['/alice.smith', ['id:100001']],
    ['/profile.php?id=100001', ['alice.smith']],
    ['/people/Alice-Smith/100001', ['alice.smith']],
    ['/alice.smith/about', ['id:100001']],
    ['/profile.php?id=100002', []],
  ])("%s: the page's own tags give the account's other name", (href, aliases) => {
    load(href);
    expect(fb.profileAliases!(all(fb.selectors.profileName)[0]!)).toEqual(aliases);
  });

  it("takes no other name from the previous profile's tags after navigating in the app, nor from tags that disagree", () => {
    load('/alice.smith');
    const head = document.head.innerHTML;
    load('/carol.c');
    document.head.innerHTML = head;
    expect(fb.profileAliases!(all(fb.selectors.profileName)[0]!)).toEqual([]);
    load('/alice.smith');
    document.head.querySelector('meta[property="al:ios:url"]')!.setAttribute('content', 'fb://profile/100003');
    expect(fb.profileAliases!(all(fb.selectors.profileName)[0]!)).toEqual([]);
  });

  it("reads the Intro's bio with its emoji (images), not the Edit button or the details", () => {
    load('/alice.smith');
    expect(fb.profileBio(all(fb.selectors.profileName)[0]!)).toBe(alice.bio);
  });

  it("reads no handle from a display name, and no profile from a group's or Watch's h1", () => {
    load('/carol.c');
    expect(fb.profileHandle(all(fb.selectors.profileName)[0]!)).toBe('carol.c');
    expect(fb.profileBio(all(fb.selectors.profileName)[0]!)).toBe('');
    load('/groups/777');
    expect(all(fb.selectors.profileName)).toHaveLength(1);
    expect(fb.handleFromUrl(new URL('https://www.facebook.com/groups/777'))).toBeNull();
  });
});

describe('stories of the feed', () => {
  beforeEach(() => load('/'));

  it('finds each story author and the shared post inside, never a comment', () => {
    // Four stories, one of them sharing a fifth; three comments (one a reply) are articles.
    expect(authors().map((a) => fb.postAuthorHandle(a))).toEqual(['Alice.Smith', 'id:100002', 'id:100002', 'carol.c', 'Alice.Smith']);
    expect(all('[role="article"]')).toHaveLength(2);
    expect(all('[role="article"] [role="article"]')).toHaveLength(1);
    for (const comment of all('[role="article"]')) expect(comment.querySelector(fb.selectors.postAuthor)).toBeNull();
  });

  it('reads a group post author as the member id, not the group', () => {
    const author = authors()[2]!;
    expect(author.querySelector('a[href^="/groups/777/?"]')).not.toBeNull();
    expect(fb.postAuthorHandle(author)).toBe('id:100002');
  });

  it("gives each story's own author a post to tip, not the shared post's", () => {
    const [first, , , sharer, shared] = authors();
    expect(fb.postPermalink(first!)).not.toBeNull();
    expect(fb.postPermalink(sharer!)).not.toBeNull();
    expect(fb.postPermalink(shared!)).toBeNull();
    expect(fb.postBadgeAnchor(first!)?.tagName).toBe('H2');
  });

  it('links a story by its timestamp once hovered, by its author until then', () => {
    const [first, , group] = authors();
    expect(fb.postPermalink(first!)).toBe('https://www.facebook.com/alice.smith');
    const time = first!.closest('[aria-posinset]')!.querySelector<HTMLAnchorElement>('a[data-devsite-permalink]')!;
    expect(time.getAttribute('href')).toBe('#');
    time.setAttribute('href', `${time.dataset.devsitePermalink!}?__cft__[0]=AZ&__tn__=%2CO`);
    expect(fb.postPermalink(first!)).toMatch(/^https:\/\/www\.facebook\.com\/alice\.smith\/posts\/pfbid0\w+$/);
    expect(fb.postPermalink(group!)).toBe('https://www.facebook.com/profile.php?id=100002');
  });

  it("names each text's own author: the sharer's text is the sharer's, the shared text its author's", () => {
    const texts = all(fb.selectors.postText);
    expect(texts).toHaveLength(5);
    expect(texts.map((t) => fb.postTextAuthor(t))).toEqual(['Alice.Smith', 'id:100002', 'id:100002', 'carol.c', 'Alice.Smith']);
  });

  it('puts no Lock by comment boxes: they are neither post nor Messenger composers', () => {
    const box = document.createElement('div');
    box.setAttribute('contenteditable', 'true');
    box.setAttribute('role', 'textbox');
    box.setAttribute('data-lexical-editor', 'true');
    document.querySelector('[aria-posinset] form')!.append(box);
    expect(box.matches(fb.selectors.postComposer)).toBe(false);
    expect(box.matches(fb.selectors.dmComposer)).toBe(false);
  });
});

describe('Messenger threads of the emulator', () => {
  const thread = (id: string, members: FacebookUser[], name?: string) => ({ id, members, name, e2ee: true });
  const messages = [
    { id: 'm1', sender: alice.id, text: 'From Alice', sentAt: 1 },
    { id: 'm2', sender: carol.id, text: 'From me', sentAt: 2 },
  ];

  async function open(href: string, t: ReturnType<typeof thread>) {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`https://www.facebook.com${href}`);
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ messages }))));
    load(href, { ...data, threads: [t] });
    mountMessenger({ viewer: carol, thread: t });
    await vi.waitFor(() => expect(all(fb.selectors.dmMessage).filter((row) => fb.dmMessageText(row))).toHaveLength(2));
  }
  afterEach(() => vi.unstubAllGlobals());

  it("reads a one-to-one thread's peer from its header, each message's text, and whose it is", async () => {
    await open('/messages/e2ee/t/100001', thread('100001', [alice]));
    const rows = all(fb.selectors.dmMessage);
    // The conversation's start, the encryption notice and the date are rows without a message.
    expect(rows.length).toBe(5);
    const shown = rows.filter((row) => fb.dmMessageText(row));
    expect(shown.map((row) => fb.dmMessageText(row)?.textContent)).toEqual(['From Alice', 'From me']);
    expect(shown.map((row) => fb.dmMessageIsOwn(row))).toEqual([false, true]);
    const composer = all(fb.selectors.dmComposer);
    expect(composer).toHaveLength(1);
    expect(fb.dmPeerHandle(composer[0]!)).toBe('alice.smith');
  });

  it("has the composer's Lock in its row, beside the editor's box and the Like button", async () => {
    await open('/messages/e2ee/t/100001', thread('100001', [alice]));
    const composer = all(fb.selectors.dmComposer)[0]!;
    const row = fb.composerLockAnchor(composer)!;
    expect(row.contains(composer)).toBe(true);
    expect(row.querySelector(':scope > [role="button"]')).not.toBeNull();
    expect(row).not.toBe(composer.parentElement);
  });

  it('names no peer in a group thread', async () => {
    await open('/messages/t/555', thread('555', [alice, bob], 'Organisers'));
    expect(fb.dmPeerHandle(all(fb.selectors.dmComposer)[0]!)).toBeNull();
  });
});
