// Builds the Svelte renderer into dist/renderer with relative URLs, so the same files load from
// `netlens serve` and from Electron's app protocol.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);
const repo = path.dirname(path.resolve(here));

/** Lists every source module in the bundle (dist/renderer-modules.json): a test checks no collector code is in it. */
function moduleList(): Plugin {
  return {
    name: 'netlens-module-list',
    generateBundle(_options, bundle) {
      const ids = new Set<string>();
      for (const item of Object.values(bundle))
        if (item.type === 'chunk')
          for (const id of item.moduleIds) if (id.startsWith(repo)) ids.add(path.relative(repo, id));
      mkdirSync(path.join(repo, 'dist'), { recursive: true });
      writeFileSync(
        path.join(repo, 'dist/renderer-modules.json'),
        `${JSON.stringify([...ids].sort(), null, 1)}\n`,
      );
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ configFile: false }), moduleList()],
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
