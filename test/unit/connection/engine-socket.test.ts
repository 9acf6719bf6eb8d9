// The engine socket an SSH host is reached on when the target names none: the probe script run for
// real (here, in folders the test makes, with a real listening socket), and the choice made from what
// it printed: DOCKER_HOST, then the Docker context, then the default socket, then the user's rootless one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLocal } from '../../../src/connection/local.js';
import { remoteDockerError } from '../../../src/connection/ssh/docker-errors.js';
import {
  chooseEngineSocket,
  engineProbeArgv,
  parseEngineProbe,
  type EngineProbe,
} from '../../../src/connection/ssh/engine-socket.js';

const NONCE = '0123456789abcdef';

let dir: string;
let server: Server;

async function probe(env: string[]): Promise<EngineProbe> {
  const result = await runLocal([
    'env',
    '-u',
    'DOCKER_HOST',
    '-u',
    'DOCKER_CONTEXT',
    '-u',
    'DOCKER_CONFIG',
    `HOME=${dir}/home`,
    `XDG_RUNTIME_DIR=${dir}/run`,
    ...env,
    ...engineProbeArgv(NONCE),
  ]);
  expect(result.code).toBe(0);
  return parseEngineProbe(result.stdout, NONCE);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nl-engine-'));
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'home'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'run', 'docker.sock'), resolve));
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the engine probe on a host', () => {
  it('reads the uid, the default socket and the rootless socket in the runtime folder', async () => {
    const p = await probe([]);
    expect(p).toMatchObject({
      complete: true,
      uid: process.getuid?.(),
      dockerHost: '',
      runtimeSocket: { path: `${dir}/run/docker.sock`, state: 'ok' },
      currentContext: null,
    });
    expect(['ok', 'missing', 'denied']).toContain(p.defaultSocket);
  });

  it('a default socket the user cannot use gives way to its rootless one; a usable default stays', async () => {
    const p = await probe([]);
    expect(chooseEngineSocket({ ...p, defaultSocket: 'denied' })).toEqual({
      socketPath: `${dir}/run/docker.sock`,
      from: 'rootless',
      rootlessSeen: null,
    });
    expect(chooseEngineSocket({ ...p, defaultSocket: 'missing' }).from).toBe('rootless');
    // The user's docker would use the default: so does Netlens, and an error will name the other.
    expect(chooseEngineSocket({ ...p, defaultSocket: 'ok' })).toEqual({
      socketPath: '/var/run/docker.sock',
      from: 'default',
      rootlessSeen: `${dir}/run/docker.sock`,
    });
    // A rootless socket that is not the user's to open is not chosen, but still named.
    const denied = {
      ...p,
      defaultSocket: 'missing' as const,
      runtimeSocket: { ...p.runtimeSocket, state: 'denied' as const },
    };
    expect(chooseEngineSocket(denied)).toMatchObject({
      from: 'default',
      rootlessSeen: `${dir}/run/docker.sock`,
    });
  });

  it('without XDG_RUNTIME_DIR looks in /run/user/<uid>', async () => {
    const result = await runLocal(['env', '-u', 'XDG_RUNTIME_DIR', ...engineProbeArgv(NONCE)]);
    const p = parseEngineProbe(result.stdout, NONCE);
    expect(p.runtimeSocket.path).toBe(`/run/user/${process.getuid?.() ?? ''}/docker.sock`);
  });

  it('DOCKER_HOST wins when it is a Unix socket (over SSH only those can be forwarded)', async () => {
    const p = await probe(['DOCKER_HOST=unix:///srv/engine/docker.sock']);
    expect(chooseEngineSocket({ ...p, defaultSocket: 'denied' })).toMatchObject({
      socketPath: '/srv/engine/docker.sock',
      from: 'DOCKER_HOST',
    });
    const tcp = await probe(['DOCKER_HOST=tcp://10.0.0.1:2375']);
    expect(chooseEngineSocket({ ...tcp, defaultSocket: 'denied' }).from).toBe('rootless');
    const hostile = await probe(['DOCKER_HOST=unix:///a b/$(reboot)']);
    expect(chooseEngineSocket({ ...hostile, defaultSocket: 'ok' }).from).toBe('default');
  });

  it("the current Docker context (config.json, or DOCKER_CONTEXT) names the socket as for the user's docker", async () => {
    mkdirSync(join(dir, 'home/.docker/contexts/meta/abc'), { recursive: true });
    mkdirSync(join(dir, 'home/.docker/contexts/meta/def'), { recursive: true });
    writeFileSync(join(dir, 'home/.docker/config.json'), JSON.stringify({ currentContext: 'rootless' }));
    const meta = (name: string, host: string) =>
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      });
    writeFileSync(
      join(dir, 'home/.docker/contexts/meta/abc/meta.json'),
      meta('rootless', 'unix:///run/user/7/docker.sock'),
    );
    writeFileSync(
      join(dir, 'home/.docker/contexts/meta/def/meta.json'),
      meta('podman', 'unix:///run/podman/podman.sock'),
    );
    const p = await probe([]);
    expect(p.currentContext).toBe('rootless');
    expect(chooseEngineSocket(p)).toMatchObject({
      socketPath: '/run/user/7/docker.sock',
      from: 'context rootless',
    });
    const other = await probe(['DOCKER_CONTEXT=podman']);
    expect(chooseEngineSocket(other)).toMatchObject({
      socketPath: '/run/podman/podman.sock',
      from: 'context podman',
    });
    // A broken config is ignored, not fatal.
    writeFileSync(join(dir, 'home/.docker/config.json'), '{ not json');
    expect(chooseEngineSocket({ ...(await probe([])), defaultSocket: 'ok' }).from).toBe('default');
  });

  it('an error about the default socket names the rootless one and the exact flag to pass', () => {
    const error = remoteDockerError(new Error('open failed'), {
      where: 'alice@box',
      user: 'alice',
      socketPath: '/var/run/docker.sock',
      mode: 'forward',
      reason: 'open failed',
      diagnosis: { socket: 'denied', cli: true },
      rootlessSeen: '/run/user/1001/docker.sock',
    });
    expect(error.code).toBe('permission-denied');
    expect(error.message).toMatch(/may not open the Docker socket \/var\/run\/docker\.sock/);
    expect(error.message).toContain(
      'alice also has a rootless Docker socket at /run/user/1001/docker.sock: to use it, pass --docker-host unix:///run/user/1001/docker.sock',
    );
  });
});
