import { handleOn } from '@/lib/identity/handles';
import type { SiteAdapter } from '@/lib/sites/types';

/** The open one-to-one conversation's other member, as a handle; null elsewhere or when unsure. */
export function peerHandle(adapter: SiteAdapter): string | null {
  if (!adapter.isConversationUrl(new URL(location.href))) return null;
  const name = adapter.dmPeerHandle(document);
  return name ? handleOn(adapter.site, name) : null;
}
