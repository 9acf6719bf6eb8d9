// Builds the Svelte renderer into dist/renderer with relative URLs, so the same files load from
// `netlens serve` and from Electron's app protocol.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: decodeURIComponent(new URL('../dist/renderer', import.meta.url).pathname),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Nothing inlined as data: URLs, so the strict CSP (no 'unsafe-inline') holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
