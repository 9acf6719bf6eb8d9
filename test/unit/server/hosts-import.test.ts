// Import of hosts described elsewhere (#10 item 5): ~/.ssh/config Host aliases and Docker contexts with
// ssh:// endpoints, read from real files in a temporary HOME. A context's meta.json is hostile input:
// size-limited, a regular file only, a strict schema, a name Docker itself would accept, an endpoint
// of the one target grammar; each one passed over is named.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/server/backend.js';
import type { Backend } from '../../../src/server/backend.js';
import { dispatch } from '../../../src/server/handler-wrap.js';
import { CONTEXT_META_MAX_BYTES, readDockerContexts } from '../../../src/server/hosts-import.js';
import { fakeDeps } from './fakes.js';

let dir: string;
let home: string;
const backends: Backend[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nlw-import-'));
  home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
});
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

function start() {
  const backend = createBackend(
    fakeDeps(join(dir, 'data', 'hosts.json'), { targetOptions: { homedir: home, localUser: 'tester' } }),
  );
  backends.push(backend);
  return (name: string, args: unknown = {}) => dispatch(backend.handlers, name, args);
}

/** A context folder as Docker writes it: named by the SHA-256 of the context's name. */
function context(
  name: string,
  body: unknown,
  folder = createHash('sha256').update(name).digest('hex'),
): string {
  const path = join(home, '.docker', 'contexts', 'meta', folder);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'meta.json'), typeof body === 'string' ? body : JSON.stringify(body));
  return join(path, 'meta.json');
}
const meta = (name: string, host: string, extra: Record<string, unknown> = {}) => ({
  Name: name,
  Metadata: { Description: 'from a test' },
  Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
  ...extra,
});

describe('import from ~/.ssh/config', () => {
  it('offers the non-wildcard aliases that parse, says which were passed over, and marks saved ones', async () => {
    writeFileSync(
      join(home, '.ssh', 'config'),
      [
        'Host web db',
        '  User ops',
        'Host *.internal !secret',
        '  User nobody',
        'Host broken',
        '  HostName -oProxyCommand=x',
        'Host bastion?',
        'Match host web',
        '  Port 2222',
        'Host local',
        '',
      ].join('\n'),
    );
    const call = start();
    await call('hosts:add', { target: 'db' });
    const result = await call('hosts:import', { source: 'ssh-config' });
    expect(result).toMatchObject({ ok: true });
    const { candidates, skipped } = (result as { result: { candidates: unknown[]; skipped: string[] } })
      .result;
    expect(candidates).toEqual([
      { source: 'web', settings: { target: 'web', label: 'web' }, id: 'web', saved: false },
      { source: 'db', settings: { target: 'db', label: 'db' }, id: 'db', saved: true },
    ]);
    expect(skipped).toEqual([expect.stringMatching(/^Host "broken": .*HostName "-oProxyCommand=x"/)]);
  });

  it('a missing config is nothing to import, not an error', async () => {
    expect(await start()('hosts:import', { source: 'ssh-config' })).toEqual({
      ok: true,
      result: { candidates: [], skipped: [] },
    });
  });
});

describe('import from Docker contexts', () => {
  it('offers ssh:// contexts, ignores other endpoints, and names every hostile file it passed over', async () => {
    context('lab', meta('lab', 'ssh://ops@127.0.0.1:2222'));
    context('plain', meta('plain', 'ssh://box.example'));
    context('local-engine', meta('local-engine', 'unix:///var/run/docker.sock'));
    const huge = context(
      'huge',
      meta('huge', 'ssh://x', { Metadata: { pad: 'x'.repeat(CONTEXT_META_MAX_BYTES) } }),
    );
    const notJson = context('garbage', '{"Name": "garbage", ');
    const extra = context('extra', meta('extra', 'ssh://a@b', { Storage: { tls: '/x' } }));
    context('\u202eevil\n', meta('\u202eevil\n', 'ssh://a@b'));
    context('option', meta('option', 'ssh://-oProxyCommand=touch%20x'));
    context('shell', meta('shell', 'ssh://a@b;rm -rf ~'));
    // A meta.json that is a symlink (to a file elsewhere) is not followed.
    const elsewhere = join(dir, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify(meta('linked', 'ssh://linked@host')));
    mkdirSync(join(home, '.docker', 'contexts', 'meta', 'linked'), { recursive: true });
    const link = join(home, '.docker', 'contexts', 'meta', 'linked', 'meta.json');
    symlinkSync(elsewhere, link);

    const { found, skipped } = await readDockerContexts({ homedir: home, env: {} });
    expect(found.map((item) => item.settings).sort((a, b) => a.target.localeCompare(b.target))).toEqual([
      { target: 'ssh://box.example', label: 'plain' },
      { target: 'ssh://ops@127.0.0.1:2222', label: 'lab' },
    ]);
    const text = skipped.join('\n');
    expect(text).toContain(`${huge} is larger than ${CONTEXT_META_MAX_BYTES} bytes`);
    expect(text).toContain(`${notJson} could not be read`);
    expect(text).toContain(`${extra} is not a Docker context`);
    expect(text).toContain(`${link} is not a regular file`);
    expect(text).toMatch(/the context named "\?evil\?" in .* has a name Docker would refuse/);
    expect(text).toMatch(/context option: invalid host .*may not start with "-"/);
    expect(text).toMatch(/context shell: invalid host .*contains spaces/);
    // Nothing from a file reaches the report unescaped.
    expect(text).not.toMatch(/[\u202e\n]evil/);
    expect(skipped).toHaveLength(7);
  });

  it('follows DOCKER_CONFIG, and the back end marks what is saved', async () => {
    const config = join(dir, 'docker-config');
    mkdirSync(join(config, 'contexts', 'meta', 'a'), { recursive: true });
    writeFileSync(
      join(config, 'contexts', 'meta', 'a', 'meta.json'),
      JSON.stringify(meta('remote', 'ssh://me@10.1.2.3')),
    );
    expect((await readDockerContexts({ homedir: home, env: { DOCKER_CONFIG: config } })).found).toEqual([
      { source: 'remote', settings: { target: 'ssh://me@10.1.2.3', label: 'remote' } },
    ]);
    context('remote', meta('remote', 'ssh://me@10.1.2.3'));
    const call = start();
    await call('hosts:add', { target: 'ssh://me@10.1.2.3' });
    expect(await call('hosts:import', { source: 'docker-contexts' })).toEqual({
      ok: true,
      result: {
        candidates: [
          {
            source: 'remote',
            settings: { target: 'ssh://me@10.1.2.3', label: 'remote' },
            id: 'ssh://me@10.1.2.3',
            saved: true,
          },
        ],
        skipped: [],
      },
    });
  });
});
