// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { parseProof } from '../../lib/identity/proof';
import { xAdapter } from '../../lib/sites/x/adapter';
import {
  escapeHtml,
  renderPost,
  renderProfileHeader,
  renderXPage,
  type XPostFixture,
  type XSiteData,
  type XUserFixture,
  X_APPS_PATH,
} from '../../devsite/x/site';

// A checksummed (EIP-55) address.
const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

const alice: XUserFixture = {
  screenName: 'alice',
  displayName: 'Alice Organizer',
  bio: `Organizer with @carol_c · https://union.example/join #union\nNetworkUnion:${ADDRESS}`,
  verifiedIcon: true,
  followsYou: true,
};
/** A display name that reads like someone else's handle, and no bio. */
const bob: XUserFixture = { screenName: 'Bob_2', displayName: '@elonmusk', bio: '' };
const carol: XUserFixture = { screenName: 'carol_c', displayName: '@someone_else', bio: 'Steward. @alice is great.' };
const mallory: XUserFixture = {
  screenName: 'mallory',
  displayName: '<img src=x onerror=alert(1)>\u202E<script>alert(2)</script>',
  bio: '<script>alert(3)</script><b>bold</b> "quoted" & \'single\'',
};
const dave: XUserFixture = { screenName: 'dave', displayName: 'Dave 🚀', bio: 'Works at @XCorp', affiliate: 'XCorp' };
const longBio: XUserFixture = { screenName: 'longbio', displayName: 'Long Bio', bio: 'a'.repeat(10_000) };
const emojiBio: XUserFixture = {
  screenName: 'emoji',
  displayName: '🌹🌹',
  bio: `🌹 Member 🌹 https://www.example.com/a/very/long/path/that/x/truncates?utm=1 NetworkUnion:${ADDRESS} ✊`,
};

const quoteOfCarol: XPostFixture = { id: '900', author: carol, text: 'The quoted post, by carol.' };
const quoteOfDave: XPostFixture = { id: '901', author: dave, text: 'Quoted from an affiliated account.' };
const quoteOfMallory: XPostFixture = { id: '902', author: mallory, text: '<script>alert(4)</script>' };

const posts: XPostFixture[] = [
  { id: '100', author: alice, text: 'Hello from @alice, see https://union.example and #union' },
  { id: '101', author: bob, text: 'I am not @elonmusk' },
  { id: '102', author: carol, text: 'Display name is @someone_else', quote: quoteOfCarol },
  { id: '103', author: mallory, text: '<img src=x onerror=alert(5)> <script>alert(6)</script>' },
  { id: '104', author: dave, text: 'Affiliated author' },
  { id: '105', author: alice, text: 'Quoting bob’s colleague', quote: quoteOfDave },
  { id: '106', author: bob, text: 'Quoting mallory', quote: quoteOfMallory },
  { id: '107', author: alice, text: 'Line one\nLine two 🌹' },
];

/** Emoji (images on X) glued to the proof on both sides. */
const gluedEmojiBio: XUserFixture = { screenName: 'glued', displayName: 'Glued', bio: `Organiser🌹NetworkUnion:${ADDRESS}✊union` };
const data: XSiteData = { users: [alice, bob, carol, mallory, dave, longBio, emojiBio, gluedEmojiBio], homeTimeline: posts };

/** Expected authors of every post author block, in document order (a quote follows its post). */
function expectedAuthors(list: XPostFixture[]): string[] {
  return list.flatMap((p) => (p.quote ? [p.author.screenName, p.quote.author.screenName] : [p.author.screenName]));
}

/** Renders a page into the test document the way a browser would have it (scripts do not run). */
function load(path: string, siteData: XSiteData = data): void {
  const html = renderXPage(siteData, path);
  if (html === null) throw new Error(`no page for ${path}`);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // The React apps' script is served by the tests' browser; happy-dom would try to load it.
  parsed.querySelector(`script[src="${X_APPS_PATH}"]`)?.remove();
  document.title = parsed.title;
  document.body.innerHTML = parsed.body.innerHTML;
}

