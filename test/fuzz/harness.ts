// Runs the fuzz targets (targets.ts) with fast-check: mutated seeds, N inputs per target, counting
// crashes; shared by `npm run fuzz` (100,000 each) and the test suite (2,000 each).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { createBackend } from '../../src/server/backend.js';
import { fakeDeps } from '../unit/server/fakes.js';
import { mutated } from './mutate.js';
import { fuzzTargets, type FuzzTarget } from './targets.js';

export interface FuzzFigures {
  target: string;
  runs: number;
  ms: number;
  /** The smallest failing input fast-check found, or null. */
  crash: string | null;
}

export interface FuzzEnv {
  targets: FuzzTarget[];
  dispose(): Promise<void>;
}

export function fuzzEnv(): FuzzEnv {
  const dir = mkdtempSync(join(tmpdir(), 'nlh-fuzz-'));
  const sshConfigPath = join(dir, 'ssh_config');
  writeFileSync(
    sshConfigPath,
    'Host alias-from-config\n  HostName 127.0.0.1\n  User deploy\n  Port 2222\nHost *\n  IdentityFile ~/.ssh/id\n',
  );
  const backend = createBackend(fakeDeps(join(dir, 'hosts.json'), { log: () => undefined }));
  return {
    targets: fuzzTargets({ backend, sshConfigPath, home: dir }),
    async dispose() {
      await backend.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function fuzz(target: FuzzTarget, runs: number, seed?: number): Promise<FuzzFigures> {
  const started = performance.now();
  const result = await fc.check(
    fc.asyncProperty(mutated(target.seeds), async (input) => {
      await target.run(input);
    }),
    { numRuns: runs, ...(seed !== undefined && { seed }), endOnFailure: false },
  );
  const ms = performance.now() - started;
  let crash: string | null = null;
  if (result.failed) {
    const input = JSON.stringify(result.counterexample?.[0] ?? null).slice(0, 400);
    const why =
      result.errorInstance instanceof Error ? result.errorInstance.stack : String(result.errorInstance);
    crash = `${input}\n${why ?? ''} (seed ${result.seed}, path ${result.counterexamplePath ?? ''})`;
  }
  return { target: target.name, runs: result.numRuns, ms, crash };
}
