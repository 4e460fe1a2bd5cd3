import { defineConfig } from 'wxt';

export default defineConfig({
  manifest: {
    name: 'Network Union',
    description: "Your union's badges, support ranks and tips on the social networks you already use.",
    // Storage (and session storage for the unlocked key), alarms (auto-lock, rally polling) and
    // notifications (rallies). The chain is
    // reached by fetch (JSON-RPC nodes answer with CORS headers); content scripts declare their hosts.
    permissions: ['storage', 'alarms', 'notifications'],
    action: { default_title: 'Network Union' },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