function profileName(): Element {
  const all = document.querySelectorAll(xAdapter.selectors.profileName);
  expect(all).toHaveLength(1);
  return all[0]!;
}

function postAuthors(root: ParentNode = document): Element[] {
  return [...root.querySelectorAll(xAdapter.selectors.postAuthor)];
}

const url = (href: string) => xAdapter.handleFromUrl(new URL(href));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('handleFromUrl', () => {
  it.each([
    ['https://x.com/alice', 'alice'],
    ['https://x.com/Alice_1/with_replies', 'Alice_1'],
    ['https://x.com/alice/media', 'alice'],
    ['https://x.com/alice/', 'alice'],
    ['https://x.com/alice?lang=en', 'alice'],
    ['https://www.x.com/alice', 'alice'],
    ['https://twitter.com/alice', 'alice'],
    ['https://mobile.twitter.com/alice', 'alice'],
    ['https://x.com/abcdefghijklmno', 'abcdefghijklmno'],
    // The avatar and banner viewers open over the profile, which stays in place.
    ['https://x.com/alice/photo', 'alice'],
    ['https://x.com/alice/header_photo', 'alice'],
  ])('%s is the profile of %s', (href, name) => {
    expect(url(href)).toBe(name);
  });

  it.each([
    'https://x.com/',
    'https://x.com/home',
    'https://x.com/explore',
    'https://x.com/i/bookmarks',
    'https://x.com/messages',
    'https://x.com/settings/account',
    'https://x.com/search?q=a',
    'https://x.com/notifications',
    'https://x.com/compose/post',
    'https://x.com/alice/status/123',
    'https://x.com/alice/status/123/photo/1',
    'https://x.com/hashtag/union',
    'https://x.com/abcdefghijklmnop',
    'https://x.com/al-ice',
    'https://evil.com/alice',
    'https://x.com.evil.com/alice',
    'https://notx.com/alice',
  ])('%s is not a profile', (href) => {
    expect(url(href)).toBeNull();
  });

  it('agrees with the pages: a profile header exactly where the URL names a profile', () => {
    for (const path of ['/home', '/explore', '/notifications', '/messages', '/i/bookmarks', '/alice/status/100']) {
      load(path);
      expect(document.querySelectorAll(xAdapter.selectors.profileName), path).toHaveLength(0);
      expect(url(`https://x.com${path}`), path).toBeNull();
    }
    for (const path of ['/alice', '/alice/with_replies', '/alice/media', '/Bob_2', '/bob_2/with_replies']) {
      load(path);
      const fromUrl = url(`https://x.com${path}`);
      expect(fromUrl?.toLowerCase(), path).toBe(xAdapter.profileHandle(profileName())?.toLowerCase());
    }
    // Eleven whole pages parsed by happy-dom: seconds on a busy 2-core machine.
  }, 30_000);
});

