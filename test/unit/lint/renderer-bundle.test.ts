// The built renderer bundle holds no collector or other Node-side code: every source module the
// bundler took from src/ is the shared model or the API contract. Reads the module list the renderer
// build writes (renderer/vite.config.ts), so `npm run build` must have run (npm test does).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LIST = 'dist/renderer-modules.json';

describe('renderer bundle', () => {
  it('contains only src/model and src/api/contract.ts from src/', () => {
    let modules: string[];
    try {
      modules = JSON.parse(readFileSync(LIST, 'utf8')) as string[];
    } catch (error) {
      throw new Error(`${LIST} is missing: run \`npm run build:renderer\` first (${String(error)})`);
    }
    // The list is real: the app's own entry and the shared model are in it.
    expect(modules).toContain('renderer/src/main.ts');
    expect(modules).toContain('src/model/snapshot.ts');
    const fromSrc = modules.filter((m) => m.startsWith('src/'));
    const foreign = fromSrc.filter((m) => !m.startsWith('src/model/') && m !== 'src/api/contract.ts');
    expect(foreign).toEqual([]);
  });
});
