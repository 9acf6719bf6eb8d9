// bench:capture — `netlens snapshot` against the raw commands a person would run, side by side,
// locally and over SSH, for labs of N containers. Prints times, ratios and SSH round trips, and first
// the CLI's start-up time (cli-startup.ts).
// Usage: node --import tsx test/bench/capture.ts [--sizes 50,200] [--runs 3] [--startup-runs 20]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import { createBenchContainers } from '../support/bench-lab.js';
import { cliStartupLine } from './cli-startup.js';
import { cleanupPrefix, ensureTestImage } from '../support/lab.js';
import { startSshd } from '../support/sshd.js';

const PREFIX = 'nlb-';
const NETWORKS = 5;
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const sizes = arg('--sizes', '50,200').split(',').map(Number);
const runs = Number(arg('--runs', '3'));

// What a person types to see the same facts: inspect everything, ip -j in every namespace, the rules.
const MANUAL_SCRIPT = `set -e
docker inspect $(docker ps -aq) >/dev/null
docker network inspect $(docker network ls -q) >/dev/null
ip -json -details -stats addr show >/dev/null
ip -json route show table all >/dev/null
for pid in $(docker ps -q | xargs docker inspect -f '{{.State.Pid}}'); do
  nsenter -t "$pid" -n ip -json -details -stats addr show >/dev/null
  nsenter -t "$pid" -n ip -json route show table all >/dev/null
done
iptables-save -c >/dev/null
ip6tables-save -c >/dev/null
`;

async function buildLab(n: number): Promise<void> {
  cleanupPrefix(PREFIX);
  await createBenchContainers({
    prefix: PREFIX,
    count: n,
    networks: NETWORKS,
    subnet: (k) => `10.240.${k}.0/24`,
    image: ensureTestImage(),
    publishFrom: 31000,
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timeIt(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main(): Promise<void> {
  console.log(cliStartupLine(Number(arg('--startup-runs', '20'))));
  const sshd = await startSshd();
  const script = join(tmpdir(), 'netlens-bench-manual.sh');
  writeFileSync(script, MANUAL_SCRIPT);
  const sshArgs = [
    '-p',
    String(sshd.port),
    '-i',
    sshd.identityFile,
    '-o',
    `UserKnownHostsFile=${sshd.knownHostsFile}`,
    '-o',
    'BatchMode=yes',
    `root@127.0.0.1`,
  ];
  const target = `ssh://root@127.0.0.1:${sshd.port}`;
  const sshOptions = { identityFile: sshd.identityFile, knownHostsPath: sshd.knownHostsFile };
  try {
    console.log(
      'containers | netlens local | manual local | ratio | netlens ssh | manual ssh | ratio | ssh execs',
    );
    for (const n of sizes) {
      await buildLab(n);
      const local = await timeIt(() => {
        execFileSync(process.execPath, ['bin/netlens.js', 'snapshot', '-o', '/dev/null']);
      });
      const manual = await timeIt(() => execFileSync('sh', [script]));
      let execs = 0;
      const remote = await timeIt(async () => {
        const conn = await connect(target, sshOptions);
        try {
          const before = conn.stats.execs;
          await capture(conn);
          execs = conn.stats.execs - before;
        } finally {
          await conn.close();
        }
      });
      const manualRemote = await timeIt(() =>
        execFileSync('ssh', [...sshArgs, 'sh', '-s'], { input: MANUAL_SCRIPT }),
      );
      const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        `${String(n).padStart(10)} | ${f(local).padStart(13)} | ${f(manual).padStart(12)} | ${(local / manual).toFixed(2).padStart(5)} | ${f(remote).padStart(11)} | ${f(manualRemote).padStart(10)} | ${(remote / manualRemote).toFixed(2).padStart(5)} | ${execs}`,
      );
    }
  } finally {
    cleanupPrefix(PREFIX);
    await sshd.dispose();
  }
}

await main();
