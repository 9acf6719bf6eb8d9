// Makes the demo snapshot the app opens when no Docker host is reachable: a small Compose-style shop
// (proxy publishing 8080:80, api on two networks, a worker sharing api's namespace, db on an internal
// network) started on this machine's Docker, captured with `netlens snapshot`, narrowed to the shop
// (scope.ts) and redacted with the project's own redaction, keeping only the shop's made-up names.
// Run (root, under the docker lock, after `npm run build`):
//   flock /tmp/netlens-docker.lock node --import tsx test/support/demo/make-demo.ts
// It writes renderer/src/demo/demo-snapshot.json and removes everything it started.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Snapshot } from '../../../src/model/snapshot.js';
import { newRedactionKey, redactSnapshot } from '../../../src/redact/index.js';
import { cleanupPrefix, docker, ensureTestImage } from '../lab.js';
import { scopeSnapshot } from './scope.js';

const PROJECT = 'demo-shop';
const OUT = resolve(import.meta.dirname, '../../../renderer/src/demo/demo-snapshot.json');
const SERVICES = ['proxy', 'api', 'worker', 'db'] as const;
const image = (service: string) => `${PROJECT}/${service}:1.0`;
const container = (service: string) => `${PROJECT}-${service}-1`;
const network = (name: string) => `${PROJECT}_${name}`;
const compose = (service: string) => [
  '--label',
  `com.docker.compose.project=${PROJECT}`,
  '--label',
  `com.docker.compose.service=${service}`,
  '--label',
  'com.docker.compose.container-number=1',
];

function start(): void {
  const base = ensureTestImage();
  for (const s of SERVICES) docker('tag', base, image(s));
  for (const [name, internal] of [
    ['front', false],
    ['back', true],
  ] as const)
    docker(
      'network',
      'create',
      '--label',
      `com.docker.compose.project=${PROJECT}`,
      '--label',
      `com.docker.compose.network=${name}`,
      ...(internal ? ['--internal'] : []),
      network(name),
    );
  const run = (service: string, args: string[], cmd: string[]) =>
    docker('run', '-d', '--name', container(service), ...compose(service), ...args, image(service), ...cmd);
  run('proxy', ['--network', network('front'), '-p', '8080:80'], ['httpd', '-f', '-p', '80']);
  run('api', ['--network', network('front'), '--network-alias', 'api'], ['sleep', '86400']);
  docker('network', 'connect', '--alias', 'api', network('back'), container('api'));
  run('worker', ['--network', `container:${container('api')}`], ['sleep', '86400']);
  run('db', ['--network', network('back'), '--network-alias', 'db'], ['sleep', '86400']);
}

function stop(): void {
  cleanupPrefix(PROJECT);
  for (const s of SERVICES) {
    try {
      docker('rmi', image(s));
    } catch {
      // not tagged
    }
  }
}

function main(): void {
  stop();
  const dir = mkdtempSync(join(tmpdir(), 'netlens-demo-'));
  try {
    start();
    const raw = join(dir, 'capture.json');
    execFileSync('node', [resolve(import.meta.dirname, '../../../bin/netlens.js'), 'snapshot', '-o', raw], {
      stdio: 'inherit',
    });
    const captured = Snapshot.parse(JSON.parse(readFileSync(raw, 'utf8')));
    const names = SERVICES.map(container);
    const scoped = scopeSnapshot(
      captured,
      new Set(names),
      new Set([network('front'), network('back'), 'bridge', 'host', 'none']),
    );
    // The shop's names were made up for the demo: public. Everything else (host name, addresses, MACs,
    // ids) goes through the redaction.
    const demo = redactSnapshot(scoped, newRedactionKey(), {
      keepNames: [
        PROJECT,
        ...SERVICES,
        ...names,
        ...SERVICES.map(image),
        network('front'),
        network('back'),
        'api',
        'db',
      ],
    });
    writeFileSync(OUT, `${JSON.stringify(demo)}\n`);
    console.log(
      `demo: ${demo.containers.length} containers, ${demo.networks.length} networks, ${demo.interfaces.length} interfaces, ${demo.firewall.rules.length} rules → ${OUT}`,
    );
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
