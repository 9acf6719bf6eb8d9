// Helpers shared by the SSH integration suites: connection options for the harness sshd, and
// ways to observe what a connection leaves behind (TCP connections, handles).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ConnectOptions } from '../../src/connection/connect.js';
import { ConnectionError } from '../../src/connection/types.js';
import type { Connection } from '../../src/connection/types.js';
import type { Sshd } from './sshd.js';

/** An empty home keeps this machine's own ~/.ssh (config, default keys) out of the tests. */
export const emptyHome = mkdtempSync(join(tmpdir(), 'nls-ssh-home-'));

export function options(sshd: Sshd, extra: ConnectOptions = {}): ConnectOptions {
  return {
    identityFile: sshd.identityFile,
    knownHostsPath: sshd.knownHostsFile,
    agentSocket: null,
    homedir: emptyHome,
    ...extra,
  };
}

export const url = (sshd: Sshd) => `ssh://root@127.0.0.1:${sshd.port}`;

export async function refusal(promise: Promise<unknown>): Promise<ConnectionError> {
  try {
    const conn = (await promise) as Connection;
    await conn.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).not.toMatch(/\n/);
    return error as ConnectionError;
  }
  throw new Error('the connection was expected to fail');
}

/** Established client-side TCP connections to the sshd port, as the kernel sees them. */
export function tcpConnectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

export const tcpHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
