import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { CHUNK_FILES } from './content/runtime/chunk-files';
import { OVERLAY_PAGES } from './lib/sites/pages';

/** Chunk builds take Preact from the content script, which shares its copy on its isolated world's global. */
const SHARED_WITH_CHUNKS: Record<string, string> = {
  preact: 'content/runtime/shared/preact.ts',
  'preact/hooks': 'content/runtime/shared/hooks.ts',
  'preact/jsx-runtime': 'content/runtime/shared/jsx-runtime.ts',
  'preact/jsx-dev-runtime': 'content/runtime/shared/jsx-runtime.ts',
};

/**
 * The extension never renders HTML from a string (page and chain text are text), so the two
 * libraries that could are built without the means: Preact's dangerouslySetInnerHTML and
 * d3-selection's .html() throw instead of writing innerHTML.
 */
const NO_HTML_SINKS = {
  name: 'no-html-sinks',
  enforce: 'pre' as const,
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/](preact|d3-selection)[\\/]dist[\\/]/.test(id) || !code.includes('innerHTML')) return null;
    const refuse = '(()=>{throw Error("innerHTML is disabled")})()';
    return code
      .replace(/\(\s*([\w$]+)\.innerHTML\s*=\s*([\w$]+)\.__html\s*\)/g, refuse)
      .replace(/this\.innerHTML\s*=\s*(value|v == null \? "" : v)\s*;/g, `${refuse};`);
  },
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
    host_permissions: OVERLAY_PAGES,
    action: { default_title: 'Network Union' },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [NO_HTML_SINKS],
  }),
  hooks: {
    'build:manifestGenerated'(wxt, manifest) {
      // Firefox wants a stable add-on id and a statement of what data leaves the browser: none.
      if (wxt.config.browser === 'firefox') {
        manifest.browser_specific_settings = { gecko: { id: 'network-union@network-union.org', data_collection_permissions: { required: ['none'] } } } as never;
      }
    },
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'unlisted-script' && entrypoint.name in CHUNK_FILES)) return;
      // The hooks chunk is where the shared hooks come from.
      const own = entrypoints[0]?.name === 'preact-hooks' ? 'preact/hooks' : undefined;
      const shared = (id: string) => (id === own || !SHARED_WITH_CHUNKS[id] ? null : resolve(config.root!, SHARED_WITH_CHUNKS[id]));
      (config.plugins ??= []).push({ name: 'shared-preact', enforce: 'pre', resolveId: shared });
    },
  },
});
