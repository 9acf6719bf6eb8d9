// Bundles the sandboxed preload into ONE CommonJS file (a sandboxed preload cannot load others).
// Usage: node electron/build-preload.js [--outfile path]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = process.argv.indexOf('--outfile');
const outfile = flag > 0 ? process.argv[flag + 1] : `${root}dist/electron/preload.cjs`;

await build({
  entryPoints: [`${root}electron/preload.ts`],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'es2022',
  // The sandbox's require() knows only 'electron' (and a few Node shims we do not use).
  external: ['electron'],
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  legalComments: 'none',
});
