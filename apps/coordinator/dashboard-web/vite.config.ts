import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard page: built offline from node_modules into dist/dashboard/www, which the coordinator serves as-is.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard/www', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // vega is large; one chunk is fine for a page served from the coordinator itself.
    chunkSizeWarningLimit: 4000,
    modulePreload: { polyfill: false },
  },
});
