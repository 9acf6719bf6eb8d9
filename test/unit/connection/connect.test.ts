import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, localDockerError } from '../../../src/connection/connect.js';
import { lostConnection, mapConnectError } from '../../../src/connection/ssh/errors.js';
import { ConnectionError } from '../../../src/connection/types.js';

const dir = mkdtempSync(join(tmpdir(), 'nls-connect-'));

async function failure(promise: Promise<unknown>): Promise<ConnectionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).not.toMatch(/\n/);
    return error as ConnectionError;
  }
  throw new Error('expected a failure');
}

describe('connect (local)', () => {
  it('says there is no Docker socket when the path does not exist', async () => {
    const env = { DOCKER_HOST: `unix://${join(dir, 'absent.sock')}` };
    const error = await failure(connect('local', { env }));
    expect(error.code).toBe('docker-unavailable');
    expect(error.message).toMatch(/no Docker socket at .*absent\.sock: start Docker/);
  });

  it('says dockerd is not running when the socket refuses', async () => {
    // A listener killed without cleanup leaves a socket file nobody listens on: ECONNREFUSED.
    const path = join(dir, 'stale.sock');
    const child = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(path)).toBe(true);
    const error = await failure(connect('local', { env: { DOCKER_HOST: `unix://${path}` } }));
    expect(error.code).toBe('docker-unavailable');
    expect(error.message).toMatch(/dockerd is not running/);
  });

  it('refuses a bad target before connecting', async () => {
    const error = await failure(connect('-oProxyCommand=x'));
    expect(error.code).toBe('bad-target');
  });

  it('maps permission problems to permission-denied', () => {
    const error = localDockerError(Object.assign(new Error('x'), { code: 'EACCES' }), {
      DOCKER_HOST: 'unix:///s',
    });
    expect(error.code).toBe('permission-denied');
    expect(error.message).toMatch(/docker" group/);
  });
});

describe('ssh error mapping', () => {
  const summary = () => 'tried /k';
  it.each([
    [{ code: 'ENOTFOUND' }, 'unreachable', /cannot resolve/],
    [{ code: 'ECONNREFUSED' }, 'unreachable', /refused the SSH connection/],
    [{ code: 'EHOSTUNREACH' }, 'unreachable', /no route/],
    [
      { level: 'client-timeout', message: 'Timed out while waiting for handshake' },
      'unreachable',
      /did not answer/,
    ],
    [
      { level: 'client-authentication', message: 'All configured authentication methods failed' },
      'auth-failed',
      /refused every key \(tried \/k\).*--identity/,
    ],
    [{ code: 'ECONNRESET' }, 'unreachable', /closed the connection during the SSH handshake/],
  ])('%o → %s', (raw, code, message) => {
    const error = mapConnectError(
      Object.assign(new Error((raw as { message?: string }).message ?? 'x'), raw),
      'u@h:2',
      summary,
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
  });

  it('keeps a ConnectionError and explains a lost link', () => {
    const known = new ConnectionError('host-key-changed', 'x');
    expect(mapConnectError(known, 'u@h', summary)).toBe(known);
    expect(
      lostConnection('u@h', Object.assign(new Error('Keepalive timeout'), { level: 'client-timeout' }))
        .message,
    ).toMatch(/lost \(no answer to SSH keepalives\)/);
  });
});
