// The real lab of the packet-path integration test: every case of issue 12 on this machine's dockerd,
// plus an "outside" network namespace behind a veth, and probes run inside the lab's own namespaces
// (nsenter + the host's busybox; node's dgram for UDP, which the busybox nc here lacks).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cleanupPrefix, docker, ensureTestImage, waitFor } from './lab.js';

export const PREFIX = 'nlp-';
export const OUTSIDE_NS = 'nlp-out';
/** The host end of the veth to the outside namespace, and the outside client. */
export const HOST_OUT = '10.239.9.1';
export const CLIENT = '10.239.9.2';
export const MAC_PARENT = 'nlp-vp0';
export const PORTS = { web: 28181, webLoopback: 28182, dns: 28153, hostc: 28190 } as const;

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8' });
const quiet = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' });

const HTTPD = ['sh', '-c', 'echo ok > /www/index.html && exec httpd -f -p 80 -h /www'];

function start(name: string, args: string[], command: string[] = HTTPD): void {
  docker('run', '-d', '--name', `${PREFIX}${name}`, ...args, ensureTestImage(), ...command);
}

export function createPathLab(): void {
  removePathLab();
  ensureTestImage();
  docker('network', 'create', '--subnet', '10.239.1.0/24', `${PREFIX}app`);
  docker('network', 'create', '--subnet', '10.239.2.0/24', `${PREFIX}db`);
  docker('network', 'create', '--internal', '--subnet', '10.239.3.0/24', `${PREFIX}int`);
  run('ip', 'link', 'add', MAC_PARENT, 'type', 'veth', 'peer', 'name', 'nlp-vp1');
  run('ip', 'addr', 'add', '10.239.5.1/24', 'dev', MAC_PARENT);
  run('ip', 'link', 'set', MAC_PARENT, 'up');
  run('ip', 'link', 'set', 'nlp-vp1', 'up');
  docker(
    'network',
    'create',
    '-d',
    'macvlan',
    '--subnet',
    '10.239.5.0/24',
    '--gateway',
    '10.239.5.254',
    '-o',
    `parent=${MAC_PARENT}`,
    `${PREFIX}mac`,
  );
  run('ip', 'netns', 'add', OUTSIDE_NS);
  run('ip', 'link', 'add', 'nlp-o0', 'type', 'veth', 'peer', 'name', 'nlp-o1', 'netns', OUTSIDE_NS);
  run('ip', 'addr', 'add', `${HOST_OUT}/24`, 'dev', 'nlp-o0');
  run('ip', 'link', 'set', 'nlp-o0', 'up');
  for (const args of [
    ['addr', 'add', `${CLIENT}/24`, 'dev', 'nlp-o1'],
    ['link', 'set', 'nlp-o1', 'up'],
    ['link', 'set', 'lo', 'up'],
    ['route', 'add', 'default', 'via', HOST_OUT],
  ])
    run('ip', '-n', OUTSIDE_NS, ...args);

  start('web', [
    '--network',
    `${PREFIX}app`,
    '-p',
    `${PORTS.web}:80`,
    '-p',
    `127.0.0.1:${PORTS.webLoopback}:80`,
  ]);
  start('api', ['--network', `${PREFIX}app`]);
  start('db', ['--network', `${PREFIX}db`]);
  start('vault', ['--network', `${PREFIX}int`]);
  start('dns', ['-p', `127.0.0.1:${PORTS.dns}:53/udp`], ['sleep', '3600']);
  start('side', ['--network', `container:${PREFIX}web`], ['sleep', '3600']);
  start(
    'hostc',
    ['--network', 'host'],
    ['sh', '-c', `echo ok > /www/index.html && exec httpd -f -p ${PORTS.hostc} -h /www`],
  );
  start('none', ['--network', 'none'], ['sleep', '3600']);
  start('m1', ['--network', `${PREFIX}mac`, '--ip', '10.239.5.10'], ['sleep', '3600']);
  start('m2', ['--network', `${PREFIX}mac`, '--ip', '10.239.5.11'], ['sleep', '3600']);
}

export function removePathLab(): void {
  cleanupPrefix(PREFIX);
  quiet('ip', 'netns', 'del', OUTSIDE_NS);
  for (const link of [MAC_PARENT, 'nlp-o0']) quiet('ip', 'link', 'del', link);
}

export const pidOf = (name: string) => docker('inspect', '-f', '{{.State.Pid}}', `${PREFIX}${name}`);
export const ipOf = (name: string, network: string) =>
  docker(
    'inspect',
    '-f',
    `{{(index .NetworkSettings.Networks "${PREFIX}${network}").IPAddress}}`,
    `${PREFIX}${name}`,
  );

/** nsenter arguments for a probe from a lab container, the host, or the outside namespace. */
function where(from: string): string[] {
  if (from === 'host') return [];
  if (from === 'outside') return ['nsenter', `--net=/var/run/netns/${OUTSIDE_NS}`];
  return ['nsenter', '-t', pidOf(from), '-n'];
}

function probe(from: string, argv: string[], input = ''): { ok: boolean; out: string } {
  const full = [...where(from), ...argv];
  const r = spawnSync(full[0] ?? '', full.slice(1), { input, encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

/**
 * An HTTP GET over busybox nc, delivered when the lab's httpd answers with its page: a docker-proxy
 * accepts a connection even when it cannot reach the container, so a connect alone proves nothing.
 * (busybox wget -T crashes in Debian's build.)
 */
export const tcpProbe = (from: string, address: string, port: number) =>
  /\r?\n\r?\nok\b/.test(
    probe(from, ['busybox', 'nc', '-w', '3', address, String(port)], 'GET / HTTP/1.0\r\n\r\n').out,
  );

export const pingProbe = (from: string, address: string) =>
  probe(from, ['busybox', 'ping', '-c', '1', '-W', '2', address]).ok;

/**
 * A UDP datagram from the host to `address:port`, delivered when a receiver inside the container's
 * namespace (node's dgram, started with nsenter) prints it before the deadline.
 */
export async function udpProbe(
  container: string,
  containerPort: number,
  address: string,
  port: number,
): Promise<boolean> {
  const token = `nlp-${Date.now()}`;
  const receiver = spawn(
    'nsenter',
    [
      '-t',
      pidOf(container),
      '-n',
      process.execPath,
      '-e',
      `const s=require('dgram').createSocket('udp4');s.on('message',m=>{console.log(String(m));process.exit(0)});s.bind(${containerPort},()=>console.log('ready'))`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  receiver.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(() => out.includes('ready'), 10_000, 'the UDP receiver');
    const { createSocket } = await import('node:dgram');
    const sock = createSocket('udp4');
    // A few datagrams: the first may race docker-proxy's dial to the container.
    const send = () => sock.send(token, port, address);
    send();
    const got = await waitFor(
      () => (out.includes(token) ? true : (send(), false)),
      5_000,
      'the datagram',
    ).catch(() => false);
    sock.close();
    return got;
  } finally {
    receiver.kill();
  }
}