describe('profile header', () => {
  it('finds exactly one header and reads the handle from the handle row', () => {
    load('/alice');
    const name = profileName();
    expect(name.getAttribute('data-testid')).toBe('UserName');
    expect(xAdapter.profileHandle(name)).toBe('alice');
  });

  it('is not fooled by a display name that reads "@elonmusk"', () => {
    load('/Bob_2');
    const name = profileName();
    expect(name.textContent).toContain('@elonmusk');
    expect(xAdapter.profileHandle(name)).toBe('Bob_2');
  });

  it('is not fooled by the "Follows you" indicator in the handle row', () => {
    load('/alice');
    const name = profileName();
    expect(name.querySelector('[data-testid="userFollowIndicator"]')).not.toBeNull();
    expect(xAdapter.profileHandle(name)).toBe('alice');
  });

  it('reads the handle beside a hostile display name (markup, RTL override)', () => {
    load('/mallory');
    const name = profileName();
    expect(xAdapter.profileHandle(name)).toBe('mallory');
    expect(name.textContent).toContain(mallory.displayName);
  });

  it('reads the bio text, mention and link included, and the proof in it', () => {
    load('/alice');
    const bio = xAdapter.profileBio(profileName());
    expect(bio).toBe(alice.bio);
    expect(document.querySelector('[data-testid="UserDescription"] a[href="/carol_c"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="UserDescription"] a[href^="https://t.co/"]')).not.toBeNull();
    expect(parseProof(bio)).toEqual({ status: 'found', address: ADDRESS });
  });

  it('returns an empty bio for a user without one (X renders no UserDescription)', () => {
    load('/Bob_2');
    expect(document.querySelector('[data-testid="UserDescription"]')).toBeNull();
    expect(xAdapter.profileBio(profileName())).toBe('');
  });

  it("never takes a bio from outside the header: another account's description in the column is not this profile's", () => {
    load('/Bob_2');
    // A "Who to follow" cell below the header carries someone's description with a proof.
    const cell = document.createElement('div');
    cell.setAttribute('data-testid', 'UserCell');
    cell.innerHTML = `<div><div dir="auto" data-testid="UserDescription"><span>NetworkUnion:${ADDRESS}</span></div></div>`;
    document.querySelector('[data-testid="primaryColumn"]')!.append(cell);
    expect(xAdapter.profileBio(profileName())).toBe('');
    // Nor one placed inside the header block after its items row.
    const items = document.querySelector('[data-testid="UserProfileHeader_Items"]')!.parentElement!;
    items.after(cell);
    expect(xAdapter.profileBio(profileName())).toBe('');
    // The header's own bio, where X puts it, is read.
    load('/alice');
    expect(parseProof(xAdapter.profileBio(profileName()))).toEqual({ status: 'found', address: ADDRESS });
  });

  it('reads a 10,000-character bio whole', () => {
    load('/longbio');
    expect(xAdapter.profileBio(profileName())).toBe(longBio.bio);
  });

  it('still finds the proof in a bio with emoji images and a shortened link', () => {
    load('/emoji');
    const bio = xAdapter.profileBio(profileName());
    expect(bio).toContain(`NetworkUnion:${ADDRESS}`);
    expect(parseProof(bio)).toEqual({ status: 'found', address: ADDRESS });
  });

  it('reads emoji images as their text, so a proof glued to them is found', () => {
    load('/glued');
    expect(document.querySelectorAll('[data-testid="UserDescription"] img[alt="🌹"]')).toHaveLength(1);
    expect(document.querySelector('[data-testid="UserDescription"]')!.textContent).toContain('OrganiserNetworkUnion');
    const bio = xAdapter.profileBio(profileName());
    expect(bio).toBe(gluedEmojiBio.bio);
    expect(parseProof(bio)).toEqual({ status: 'found', address: ADDRESS });
  });

  it('reads a hostile bio as text', () => {
    load('/mallory');
    expect(xAdapter.profileBio(profileName())).toBe(mallory.bio);
    expect(document.querySelector('[data-testid="UserDescription"] script, [data-testid="UserDescription"] b')).toBeNull();
  });

  it('anchors the badge on the display-name row, not the handle row', () => {
    for (const user of [alice, bob, mallory, dave]) {
      load(`/${user.screenName}`);
      const name = profileName();
      const anchor = xAdapter.profileBadgeAnchor(name);
      expect(anchor, user.screenName).not.toBeNull();
      expect(name.contains(anchor)).toBe(true);
      expect(anchor!.textContent).toContain(user.displayName.replace(/\p{Extended_Pictographic}/gu, ''));
      expect(anchor!.textContent).not.toContain(`@${user.screenName}`);
      expect(anchor!.querySelector('[data-testid="userFollowIndicator"]')).toBeNull();
      // X's atomic class for flex-direction: row: a badge appended to the row sits on the name's line.
      expect(anchor!.classList.contains('r-18u37iz')).toBe(true);
    }
    load('/alice');
    expect(xAdapter.profileBadgeAnchor(profileName())!.querySelector('[data-testid="icon-verified"]')).not.toBeNull();
  });

  it('shows no header for an account that does not exist', () => {
    load('/nosuchuser');
    expect(document.querySelectorAll(xAdapter.selectors.profileName)).toHaveLength(0);
    expect(document.querySelector('[data-testid="empty_state_header_text"]')?.textContent).toBe('This account doesn’t exist');
  });

  it('works on the header alone, inside a primary column', () => {
    document.body.innerHTML = `<div data-testid="primaryColumn">${renderProfileHeader(alice)}</div>`;
    const name = profileName();
    expect(xAdapter.profileHandle(name)).toBe('alice');
    expect(xAdapter.profileBio(name)).toBe(alice.bio);
  });

  it('ignores user names outside the primary column (navigation, sidebar, who to follow)', () => {
    load('/home');
    expect(document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]')).not.toBeNull();
    expect(document.querySelectorAll('[data-testid="UserCell"]').length).toBeGreaterThan(0);
    expect(document.querySelectorAll(xAdapter.selectors.profileName)).toHaveLength(0);
    expect(document.querySelectorAll(xAdapter.selectors.profileBio)).toHaveLength(0);
  });
});

