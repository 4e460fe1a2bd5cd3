import { defineChunk } from '@/content/runtime/chunk-files';
import * as feature from '@/content/features/messages/decrypt';

/** The decrypted-message view, injected by the background on first use (content/runtime/chunk-files.ts). */
export default defineUnlistedScript({
  globalName: false,
  main: () => defineChunk('decrypt', feature),
});
