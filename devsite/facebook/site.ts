/**
 * facebook.com as the overlay meets it in late 2026, served under the real host names: the home
 * feed, group feeds, profiles (/username, /profile.php?id=N, /people/Name/N) and Messenger
 * (/messages/t/N, /messages/e2ee/t/N). Shaped like the real markup, not like our selectors: no test
 * ids, atomic class names, deep nesting, `data-ad-rendering-role` story parts inside
 * `[aria-posinset]` cards (which have no role=article, while comments are role=article and nest),
 * tracking queries on every link, timestamps whose href stays "#" until hovered, emoji as <img>,
 * a junk meta block per story, a "Write a comment…" Lexical editor per story, and a virtualised
 * feed. The composers and Messenger run the real `lexical` package (./apps, bundled by ./bundle.ts).
 */
import { avatarDataUri, escapeHtml, hash } from '../x/site';

export interface FacebookUser {
  /** The numeric account id. */
  id: string;
  /** The vanity username; accounts without one are reached by id. */
  username?: string;
  name: string;
  bio?: string;
}

export interface FacebookGroup {
  id: string;
  name: string;
}

export interface FacebookComment {
  author: FacebookUser;
  text: string;
  replies?: FacebookComment[];
}

export interface FacebookPost {
  id: string;
  author: FacebookUser;
  text: string;
  /** A post in a group: its author is linked as the group's member (/groups/G/user/N). */
  group?: FacebookGroup;
  /** A shared post, shown as an attachment with its own author and text. */
  shared?: FacebookPost;
  comments?: FacebookComment[];
}

export interface FacebookThread {
  /** The thread id of the URL: the peer's account id for one-to-one threads. */
  id: string;
  members: FacebookUser[];
  /** A group thread's name. */
  name?: string;
  /** Served at /messages/e2ee/t/<id>. */
  e2ee?: boolean;
}

export interface FacebookSiteData {
  viewer: FacebookUser;
  users: FacebookUser[];
  feed: FacebookPost[];
  /** Each profile's own posts, by account id. */
  postsByUser?: Record<string, FacebookPost[]>;
  groups?: { group: FacebookGroup; posts: FacebookPost[] }[];
  threads?: FacebookThread[];
  /** Stories in the page on load; the rest come in as the feed scrolls (Facebook loads ~5 at a time). */
  initialStories?: number;
}

export const FACEBOOK_APPS_PATH = '/__devsite/facebook-apps.js';

// Facebook's atomic classes; the few the layout needs carry their real meaning in STYLES.
const FLEX = 'x78zum5';
const COLUMN = 'xdt5ytf';
const ROW = 'x1q0g3np';
const END = 'x13a6bvl';
const START = 'x1nhvcw1';
const HIDDEN = 'xzpqnlu x1hyvwdk xjm9jq1 x6ikm8r x10wlt62 x10l6tqk x1i1rx1s';

/** Deterministic atomic-looking class names, as Facebook's build emits them. */
function cls(seed: string, count = 6): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`x${(hash(`${seed}:${i}`) % 0x7fffffff).toString(36).slice(0, 7)}`);
  return out.join(' ');
}

/** Wraps `inner` in `depth` anonymous divs: the real site's story body is 20+ levels deep. */
function nest(inner: string, depth: number, seed: string): string {
  let html = inner;
  for (let i = 0; i < depth; i++) html = `<div class="${cls(`${seed}${i}`, 3 + (i % 4))}">${html}</div>`;
  return html;
}

const EMOJI = /\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic}\u{FE0F}?)*/gu;