describe('posts', () => {
  it('finds one author block per post and per quote on the home timeline', () => {
    load('/home');
    expect(document.querySelectorAll('[data-testid="cellInnerDiv"] article[data-testid="tweet"]')).toHaveLength(posts.length);
    const authors = postAuthors();
    expect(authors).toHaveLength(posts.length + posts.filter((p) => p.quote).length);
    expect(authors.map((a) => xAdapter.postAuthorHandle(a))).toEqual(expectedAuthors(posts));
  });

  it('reads quoted authors from the quote itself, which has no links', () => {
    load('/home');
    const quotes = postAuthors().filter((a) => a.closest('div[role="link"]'));
    expect(quotes).toHaveLength(3);
    for (const quote of quotes) expect(quote.querySelector('a[href]')).toBeNull();
    expect(quotes.map((a) => xAdapter.postAuthorHandle(a))).toEqual(['carol_c', 'dave', 'mallory']);
  });

  it("links each post's own author to the post, and a quote's author to nothing: only a post shown gets a Tip", () => {
    load('/home');
    const authors = postAuthors();
    const own = authors.filter((a) => !a.closest('div[role="link"]'));
    expect(own.map((a) => xAdapter.postPermalink(a))).toEqual(posts.map((p) => `https://x.com/${p.author.screenName}/status/${p.id}`));
    expect(authors.filter((a) => a.closest('div[role="link"]')).map((a) => xAdapter.postPermalink(a))).toEqual([null, null, null]);
  });

  it('is not fooled by display names that read like handles', () => {
    load('/home');
    const handles = postAuthors().map((a) => xAdapter.postAuthorHandle(a));
    expect(handles).not.toContain('elonmusk');
    expect(handles).not.toContain('someone_else');
    expect(handles.filter((h) => h === 'carol_c')).toHaveLength(2);
  });

  it('reads the author, not the organisation, beside an affiliate badge', () => {
    load('/home');
    const daves = postAuthors().filter((a) => a.querySelector('[data-testid="UserAvatar-Container-XCorp"]'));
    expect(daves).toHaveLength(2);
    for (const block of daves) expect(xAdapter.postAuthorHandle(block)).toBe('dave');
  });

  it('anchors the compact badge beside the display name, away from the handle and time', () => {
    load('/home');
    const authors = postAuthors();
    const expected = expectedAuthors(posts);
    const names = new Map([alice, bob, carol, mallory, dave].map((u) => [u.screenName, u.displayName]));
    authors.forEach((block, i) => {
      const anchor = xAdapter.postBadgeAnchor(block);
      const handle = expected[i]!;
      expect(anchor, handle).not.toBeNull();
      expect(block.contains(anchor)).toBe(true);
      expect(anchor!.textContent).toContain(names.get(handle)!.replace(/\p{Extended_Pictographic}/gu, ''));
      expect(anchor!.textContent).not.toContain(`@${handle}`);
      expect(anchor!.querySelector('time')).toBeNull();
      expect(anchor!.textContent).not.toContain('·');
      expect(anchor!.classList.contains('r-18u37iz')).toBe(true);
    });
  });

  it('reads the posts of a profile timeline', () => {
    load('/alice');
    const mine = posts.filter((p) => p.author === alice);
    expect(postAuthors().map((a) => xAdapter.postAuthorHandle(a))).toEqual(expectedAuthors(mine));
  });

  it('reads the focal post of a conversation, whose author block has no time', () => {
    load('/carol_c/status/102');
    const authors = postAuthors();
    expect(authors).toHaveLength(2);
    expect(authors[0]!.querySelector('time')).toBeNull();
    expect(authors.map((a) => xAdapter.postAuthorHandle(a))).toEqual(['carol_c', 'carol_c']);
    const anchor = xAdapter.postBadgeAnchor(authors[0]!);
    expect(anchor?.textContent).toContain('@someone_else');
    expect(anchor?.textContent).not.toContain('@carol_c');
  });

  it('works on a single rendered cell', () => {
    document.body.innerHTML = renderPost(posts[2]!, 0);
    expect(postAuthors().map((a) => xAdapter.postAuthorHandle(a))).toEqual(['carol_c', 'carol_c']);
  });

  it('ignores author-like blocks outside posts (who to follow, sidebar, navigation)', () => {
    load('/home');
    for (const cell of document.querySelectorAll('[data-testid="UserCell"]')) {
      expect(cell.closest('article')).toBeNull();
      expect(cell.querySelectorAll(xAdapter.selectors.postAuthor)).toHaveLength(0);
    }
    expect(postAuthors(document.querySelector('[data-testid="sidebarColumn"]')!)).toHaveLength(0);
    expect(postAuthors(document.querySelector('header[role="banner"]')!)).toHaveLength(0);
  });
});

