import { defineConfig } from 'vite';
import { fontSubsets } from './build/fontSubsets.mjs';

/**
 * The dashboard's build: `vite build dashboard` (root = this folder) writes `dist/dashboard/` with hashed bundles
 * under `assets/`, served by src/http/dashboardRoutes.ts at `/dashboard`. Nothing is inlined into index.html, so the
 * page runs under a Content-Security-Policy without `'unsafe-inline'`.
 */
export default defineConfig({
  base: '/dashboard/',
  plugins: [fontSubsets()],
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/dashboard',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script; every browser the dashboard supports preloads modules natively.
    modulePreload: { polyfill: false },
    // Never turn a small asset into a data: URL inside a script or stylesheet.
    assetsInlineLimit: 0,
    sourcemap: true,
    reportCompressedSize: false,
  },
});
