// `npm run fuzz`: every parser against 100,000 mutated recorded inputs (see targets.ts).
// Usage: node --import tsx test/fuzz/run.ts [--runs 100000] [--only "ip -json"] [--seed N]
import { fuzz, fuzzEnv } from './harness.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 100_000);
const only = arg('--only');
const seed = arg('--seed') === undefined ? undefined : Number(arg('--seed'));

const env = fuzzEnv();
let crashes = 0;
try {
  console.log(`target                    inputs    seconds  inputs/s  crashes`);
  for (const target of env.targets.filter((t) => only === undefined || t.name === only)) {
    const f = await fuzz(target, runs, seed);
    if (f.crash) crashes += 1;
    console.log(
      `${f.target.padEnd(24)} ${String(f.runs).padStart(8)} ${(f.ms / 1000).toFixed(1).padStart(9)} ${String(Math.round((f.runs / f.ms) * 1000)).padStart(9)}  ${f.crash ? 1 : 0}`,
    );
    if (f.crash) console.log(`  crash: ${f.crash}`);
  }
} finally {
  await env.dispose();
}
process.exitCode = crashes > 0 ? 1 : 0;
