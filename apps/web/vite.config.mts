import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.mts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The API serves dist/apps/web on the same origin, so the app only ever uses
// relative URLs; in dev the proxy stands in for that origin.
const apiTarget = process.env.TESSERA_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // Exact matches: '@tessera/web/sync' must not swallow '@tessera/web/sync/react'.
    alias: [
      { find: /^@tessera\/contracts$/, replacement: here('../../libs/contracts/src/index.ts') },
      { find: /^@tessera\/contracts\/access$/, replacement: here('../../libs/contracts/src/access.ts') },
      { find: /^@tessera\/quality$/, replacement: here('../../libs/quality/src/index.ts') },
      { find: /^@tessera\/web\/dicom-viewer$/, replacement: here('../../libs/web/dicom-viewer/src/index.ts') },
      { find: /^@tessera\/web\/dicom-viewer\/i18n$/, replacement: here('../../libs/web/dicom-viewer/src/i18n.ts') },
      { find: /^@tessera\/web\/editor-ui$/, replacement: here('../../libs/web/editor-ui/src/index.ts') },
      { find: /^@tessera\/web\/editor-ui\/core$/, replacement: here('../../libs/web/editor-ui/src/core.ts') },
      { find: /^@tessera\/web\/editor-ui\/i18n$/, replacement: here('../../libs/web/editor-ui/src/i18n.ts') },
      { find: /^@tessera\/web\/image-annotator$/, replacement: here('../../libs/web/image-annotator/src/index.ts') },
      { find: /^@tessera\/web\/image-annotator\/i18n$/, replacement: here('../../libs/web/image-annotator/src/i18n.ts') },
      { find: /^@tessera\/web\/sync$/, replacement: here('../../libs/web/sync/src/index.ts') },
      { find: /^@tessera\/web\/sync\/react$/, replacement: here('../../libs/web/sync/src/react.ts') },
    ],
  },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // .vite/manifest.json: which chunks each entry loads, for the bundle budget test and the web benchmark.
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false }, '/sync': { target: apiTarget, ws: true } },
  },
});
