// A rootful Podman of the test's own: `podman system service` on a private socket, with its own storage
// (--root/--runroot) and network folder, so nothing is shared with any other Podman user of the
// machine. Its netavark rules go to the host's nat table, hence tests using it take the docker lock.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './lab.js';

export const PODMAN_IMAGE = 'localhost/netlens-test/busybox:latest';

/** Whether podman is installed; in CI its absence is a failure, not a skip. */
export function podmanAvailable(): boolean {
  try {
    execFileSync('podman', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI: podman is not installed (apt-get install podman)');
    return false;
  }
}

export interface PodmanLab {
  socket: string;
  dockerHost: string;
  /** podman with the lab's storage and network folder: run(['run', …]). */
  run(args: string[]): string;
  stop(): Promise<void>;
}

// `podman run` here needs small ulimits (the defaults exceed what this VM's runtime allows).
export const PODMAN_RUN_LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

/** Netavark keeps its base chains (and their jumps) after its last network is gone: the lab removes them. */
const NETAVARK_BASE: { table: string; jumps: string[][]; chains: string[] }[] = [
  {
    table: 'nat',
    jumps: [
      ['PREROUTING', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'NETAVARK-HOSTPORT-DNAT'],
      ['OUTPUT', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'NETAVARK-HOSTPORT-DNAT'],
      ['POSTROUTING', '-j', 'NETAVARK-HOSTPORT-MASQ'],
    ],
    chains: ['NETAVARK-HOSTPORT-DNAT', 'NETAVARK-HOSTPORT-MASQ', 'NETAVARK-HOSTPORT-SETMARK'],
  },
  {
    table: 'filter',
    jumps: [
      ['FORWARD', '-m', 'comment', '--comment', 'netavark firewall plugin rules', '-j', 'NETAVARK_FORWARD'],
    ],
    chains: ['NETAVARK_FORWARD'],
  },
];

const hasNetavarkChains = () => /^:NETAVARK/m.test(execFileSync('iptables-save', { encoding: 'utf8' }));

function removeNetavarkBase(): void {
  const iptables = (args: string[]) => {
    try {
      execFileSync('iptables', args, { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  for (const { table, jumps, chains } of NETAVARK_BASE) {
    for (const jump of jumps) iptables(['-t', table, '-D', ...jump]);
    for (const chain of chains) iptables(['-t', table, '-F', chain]);
    for (const chain of chains) iptables(['-t', table, '-X', chain]);
  }
  try {
    execFileSync('ip', ['link', 'del', 'podman0'], { stdio: 'ignore' });
  } catch {
    // netavark removed it, or another Podman still uses it
  }
}

export async function startPodmanLab(prefix: string): Promise<PodmanLab> {
  // Only what the lab itself brought is taken away again: not a Podman set-up that was there before.
  const hadNetavark = hasNetavarkChains();
  const dir = mkdtempSync(`/tmp/${prefix}-`);
  const socket = join(dir, 'podman.sock');
  const netDir = join(dir, 'networks');
  mkdirSync(netDir);
  const global = [
    '--root',
    join(dir, 'root'),
    '--runroot',
    join(dir, 'runroot'),
    '--network-config-dir',
    netDir,
    '--network-backend',
    'netavark',
  ];
  const run = (args: string[]): string =>
    execFileSync('podman', [...global, ...args], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim();
  const service: ChildProcess = spawn(
    'podman',
    [...global, 'system', 'service', '--time=0', `unix://${socket}`],
    {
      stdio: 'ignore',
    },
  );
  await waitFor(() => existsSync(socket), 20_000, 'the podman API socket');
  const root = join(dir, 'rootfs');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
  for (const applet of ['sh', 'sleep', 'httpd', 'nc', 'ip'])
    symlinkSync('busybox', join(root, 'bin', applet));
  const tar = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('podman', [...global, 'import', '-c', 'CMD ["/bin/sh"]', '-', PODMAN_IMAGE], {
    input: tar,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return {
    socket,
    dockerHost: `unix://${socket}`,
    run,
    async stop() {
      try {
        run(['rm', '-f', '-t', '0', '-a']);
        for (const name of run(['network', 'ls', '--format', '{{.Name}}']).split('\n'))
          if (name.startsWith(prefix)) run(['network', 'rm', '-f', name]);
        run(['rmi', '-a', '-f']);
      } finally {
        service.kill('SIGTERM');
        await waitFor(
          () => service.exitCode !== null || service.signalCode !== null,
          10_000,
          'podman service exit',
        );
        // Podman leaves its storage mounted (overlay, shm) until told otherwise.
        try {
          run(['system', 'reset', '-f']);
        } catch {
          // already gone with the containers
        }
        rmSync(dir, { recursive: true, force: true });
        if (!hadNetavark) removeNetavarkBase();
      }
    },
  };
}
