import type { SiteProfile } from './profile';
import { facebookProfile } from './facebook/profile';
import { xProfile } from './x/profile';

/** Every site the extension knows; adding a site adds its profile here. */
export const SITES: readonly SiteProfile[] = [xProfile, facebookProfile];

export function siteOf(platform: string): SiteProfile | undefined {
  return SITES.find((site) => site.platform === platform);
}

/** The site a URL belongs to, or undefined. */
export function siteOfUrl(url: URL): SiteProfile | undefined {
  return SITES.find((site) => site.hosts.includes(url.hostname));
}