/** Escaped text, emoji as Facebook's <img alt> (so they are not in textContent). */
function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(EMOJI)) {
    out += escapeHtml(text.slice(last, match.index));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><text x="2" y="30" font-size="30">${match[0]}</text></svg>`;
    out += `<img height="16" width="16" alt="${escapeHtml(match[0])}" referrerpolicy="origin-when-cross-origin" src="${escapeHtml(`data:image/svg+xml,${encodeURIComponent(svg)}`)}">`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Facebook's tracking query, different on every link. */
function tracking(seed: string): string {
  return `__cft__[0]=AZ${hash(seed).toString(36)}${hash(`${seed}#`).toString(36)}&__tn__=%2CO%2CP-R`;
}

export function profilePath(user: FacebookUser): string {
  return user.username ? `/${user.username}` : `/profile.php?id=${user.id}`;
}

function authorHref(user: FacebookUser, group: FacebookGroup | undefined, seed: string): string {
  if (group) return `/groups/${group.id}/user/${user.id}/?${tracking(seed)}`;
  return `${profilePath(user)}${user.username ? '?' : '&'}${tracking(seed)}`;
}

function permalink(post: FacebookPost): string {
  if (post.group) return `/groups/${post.group.id}/posts/${post.id}/`;
  return post.author.username ? `/${post.author.username}/posts/pfbid0${hash(post.id).toString(36)}${post.id}` : `/permalink.php?story_fbid=${post.id}&id=${post.author.id}`;
}

function avatar(user: FacebookUser, size: number, href: string | null): string {
  const image = `<svg aria-hidden="true" class="${cls('av', 3)}" data-visualcompletion="ignore-dynamic" role="none" style="height:${size}px;width:${size}px"><mask id="av${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 2}" fill="white"></circle></mask><g mask="url(#av${size})"><image x="0" y="0" height="100%" preserveAspectRatio="xMidYMid slice" width="100%" href="${avatarDataUri(user.id)}" style="height:${size}px;width:${size}px"></image></g></svg>`;
  return href ? `<a aria-label="${escapeHtml(user.name)}" class="${cls('avl', 4)}" href="${escapeHtml(href)}" role="link" tabindex="0">${image}</a>` : image;
}

function button(role: string, label: string, text: string, seed: string): string {
  return `<div data-ad-rendering-role="${role}" class="${cls(`${seed}${role}`, 4)}"><div aria-label="${escapeHtml(label)}" class="${cls(`${role}b`, 8)}" role="button" tabindex="0"><span class="${cls('bt', 4)}">${text}</span></div></div>`;
}

function comment(c: FacebookComment, post: FacebookPost, index: string): string {
  const href = `${profilePath(c.author)}${c.author.username ? '?' : '&'}comment_id=Y29tbWVudDo${index}&${tracking(`c${post.id}${index}`)}`;
  const replies = (c.replies ?? []).map((reply, i) => comment(reply, post, `${index}_${i}`)).join('');
  return (
    `<div aria-label="${escapeHtml(`Comment by ${c.author.name} 2 hours ago`)}" class="${cls('cm', 4)}" role="article" tabindex="-1">` +
    `<div class="${FLEX} ${ROW} ${cls('cmr', 3)}">${avatar(c.author, 32, href)}` +
    `<div class="${cls('cmb', 5)}"><span class="${cls('cmn', 4)}"><a class="${cls('cml', 5)}" href="${escapeHtml(href)}" role="link" tabindex="0"><span>${inline(c.author.name)}</span></a></span>` +
    `<div class="${cls('cmt', 4)}"><div dir="auto" style="text-align:start">${inline(c.text)}</div></div></div></div>` +
    (replies ? `<div class="${cls('cmreplies', 3)}">${replies}</div>` : '') +
    `</div>`
  );
}

/** A story's header: avatar, the author (and group) heading, the timestamp and the audience. */
function storyHeader(post: FacebookPost, heading: 'h2' | 'h3', seed: string): string {
  const href = authorHref(post.author, post.group, `${seed}a`);
  const group = post.group ? `<span class="${cls('gs', 2)}"> ▸ </span><a class="${cls('gl', 5)}" href="/groups/${post.group.id}/?${tracking(`${seed}g`)}" role="link" tabindex="0"><span>${inline(post.group.name)}</span></a>` : '';
  return (
    `<div class="${cls(`${seed}hdr`, 3)}"><div class="${FLEX} ${ROW} ${cls('hdrr', 4)}">` +
    `<div class="${cls('hdra', 3)}">${avatar(post.author, 40, href)}</div>` +
    `<div class="${cls('hdrn', 5)}">` +
    `<div data-ad-rendering-role="profile_name" class="${cls('pn', 4)}"><${heading} dir="auto" class="html-${heading} ${cls('h', 6)}"><span class="${cls('hs', 3)}"><a class="${cls('hl', 8)}" href="${escapeHtml(href)}" role="link" tabindex="0"><strong><span>${inline(post.author.name)}</span></strong></a></span>${group}</${heading}></div>` +
    `<div class="${cls('ts', 4)}"><span class="${cls('tss', 3)}"><span><a aria-label="2 h" class="${cls('tsl', 8)}" href="#" role="link" tabindex="0" data-devsite-permalink="${escapeHtml(permalink(post))}"><span>2h</span></a></span> · <span aria-label="Shared with Public" role="img">🌐</span></span></div>` +
    `</div><div aria-expanded="false" aria-haspopup="menu" aria-label="Actions for this post" class="${cls('menu', 5)}" role="button" tabindex="0">…</div></div></div>`
  );
}

function storyMessage(text: string, seed: string): string {
  const lines = text.split('\n').map((line) => `<div dir="auto" style="text-align:start">${inline(line)}</div>`).join('');
  return `<div data-ad-rendering-role="story_message" class="${cls(`${seed}msg`, 3)}" id=":r${hash(seed).toString(36)}:">${nest(`<div dir="auto" class="${cls('msgt', 4)}">${lines}</div>`, 4, `${seed}m`)}</div>`;
}

/** One story card of a feed: the unit Facebook virtualises, marked by its place in the feed. */
export function renderStory(post: FacebookPost, index: number): string {
  const seed = `s${post.id}`;
  const shared = post.shared
    ? `<div class="${cls('att', 4)}"><div class="${cls('attb', 5)}" style="border:1px solid #3e4042;border-radius:8px;margin:8px 0">${storyHeader(post.shared, 'h3', `${seed}sh`)}${storyMessage(post.shared.text, `${seed}shm`)}</div></div>`
    : '';
  const comments = (post.comments ?? []).map((c, i) => comment(c, post, String(i))).join('');
  const column =
    storyHeader(post, 'h2', seed) +
    storyMessage(post.text, seed) +
    shared +
    // Facebook's junk: an invisible block of scrambled letters the screen reader skips.
    `<div aria-hidden="true" class="${cls('junk', 4)}" style="position:absolute;width:1px;height:1px;overflow:hidden"><span>S</span><span>p</span><span>o</span><span>n</span><span>${hash(seed) % 10}</span></div>` +
    `<div class="${cls('ftr', 4)}"><div class="${cls('rx', 3)}"><span aria-label="Like: ${hash(seed) % 90} people" role="img">👍 ${hash(seed) % 90}</span> <span>${(post.comments ?? []).length} comments</span></div>` +
    `<div class="${cls('actrow', 3)}"><div class="${FLEX} ${ROW} ${cls('acts', 5)}">` +
    button('like_button', 'Like', 'Like', seed) +
    button('comment_button', 'Leave a comment', 'Comment', seed) +
    button('share_button', 'Send this to friends or post it on your profile.', 'Share', seed) +
    `</div></div>` +
    (comments ? `<div class="${cls('cms', 3)}">${comments}</div>` : '') +
    `<div class="${cls('cbox', 4)}"><form class="${cls('cform', 2)}" method="POST" role="presentation"><div data-devsite-editor="comment" data-devsite-label="Write a comment…"></div></form></div></div>`;
  return (
    `<div class="x1yztbdb x1n2onr6 xh8yej3 x1ja2u2z" data-devsite-story="${escapeHtml(post.id)}">` +
    `<div aria-posinset="${index + 1}" aria-setsize="-1" aria-labelledby=":r${hash(seed).toString(36)}:" class="${cls('card', 2)}" style="background:#242526;border-radius:8px;margin:0 0 16px;padding:12px 16px;position:relative">` +
    nest(`<div class="${FLEX} ${COLUMN} ${cls('col', 4)}">${column}</div>`, 6, `${seed}n`) +
    `</div></div>`
  );
}

/** The feed: stories after the first `initial` come in as the reader scrolls (./apps). */
function feed(posts: FacebookPost[], heading: string, initial: number): string {
  const stories = posts.map((post, i) => renderStory(post, i));
  return (
    `<div role="feed" class="${cls('feed', 3)}"><h3 class="${HIDDEN}" dir="auto">${escapeHtml(heading)}</h3>` +
    stories.slice(0, initial).join('') +
    `</div>` +
    `<script type="application/json" id="devsite-stories">${scriptJson(stories.slice(initial))}</script>`
  );
}

function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function composerButton(viewer: FacebookUser): string {
  const first = viewer.name.split(' ')[0] ?? viewer.name;
  return (
    `<div class="${cls('cmpz', 4)}" style="background:#242526;border-radius:8px;margin:0 0 16px;padding:12px 16px">` +
    `<div class="${FLEX} ${ROW}">${avatar(viewer, 40, profilePath(viewer))}<div class="${cls('wom', 6)}" role="button" tabindex="0" data-devsite-open-composer style="flex:1;margin-left:8px;background:#3a3b3c;border-radius:20px;padding:8px 12px">` +
    `<span class="${cls('womt', 4)}">${escapeHtml(`What's on your mind, ${first}?`)}</span></div></div></div>`
  );
}

function profilePage(user: FacebookUser, tabsBase: (tab: string) => string, posts: FacebookPost[], initial: number): string {
  const tabs = [['Posts', ''], ['About', 'about'], ['Friends', 'friends'], ['Photos', 'photos'], ['Videos', 'videos']];
  return (
    `<div class="${cls('cover', 3)}" style="height:200px;background:#3a3b3c"></div>` +
    `<div class="${cls('phdr', 4)}"><div class="${FLEX} ${ROW} ${cls('phr', 4)}">${avatar(user, 168, null)}` +
    `<div class="${cls('pnm', 5)}">${nest(`<div class="x1e56ztr x1xmf6yo"><span class="${cls('h1s', 4)}" dir="auto"><h1 class="html-h1 ${cls('h1', 6)}">${inline(user.name)}</h1></span></div>`, 3, `${user.id}h`)}` +
    `<span class="${cls('frc', 3)}"><a class="${cls('frl', 5)}" href="${escapeHtml(tabsBase('friends'))}" role="link" tabindex="0">${hash(user.id) % 900} friends</a></span></div>` +
    `<div class="${cls('pbt', 4)}"><div aria-label="Add friend" class="${cls('addf', 6)}" role="button" tabindex="0">Add friend</div><div aria-label="Message" class="${cls('msgb', 6)}" role="button" tabindex="0">Message</div></div></div></div>` +
    `<div class="${cls('tabs', 3)}"><div role="tablist" class="${FLEX} ${ROW}">` +
    tabs.map(([label, tab], i) => `<a aria-selected="${i === 0}" class="${cls(`tab${tab}`, 6)}" href="${escapeHtml(tabsBase(tab!))}" role="tab" tabindex="${i === 0 ? 0 : -1}"><span>${label}</span></a>`).join('') +
    `</div></div>` +
    `<div class="${FLEX} ${ROW} ${cls('pcols', 3)}"><div class="${cls('pleft', 4)}" style="width:360px">` +
    `<div data-pagelet="ProfileTilesFeed_0">${nest(
      `<div class="${cls('intro', 4)}"><h2 class="${cls('introh', 5)}" dir="auto"><span>Intro</span></h2>` +
        (user.bio ? `<div class="${cls('bio', 4)}" style="text-align:center"><span class="${cls('bios', 6)}" dir="auto">${inline(user.bio)}</span></div>` : '') +
        `<div aria-label="Edit bio" class="${cls('editb', 5)}" role="button" tabindex="0"><span dir="auto">Edit bio</span></div>` +
        `<ul class="${cls('det', 3)}"><li><span dir="auto">Lives in <a href="/pages/Lisbon/1?${tracking(user.id)}" role="link"><span dir="auto">Lisbon</span></a></span></li></ul></div>`,
      3,
      `${user.id}i`,
    )}</div>` +
    `</div><div class="${cls('pright', 4)}" style="flex:1;margin-left:16px">${feed(posts, `${user.name}'s posts`, initial)}</div></div>`
  );
}

function findUser(data: FacebookSiteData, name: string): FacebookUser | undefined {
  const lower = name.toLowerCase();
  return data.users.find((u) => u.username?.toLowerCase() === lower || u.id === name);
}

function userPosts(data: FacebookSiteData, user: FacebookUser): FacebookPost[] {
  return data.postsByUser?.[user.id] ?? data.feed.filter((post) => post.author.id === user.id);
}

/** The main column of a URL, or null for a 404. */
function mainFor(data: FacebookSiteData, url: URL): { title: string; main: string; head?: string } | null {
  const parts = url.pathname.split('/').filter(Boolean);
  const initial = data.initialStories ?? 8;
  const byId = (id: string | null) => data.users.find((u) => u.id === id);
  const profile = (user: FacebookUser | undefined, base: (tab: string) => string) =>
    user ? { title: user.name, main: profilePage(user, base, userPosts(data, user), initial), head: profileHead(user) } : null;
  if (parts.length === 0 || parts[0] === 'home.php') return { title: 'Facebook', main: composerButton(data.viewer) + feed(data.feed, 'News Feed posts', initial) };
  if (parts[0] === 'profile.php' && parts.length === 1) {
    const id = url.searchParams.get('id');
    return profile(byId(id), (tab) => `/profile.php?id=${id}${tab ? `&sk=${tab}` : ''}`);
  }
  if (parts[0] === 'people' && parts.length === 3) return profile(byId(parts[2]!), (tab) => `/people/${parts[1]}/${parts[2]}/${tab ? `?sk=${tab}` : ''}`);
  if (parts[0] === 'groups' && parts.length === 2) {
    const entry = data.groups?.find((g) => g.group.id === parts[1]);
    if (!entry) return null;
    return { title: entry.group.name, main: `<div class="${cls('gh', 4)}"><h1 class="html-h1 ${cls('gh1', 6)}" dir="auto">${inline(entry.group.name)}</h1><span>Public group · 1.2K members</span></div>${composerButton(data.viewer)}${feed(entry.posts, 'Group posts', initial)}` };
  }
  if (['watch', 'marketplace', 'events', 'settings', 'gaming', 'friends'].includes(parts[0]!)) {
    const title = parts[0]![0]!.toUpperCase() + parts[0]!.slice(1);
    return { title, main: `<div class="${cls('pg', 4)}"><h1 class="html-h1 ${cls('pgh', 6)}" dir="auto">${title}</h1></div>` };
  }
  if (parts.length <= 2) {
    const user = findUser(data, parts[0]!);
    if (user?.username && parts[0] !== user.id) return profile(user, (tab) => `/${user.username}${tab ? `/${tab}` : ''}`);
  }
  return null;
}

/**
 * A profile's Open Graph and App Links tags, as served with the page (the app keeps them as they
 * were when navigating on): the canonical URL by username, the apps' link by account id.
 */
function profileHead(user: FacebookUser): string {
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}">`;
  const app = `fb://profile/${user.id}`;
  return (
    meta('og:title', user.name) +
    meta('og:url', `https://www.facebook.com${profilePath(user)}`) +
    meta('og:type', 'profile') +
    meta('al:android:url', app) +
    meta('al:android:app_name', 'Facebook') +
    meta('al:android:package', 'com.facebook.katana') +
    meta('al:ios:url', app) +
    meta('al:ios:app_name', 'Facebook') +
    meta('al:ios:app_store_id', '284882215')
  );
}

