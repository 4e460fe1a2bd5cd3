import { handleOn } from '@/lib/identity/handles';
import type { SiteAdapter } from '@/lib/sites/types';

/** The other member of the one-to-one conversation `inside` is part of, as a handle; null elsewhere or when unsure. */
export function peerHandle(adapter: SiteAdapter, inside: Element): string | null {
  if (!adapter.isConversationUrl(new URL(location.href))) return null;
  const name = adapter.dmPeerHandle(inside);
  return name ? handleOn(adapter.site, name) : null;
}
