import { defineChunk } from '@/content/runtime/chunk-files';
import * as feature from '@/content/features/messages/lock';

/** Locking a draft, injected by the background on first use (content/runtime/chunk-files.ts). */
export default defineUnlistedScript({
  globalName: false,
  main: () => defineChunk('lock', feature),
});
