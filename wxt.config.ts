import { defineConfig } from 'wxt';

export default defineConfig({
  manifest: {
    name: 'Network Union',
    description: "Your union's badges, support ranks and tips on the social networks you already use.",
    // Storage only: the chain is reached by fetch (JSON-RPC nodes answer with CORS headers),
    // content scripts declare their own hosts.
    permissions: ['storage'],
    action: { default_title: 'Network Union' },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
