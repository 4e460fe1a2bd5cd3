import type { XPostFixture, XSiteData, XUserFixture } from '../devsite/x/site';
import type { Deployment } from './deploy';
import { DEMO_OUTSIDERS } from './demo-union';

export const screenName = (handle: string) => handle.slice(handle.indexOf(':') + 1);

/** Hostile profile text: markup, script, an RTL override and a 10,000-character bio. */
export const HOSTILE_USER: XUserFixture = {
  screenName: 'hostile_hal',
  displayName: '\u202E<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>@mara_union',
  bio: `<b>bold</b> <script>window.__pwned=3</script> NetworkUnion:0xnot-an-address ${'A'.repeat(10_000)}`,
};

/** The x.com the demo and the tests serve: one profile per demo member, plus outsiders. */
export function demoSiteData(deployment: Deployment, timelineLength = 100): XSiteData {
  const users: XUserFixture[] = [
    ...deployment.members.map((m) => ({ screenName: screenName(m.handle), displayName: m.displayName, bio: m.bio })),
    ...DEMO_OUTSIDERS,
    HOSTILE_USER,
  ];
  const byName = new Map(users.map((u) => [u.screenName, u]));
  const authors = deployment.members.filter((m) => m.vouched).map((m) => byName.get(screenName(m.handle))!);
  const homeTimeline: XPostFixture[] = Array.from({ length: timelineLength }, (_, i) => ({
    id: String(1_900_000_000_000_000_000n + BigInt(i)),
    author: authors[i % authors.length]!,
    text: `Post ${i + 1}: shipped a fix to a maintainer's docs today. #opensource`,
  }));
  return { users, homeTimeline };
}
