import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { CHUNK_FILES } from './content/runtime/chunk-files';

/** Chunk builds take Preact from the content script, which shares its copy on its isolated world's global. */
const SHARED_WITH_CHUNKS: Record<string, string> = {
  preact: 'content/runtime/shared/preact.ts',
  'preact/hooks': 'content/runtime/shared/hooks.ts',
  'preact/jsx-runtime': 'content/runtime/shared/jsx-runtime.ts',
  'preact/jsx-dev-runtime': 'content/runtime/shared/jsx-runtime.ts',
};

export default defineConfig({
  manifest: {
    name: 'Network Union',
    description: "Your union's badges, support ranks and tips on the social networks you already use.",
    // Storage (and session storage for the unlocked key), alarms (auto-lock, rally polling) and
    // notifications (rallies). The chain is
    // reached by fetch (JSON-RPC nodes answer with CORS headers); content scripts declare their hosts.
    // Scripting and the content script's hosts: heavy on-page features are injected on first use
    // into the asking frame's isolated world (executeScript needs host permission for the page),
    // rather than offered as web-accessible files, which any page can probe to detect the
    // extension. The content script already asks for these hosts: no new permission warning.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: ['https://x.com/*', 'https://chat.x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'],
    action: { default_title: 'Network Union' },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
  hooks: {
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'unlisted-script' && entrypoint.name in CHUNK_FILES)) return;
      // The hooks chunk is where the shared hooks come from.
      const own = entrypoints[0]?.name === 'preact-hooks' ? 'preact/hooks' : undefined;
      const shared = (id: string) => (id === own || !SHARED_WITH_CHUNKS[id] ? null : resolve(config.root!, SHARED_WITH_CHUNKS[id]));
      (config.plugins ??= []).push({ name: 'shared-preact', enforce: 'pre', resolveId: shared });
    },
  },
});
