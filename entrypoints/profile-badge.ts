import { defineChunk } from '@/content/runtime/chunk-files';
import * as feature from '@/content/features/badges/profile-badge';

/** A profile header's badge, injected by the background on first use (content/runtime/chunk-files.ts). */
export default defineUnlistedScript({
  globalName: false,
  main: () => defineChunk('profile-badge', feature),
});