function topBar(viewer: FacebookUser): string {
  return (
    `<div role="banner" class="${cls('banner', 4)}" style="height:56px;background:#242526;display:flex;align-items:center;padding:0 16px">` +
    `<a aria-label="Facebook" href="/" role="link" style="color:#0866ff;font-weight:bold;font-size:28px;text-decoration:none">f</a>` +
    `<div role="navigation" aria-label="Facebook" class="${cls('tnav', 3)}" style="margin-left:auto"><a href="/messages/t/" role="link" aria-label="Messenger">💬</a> ${avatar(viewer, 40, profilePath(viewer))}</div></div>`
  );
}

/** Messenger's page: the chat list and the open thread (drawn by ./apps from the data). */
function messengerMain(data: FacebookSiteData, thread: FacebookThread | undefined): string {
  return (
    `<div class="${FLEX} ${ROW}" style="height:calc(100vh - 56px)">` +
    `<div role="navigation" aria-label="Chats" class="${cls('chats', 4)}" style="width:320px;overflow:auto"><h1 class="${cls('chh', 5)}" dir="auto" style="font-size:24px">Chats</h1>` +
    (data.threads ?? [])
      .map((t) => `<a class="${cls('chl', 6)}" href="/messages/${t.e2ee ? 'e2ee/' : ''}t/${t.id}/" role="link" style="display:block;padding:8px">${escapeHtml(t.name ?? t.members.map((m) => m.name).join(', '))}</a>`)
      .join('') +
    `</div><div role="main" class="${cls('thmain', 4)}" style="flex:1;display:flex;flex-direction:column">` +
    (thread ? `<div data-devsite-thread="${escapeHtml(thread.id)}" style="display:contents"></div>` : `<div style="margin:auto">Select a chat or start a new conversation</div>`) +
    `</div></div>`
  );
}

