// The scenario of the capture tests: every network mode and publish form the issue names.
import { execFileSync } from 'node:child_process';
import { cleanupPrefix, docker, ensureTestImage } from './lab.js';

export const PREFIX = 'nlc-';
export const MACVLAN_PARENT = 'nlc-vp0';
/** Interface names a shell would execute if they ever reached one (each ≤ 15 bytes). */
export const HOSTILE_IFNAMES = ['$(touch${IFS}q)', ';touch${IFS}q'] as const;
export const HOSTILE_NETWORK = 'nlc-x;$(touch q)`touch q`';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

function run(name: string, ...args: string[]): void {
  const image = ensureTestImage();
  docker('run', '-d', '--name', name, ...args, image, 'sleep', '3600');
}

export function createCaptureLab(): void {
  removeCaptureLab();
  ensureTestImage();
  docker('network', 'create', '--subnet', '10.231.1.0/24', 'nlc-app');
  docker('network', 'create', '--subnet', '10.231.2.0/24', 'nlc-db');
  docker('network', 'create', '--internal', '--subnet', '10.231.3.0/24', 'nlc-int');
  docker(
    'network',
    'create',
    '--subnet',
    '10.231.4.0/24',
    '-o',
    'com.docker.network.bridge.name=nlc-br0',
    'nlc-custom',
  );
  docker('network', 'create', '--subnet', '10.231.6.0/24', HOSTILE_NETWORK);
  ip('link', 'add', MACVLAN_PARENT, 'type', 'veth', 'peer', 'name', 'nlc-vp1');
  ip('link', 'set', MACVLAN_PARENT, 'up');
  docker(
    'network',
    'create',
    '-d',
    'macvlan',
    '--subnet',
    '10.231.5.0/24',
    '-o',
    `parent=${MACVLAN_PARENT}`,
    'nlc-mac',
  );
  ip('link', 'add', HOSTILE_IFNAMES[0], 'type', 'veth', 'peer', 'name', HOSTILE_IFNAMES[1]);

  run('nlc-web', '--network', 'nlc-app', '-p', '28080:80');
  run('nlc-db', '--network', 'nlc-db');
  docker('network', 'connect', 'nlc-app', 'nlc-db');
  run('nlc-udp', '-p', '127.0.0.1:28053:53/udp');
  run('nlc-range', '-p', '28100-28101:9000-9001');
  run('nlc-side', '--network', 'container:nlc-web');
  run('nlc-host', '--network', 'host');
  run('nlc-none', '--network', 'none');
  run('nlc-int1', '--network', 'nlc-int');
  run('nlc-cust', '--network', 'nlc-custom');
  run('nlc-mac1', '--network', 'nlc-mac');
  run(
    'nlc-evil',
    '--network',
    HOSTILE_NETWORK,
    '--label',
    'com.docker.compose.project=$(touch q)',
    '--label',
    'com.docker.compose.service=;touch q',
  );
  docker('create', '--name', 'nlc-stopped', ensureTestImage(), 'sleep', '1');
}

export function removeCaptureLab(): void {
  cleanupPrefix(PREFIX);
  try {
    docker('network', 'rm', HOSTILE_NETWORK);
  } catch {
    // not there
  }
  for (const name of [MACVLAN_PARENT, HOSTILE_IFNAMES[0]]) {
    try {
      ip('link', 'del', name);
    } catch {
      // not there
    }
  }
}
