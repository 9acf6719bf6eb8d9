// The `netlens` command's start-up: `netlens --help` against bare `node -e 0`, run alternately so both
// see the same machine load. Printed by bench:capture; runs alone too:
// node --import tsx test/bench/cli-startup.ts [--runs 20]   (needs `npm run build:node` first)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BIN = 'bin/netlens.js';

function timeRun(args: string[]): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(result.status)}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** One line: medians of `runs` runs each, the difference and the ratio. */
export function cliStartupLine(runs = 20): string {
  if (!existsSync('dist/src/cli/main.js'))
    return 'CLI start-up: not measured (run `npm run build:node` first)';
  const help: number[] = [];
  const bare: number[] = [];
  // One warm-up of each (disk cache), then alternate.
  timeRun([BIN, '--help']);
  timeRun(['-e', '0']);
  for (let i = 0; i < runs; i++) {
    help.push(timeRun([BIN, '--help']));
    bare.push(timeRun(['-e', '0']));
  }
  const h = median(help);
  const b = median(bare);
  return `CLI start-up (median of ${runs}): netlens --help ${h.toFixed(0)} ms, node -e 0 ${b.toFixed(0)} ms: +${(h - b).toFixed(0)} ms, ratio ${(h / b).toFixed(2)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--runs');
  console.log(cliStartupLine(i >= 0 ? Number(process.argv[i + 1]) : 20));
}
