// bench:capture — a Netlens capture locally and over SSH (stream-local forward and the
// `docker system dial-stdio` fallback), next to the raw commands a person would run, for labs of N
// containers. Prints medians, SSH/local ratios and the SSH channels each capture opened, and first the
// CLI's start-up time (cli-startup.ts).
// Usage: node --import tsx test/bench/capture.ts [--sizes 50,200] [--runs 3] [--startup-runs 20]
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { capture } from '../../src/capture/capturer.js';
import { connect } from '../../src/connection/connect.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import type { Connection } from '../../src/connection/types.js';
import { createBenchContainers } from '../support/bench-lab.js';
import { cleanupPrefix, ensureTestImage } from '../support/lab.js';
import { startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';
import { cliStartupLine } from './cli-startup.js';

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

interface Measured {
  /** Median capture time on an open connection (connecting is timed apart). */
  captureMs: number;
  /** Median time to connect (handshake, probe, Docker ping). */
  connectMs: number;
  /** Exec channels and Docker channels opened by the first capture on a fresh connection. */
  execs: number;
  dockerChannels: number;
  /** Docker channels opened by each later capture on the same connection (kept-alive ones reused). */
  againChannels: number;
}

const dockerChannels = (conn: Connection) =>
  (conn as Partial<SshConnection>).dockerTransport?.channels() ?? 0;

/**
 * Connects to each target `runs` times (timed), keeps one connection per target, makes a first
 * capture on each (channels counted), then times the captures round-robin so that the host's drift
 * (dockerd still settling after the lab was built) weighs on every target alike.
 */
async function measureAll(opens: (() => Promise<Connection>)[]): Promise<Measured[]> {
  const conns: Connection[] = [];
  try {
    const connectMs: number[] = [];
    for (const open of opens) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        const conn = await open();
        times.push(performance.now() - t0);
        if (r === 0) conns.push(conn);
        else await conn.close();
      }
      connectMs.push(median(times));
    }
    const first: { execs: number; dockerChannels: number }[] = [];
    for (const conn of conns) {
      const execs0 = conn.stats.execs;
      const ch0 = dockerChannels(conn);
      await capture(conn);
      first.push({ execs: conn.stats.execs - execs0, dockerChannels: dockerChannels(conn) - ch0 });
    }
    const again = conns.map(dockerChannels);
    const times: number[][] = conns.map(() => []);
    for (let r = 0; r < runs; r++)
      for (const [i, conn] of conns.entries()) {
        const t0 = performance.now();
        await capture(conn);
        times[i]?.push(performance.now() - t0);
      }
    return conns.map((conn, i) => ({
      captureMs: median(times[i] ?? []),
      connectMs: connectMs[i] ?? NaN,
      execs: first[i]?.execs ?? 0,
      dockerChannels: first[i]?.dockerChannels ?? 0,
      againChannels: (dockerChannels(conn) - (again[i] ?? 0)) / runs,
    }));
  } finally {
    for (const conn of conns) await conn.close();
  }
}

function sshOpen(sshd: Sshd): () => Promise<Connection> {
  return () =>
    connect(`ssh://root@127.0.0.1:${sshd.port}`, {
      identityFile: sshd.identityFile,
      knownHostsPath: sshd.knownHostsFile,
      agentSocket: null,
    });
}

async function main(): Promise<void> {
  console.log(cliStartupLine(Number(arg('--startup-runs', '20'))));
  const forward = await startSshd();
  const dialStdio = await startSshd({ allowStreamLocalForwarding: false });
  const sshArgs = [
    '-p',
    String(forward.port),
    '-i',
    forward.identityFile,
    '-o',
    `UserKnownHostsFile=${forward.knownHostsFile}`,
    '-o',
    'BatchMode=yes',
    `root@127.0.0.1`,
  ];
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  try {
    console.log(
      `medians of ${runs} captures on an open connection; channels = exec + Docker channels of the first capture on a fresh connection (Docker channels of a second capture)`,
    );
    console.log(
      'containers | local   | ssh fwd | fwd/local | fwd channels | ssh dial-stdio | dial/local | dial channels | connect fwd | manual local | manual ssh',
    );
    for (const n of sizes) {
      await buildLab(n);
      const [local, fwd, dial] = (await measureAll([
        () => connect('local'),
        sshOpen(forward),
        sshOpen(dialStdio),
      ])) as [Measured, Measured, Measured];
      const manual = await timeIt(() => execFileSync('sh', ['-c', MANUAL_SCRIPT]));
      const manualRemote = await timeIt(() =>
        execFileSync('ssh', [...sshArgs, 'sh', '-s'], { input: MANUAL_SCRIPT }),
      );
      const ch = (m: Measured) => `${m.execs} + ${m.dockerChannels} (${m.againChannels})`;
      console.log(
        [
          String(n).padStart(10),
          f(local.captureMs).padStart(7),
          f(fwd.captureMs).padStart(7),
          ratio(fwd.captureMs, local.captureMs).padStart(9),
          ch(fwd).padStart(12),
          f(dial.captureMs).padStart(14),
          ratio(dial.captureMs, local.captureMs).padStart(10),
          ch(dial).padStart(13),
          f(fwd.connectMs).padStart(11),
          f(manual).padStart(12),
          f(manualRemote).padStart(10),
        ].join(' | '),
      );
    }
  } finally {
    cleanupPrefix(PREFIX);
    await forward.dispose();
    await dialStdio.dispose();
  }
}

await main();
