import * as hooks from 'preact/hooks';
import { defineChunk } from '@/content/runtime/chunk-files';

/** Preact's hooks, one copy for the chunks that use them, injected before the first of them. */
export default defineUnlistedScript({
  globalName: false,
  main: () => defineChunk('preact-hooks', hooks),
});
