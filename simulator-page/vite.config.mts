import { defineConfig } from 'vite';

/**
 * The LINE simulator page's build: `vite build simulator-page` (root = this folder) writes `dist/simulator-page/`
 * with hashed bundles under `assets/`, served by src/simulator/simulatorPageRoutes.ts at `/simulator`. Nothing is
 * inlined into index.html, so the page runs under a Content-Security-Policy without `'unsafe-inline'`.
 */
export default defineConfig({
  base: '/simulator/',
  publicDir: false,
  build: {
    outDir: '../dist/simulator-page',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script; every browser the page supports preloads modules natively.
    modulePreload: { polyfill: false },
    // Never turn a small asset into a data: URL inside a script or stylesheet.
    assetsInlineLimit: 0,
    sourcemap: true,
    reportCompressedSize: false,
  },
});
