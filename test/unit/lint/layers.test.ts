// The import boundaries bite: the real lint configuration fails a wrong-way import in each layer, and
// passes the same file with a permitted import (so a rule that reports everything would fail too).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'netlens/layers').map((m) => m.message);
}

describe('netlens/layers', { timeout: 120_000 }, () => {
  it('keeps collector code out of the shared model', async () => {
    const bad = await layerErrors(
      'src/model/ip.ts',
      "import type { RuleFact } from '../collect/facts.js';\nexport type X = RuleFact;\n",
    );
    expect(bad).toEqual([expect.stringContaining('src/model runs in Node and the browser')]);
    expect(bad[0]).toContain('src/collect/facts.ts');
    expect(
      await layerErrors(
        'src/model/ip.ts',
        "import { readFile } from 'node:fs';\nexport const r = readFile;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/model/ip.ts',
        "import type { Rule } from './snapshot.js';\nexport type X = Rule;\n",
      ),
    ).toEqual([]);
  });

  it('lets the renderer import only the shared model and the contract from src/', async () => {
    const file = 'renderer/src/lib/format-time.ts';
    expect(
      await layerErrors(
        file,
        "import { buildSnapshot } from '../../../src/topology/build.js';\nexport const b = buildSnapshot;\n",
      ),
    ).toEqual([expect.stringContaining('src/topology/build.ts')]);
    expect(
      await layerErrors(
        file,
        "import { inPrefix } from '../../../src/model/ip.js';\nexport const p = inPrefix;\n",
      ),
    ).toEqual([]);
    expect(
      await layerErrors(
        file,
        "import { ApiError } from '../../../src/api/contract.js';\nexport const e = ApiError;\n",
      ),
    ).toEqual([]);
  });

  it('keeps Electron out of src/', async () => {
    expect(
      await layerErrors(
        'src/capture/capturer.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toEqual([expect.stringContaining('src/ runs in plain Node')]);
  });
});
