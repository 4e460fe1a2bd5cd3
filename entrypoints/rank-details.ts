import { defineChunk } from '@/content/runtime/chunk-files';
import * as feature from '@/content/features/badges/rank-details';

/** The rank popover, injected by the background on first use (content/runtime/chunk-files.ts). */
export default defineUnlistedScript({
  globalName: false,
  main: () => defineChunk('rank-details', feature),
});