/** The HTML document for a URL on facebook.com (path and query), or null for 404. */
export function renderFacebookPage(data: FacebookSiteData, href: string): string | null {
  const url = new URL(href, 'https://www.facebook.com');
  const parts = url.pathname.split('/').filter(Boolean);
  let title: string;
  let body: string;
  let head = '';
  if (parts[0] === 'messages') {
    const id = parts[1] === 'e2ee' ? parts[3] : parts[2];
    const thread = data.threads?.find((t) => t.id === id);
    title = 'Messenger | Facebook';
    body = messengerMain(data, thread) + `<script type="application/json" id="devsite-messenger">${scriptJson({ viewer: data.viewer, thread: thread ?? null })}</script>`;
  } else {
    const page = mainFor(data, url);
    if (!page) return null;
    title = `${page.title} | Facebook`;
    head = page.head ?? '';
    body =
      `<div class="${FLEX} ${ROW}"><div role="navigation" aria-label="Shortcuts" class="${cls('lnav', 4)}" style="width:280px"><ul><li><a href="${escapeHtml(profilePath(data.viewer))}" role="link">${inline(data.viewer.name)}</a></li><li><a href="/friends/" role="link">Friends</a></li><li><a href="/groups/feed/" role="link">Groups</a></li><li><a href="/marketplace/" role="link">Marketplace</a></li><li><a href="/watch/" role="link">Video</a></li></ul></div>` +
      `<div role="main" class="${cls('main', 4)}" style="flex:1;max-width:900px;margin:16px auto">${nest(page.main, 5, 'main')}</div>` +
      `<div role="complementary" aria-label="Contacts" class="${cls('cmpl', 3)}" style="width:280px"><h2 dir="auto">Contacts</h2></div></div>`;
  }
  return (
    `<!DOCTYPE html><html id="facebook" class="_9dls __fb-dark-mode" lang="en" dir="ltr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}<style>${STYLES}</style></head>` +
    `<body class="_6s5d _71pn system-fonts--body segoe" style="margin:0;background:#18191a;color:#e4e6eb;font-family:Segoe UI Historic,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px">` +
    `<div id="mount_0_0_${hash(href).toString(36).slice(0, 2)}">${topBar(data.viewer)}${body}</div>` +
    `<div id="devsite-layers"></div><script src="${FACEBOOK_APPS_PATH}"></script></body></html>`
  );
}

/** The few atomic classes whose meaning the emulated layout needs (as Facebook's CSS defines them). */
const STYLES = [
  `.${FLEX}{display:flex}.${COLUMN}{flex-direction:column}.${ROW}{flex-direction:row}.${END}{justify-content:flex-end}.${START}{justify-content:flex-start}`,
  `.xzpqnlu{position:absolute}.x1hyvwdk{width:1px}.xjm9jq1{height:1px}.x6ikm8r{overflow-x:hidden}.x10wlt62{overflow-y:hidden}.x1i1rx1s{clip:rect(0,0,0,0)}`,
  'a{color:#e4e6eb;text-decoration:none}[role=button]{cursor:pointer;display:inline-block;padding:6px 12px}h1,h2,h3{margin:0}',
  '[data-lexical-editor]{outline:none;min-height:20px;white-space:pre-wrap}[data-lexical-editor] p{margin:0}',
].join('');
