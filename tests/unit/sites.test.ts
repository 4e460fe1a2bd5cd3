import { describe, expect, it } from 'vitest';
import { canonicalTipUrl } from '@/lib/features/tips/handlers';
import { handleCandidates, parseHandle, platformOf, toHandle } from '@/lib/identity/handles';
import { facebookProfile } from '@/lib/sites/facebook/profile';
import { SITES, siteOf, siteOfUrl } from '@/lib/sites/profiles';
import { xProfile } from '@/lib/sites/x/profile';

describe('site profiles', () => {
  it('name one registry platform each, and every host belongs to one site', () => {
    const platforms = SITES.map((s) => s.platform);
    expect(new Set(platforms).size).toBe(platforms.length);
    const hosts = SITES.flatMap((s) => s.hosts);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const site of SITES) expect(site.platform).toMatch(/^[a-z0-9]{1,16}$/);
  });

  it('find the site of a page URL, and none for other sites', () => {
    expect(siteOfUrl(new URL('https://mobile.twitter.com/alice'))).toBe(xProfile);
    expect(siteOfUrl(new URL('https://web.facebook.com/alice.smith'))).toBe(facebookProfile);
    expect(siteOfUrl(new URL('https://x.com.evil.example/alice'))).toBeUndefined();
    expect(siteOf('mastodon')).toBeUndefined();
  });

  it("give X's canonical post URL, whatever host or case or query the link had", () => {
    expect(xProfile.canonicalUrl(new URL('https://twitter.com/Priya_NU/status/123/?s=20'))).toBe('https://x.com/priya_nu/status/123');
    expect(xProfile.canonicalUrl(new URL('http://x.com/a/status/1'))).toBeNull();
    expect(xProfile.canonicalUrl(new URL('https://www.facebook.com/a'))).toBeNull();
  });

  it("drop Facebook's tracking queries but keep a profile.php id", () => {
    expect(facebookProfile.canonicalUrl(new URL('https://www.facebook.com/Alice.Smith/posts/pfbid0x?__cft__[0]=AZ&__tn__=%2CO'))).toBe(
      'https://www.facebook.com/alice.smith/posts/pfbid0x',
    );
    expect(facebookProfile.canonicalUrl(new URL('https://m.facebook.com/profile.php?id=1000123&__tn__=x'))).toBe('https://www.facebook.com/profile.php?id=1000123');
  });

  it("count characters the site's way: X weighs emoji and CJK double", () => {
    expect(xProfile.channels.post.weigh('hi 🌍')).toBe(5);
    expect(facebookProfile.channels.post.weigh('hi 🌍')).toBe(4);
  });
});

describe('handles by site rules', () => {
  it("validate a name by its own site's rule", () => {
    expect(toHandle('x', '@Alice_NU')).toBe('x:alice_nu');
    expect(toHandle('facebook', 'Alice.Smith')).toBe('facebook:alice.smith');
    expect(toHandle('x', 'alice.smith')).toBeNull();
    expect(toHandle('mastodon', 'alice')).toBeNull();
    expect(platformOf('facebook:alice.smith')).toBe('facebook');
  });

  it('read a typed handle exactly, and a bare name as a name on every site that allows it', () => {
    expect(handleCandidates('X:@Carol')).toEqual(['x:carol']);
    expect(handleCandidates('@carol')).toEqual(['x:carol', 'facebook:carol']);
    expect(handleCandidates('al')).toEqual(['x:al']);
    expect(handleCandidates('alice.smith')).toEqual(['facebook:alice.smith']);
    expect(handleCandidates('not a name')).toEqual([]);
    expect(parseHandle('tiktok:alice')).toBeNull();
  });
});

describe('tip URLs', () => {
  it('name a post by its canonical URL on a known site, and refuse anything else', () => {
    expect(canonicalTipUrl('https://twitter.com/Priya_NU/status/123/?s=20')).toBe('https://x.com/priya_nu/status/123');
    expect(canonicalTipUrl('https://www.facebook.com/alice.smith/posts/1?__tn__=R')).toBe('https://www.facebook.com/alice.smith/posts/1');
    expect(() => canonicalTipUrl('not a url')).toThrow(/no valid post/);
    expect(() => canonicalTipUrl('https://example.com/post/1')).toThrow(/site Network Union knows/);
  });
});
