// `npm start`'s launcher: a missing runtime gives one clear line; a present one is run with the app.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-launch-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function launch(env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean.ELECTRON_OVERRIDE_DIST_PATH;
  return spawnSync(process.execPath, ['electron/launch.js', '--flag'], {
    encoding: 'utf8',
    timeout: 60_000,
    // A closed loopback port as download mirror and an empty cache: the download must fail, fast.
    env: {
      ...clean,
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(dir, 'cache'),
      ...env,
    },
  });
}

describe('electron/launch.js', () => {
  it('prints ONE line pointing to `netlens serve --open` when the runtime cannot be had', () => {
    const run = launch({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^netlens: the Electron runtime could not be downloaded \(.+\); run the same app in your browser with: npx netlens serve --open$/,
    );
  });

  it.runIf(process.platform === 'linux')(
    'runs the Electron binary with the app folder and forwards its exit code',
    () => {
      // electron's index.js resolves <override>/<path.txt or "electron">; on Linux both are "electron".
      const fake = join(dir, 'fake');
      mkdirSync(fake);
      const log = join(dir, 'argv.txt');
      writeFileSync(join(fake, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\nexit 7\n`);
      chmodSync(join(fake, 'electron'), 0o755);
      const pathTxt = (() => {
        try {
          return readFileSync(
            join(resolve(createRequire(import.meta.url).resolve('electron'), '..'), 'path.txt'),
            'utf8',
          );
        } catch {
          return 'electron';
        }
      })();
      expect(pathTxt).toBe('electron');
      const run = launch({ ELECTRON_OVERRIDE_DIST_PATH: fake });
      expect(run.status).toBe(7);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([resolve('.') + '/', '--flag']);
    },
  );
});