describe('post text', () => {
  it("is each post's text, and names its author (a quote's own author for a quote)", () => {
    load('/home');
    const texts = [...document.querySelectorAll(xAdapter.selectors.postText)];
    const authors = texts.map((text) => xAdapter.postTextAuthor(text));
    // Every post's text, then its quote's text when it has one, in document order.
    expect(authors).toEqual(expectedAuthors(data.homeTimeline));
    expect(texts.every((text) => text.closest('article[data-testid="tweet"]'))).toBe(true);
  });
});

describe('post composer', () => {
  it('is the editor itself, not its label, its container or the DM composer', () => {
    load('/home');
    const composers = [...document.querySelectorAll(xAdapter.selectors.postComposer)];
    expect(composers).toHaveLength(1);
    expect(composers[0]!.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(composers[0]!.getAttribute('aria-label')).toBe('Post text');
    expect(composers[0]!.closest('[data-testid="tweetTextarea_0RichTextInputContainer"]')).not.toBeNull();
    expect(composers[0]!.matches(xAdapter.selectors.dmComposer)).toBe(false);
  });

  it('is absent from pages without one', () => {
    load('/alice');
    expect(document.querySelectorAll(xAdapter.selectors.postComposer)).toHaveLength(0);
  });

  it('has its Lock in its own toolbar, beside the media buttons, not in the editor', () => {
    load('/home');
    const anchor = xAdapter.composerLockAnchor(document.querySelector(xAdapter.selectors.postComposer)!);
    expect(anchor?.getAttribute('data-testid')).toBe('ScrollSnap-List');
    expect(anchor?.closest('[data-testid="toolBar"]')).not.toBeNull();
    expect(anchor?.querySelector('[data-testid="gifSearchButton"]')).not.toBeNull();
  });

  it("never takes another composer's toolbar: a second editor without one keeps its Lock by itself", () => {
    load('/home');
    const home = document.querySelector(xAdapter.selectors.postComposer)!;
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.innerHTML = '<div><div contenteditable="true" role="textbox" data-testid="tweetTextarea_0"></div></div>';
    home.closest('[data-testid="primaryColumn"]')!.append(dialog);
    const second = dialog.querySelector('[data-testid="tweetTextarea_0"]')!;
    expect(xAdapter.composerLockAnchor(second)).toBe(second.parentElement);
    expect(xAdapter.composerLockAnchor(home)?.getAttribute('data-testid')).toBe('ScrollSnap-List');
  });
});

describe('hostile text renders as text', () => {
  it('creates no element from names, bios or posts', () => {
    document.body.innerHTML = renderProfileHeader(mallory) + posts.map((p, i) => renderPost(p, i)).join('');
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('img[src="x"], b')).toHaveLength(0);
    expect(document.body.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(document.body.textContent).toContain('<script>alert(6)</script>');
  });

  it('leaves only the fixture’s own scripts in a whole page', () => {
    load('/mallory');
    const page = new DOMParser().parseFromString(renderXPage(data, '/mallory')!, 'text/html');
    expect([...page.querySelectorAll('script')].map((s) => s.id || s.getAttribute('src') || 'runtime')).toEqual(['x-fixture-parts', 'x-fixture-routes', 'runtime', X_APPS_PATH]);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts[2]!.textContent!.trimStart().startsWith('(function')).toBe(true);
    expect(document.querySelectorAll('img[src="x"], [data-testid="UserDescription"] b')).toHaveLength(0);
    expect(document.title).toBe(`${mallory.displayName} (@mallory) / X`);
  });

  it('keeps an RTL override inside the display name', () => {
    load('/mallory');
    const anchor = xAdapter.profileBadgeAnchor(profileName())!;
    expect(anchor.textContent).toContain('\u202E');
    expect(xAdapter.profileHandle(profileName())).toBe('mallory');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('the fixture site', () => {
  it('returns null only for paths that are no page', () => {
    expect(renderXPage(data, '/alice/status/100/photo/1/extra')).toBeNull();
    expect(renderXPage(data, '/i/nothing')).toBeNull();
    expect(renderXPage(data, '/nosuchuser')).not.toBeNull();
    expect(renderXPage(data, '/alice/status/999')).not.toBeNull();
    expect(renderXPage(data, '/ALICE')).not.toBeNull();
  });

  it('embeds every route for single-page navigation', () => {
    load('/home');
    const map = JSON.parse(document.getElementById('x-fixture-routes')!.textContent!) as { routes: Record<string, unknown> };
    for (const route of ['/home', '/alice', '/alice/with_replies', '/bob_2', '/carol_c/status/102', '/carol_c/status/900', '/explore']) {
      expect(map.routes, route).toHaveProperty([route]);
    }
  });

  it('navigates like X: the primary column is remounted (a profile header’s nodes kept, their text changed) and the URL pushed', async () => {
    history.replaceState({}, '', '/alice');
    load('/alice');
    const runtime = [...document.querySelectorAll('script')].find((s) => !s.id)!.textContent!;
    new Function(runtime)();
    const before = profileName();
    expect(xAdapter.profileHandle(before)).toBe('alice');

    document.querySelector<HTMLAnchorElement>('[data-testid="UserDescription"] a[href="/carol_c"]')!.click();
    expect(location.pathname).toBe('/carol_c');
    // From one profile to the next, the same header node, its text changed; the rest remounted.
    expect(profileName()).toBe(before);
    expect(xAdapter.profileHandle(before)).toBe('carol_c');
    expect(xAdapter.profileBio(before)).toBe(carol.bio);
    expect(document.querySelector('[data-testid="UserDescription"] a[href="/carol_c"]')).toBeNull();

    await window.__xNavigate!('/home');
    expect(document.querySelectorAll(xAdapter.selectors.profileName)).toHaveLength(0);
    expect(postAuthors()).toHaveLength(posts.length + 3);

    window.__xNavDelay = 20;
    const pending = window.__xNavigate!('/Bob_2');
    expect(location.pathname).toBe('/Bob_2');
    expect(document.querySelectorAll(xAdapter.selectors.profileName)).toHaveLength(0); // still the old page
    await pending;
    expect(xAdapter.profileHandle(profileName())).toBe('Bob_2');
    window.__xNavDelay = 0;
  });
});
