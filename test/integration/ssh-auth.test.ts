// Authentication as OpenSSH does it, against a real sshd and a real ssh-agent: a stale SSH_AUTH_SOCK
// falls through to the key files, the handshake deadline stands still while a passphrase prompt
// waits for a person, and a key the agent holds is used through the agent, never prompted for.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import { options, url } from '../support/ssh-client.js';
import { startSshAgent } from '../support/ssh-agent.js';
import { keygen, sshdSkipReason, startSshd } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const skip = sshdSkipReason();

describe.skipIf(skip)('SSH authentication', () => {
  let sshd: Sshd;
  const scratch = mkdtempSync(join(tmpdir(), 'nls-auth-it-'));
  const locked = join(scratch, 'locked');
  const PASSPHRASE = 'slow typist';
  beforeAll(async () => {
    sshd = await startSshd();
    sshd.authorize(keygen(locked, 'ed25519', PASSPHRASE));
  });
  afterAll(async () => {
    await sshd?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('falls through a stale or missing SSH_AUTH_SOCK to the default key, as OpenSSH does', async () => {
    // A home whose ~/.ssh/id_ed25519 is the key sshd accepts, and no key named.
    const home = join(scratch, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    copyFileSync(sshd.identityFile, join(home, '.ssh', 'id_ed25519'));
    const agent = await startSshAgent();
    await agent.kill();
    try {
      for (const socket of [agent.socket, join(scratch, 'gone.sock')]) {
        const logins = sshd.acceptedLogins();
        const conn = await connect(
          url(sshd),
          options(sshd, {
            identityFile: undefined,
            agentSocket: socket,
            homedir: home,
            requireDocker: false,
          }),
        );
        expect((await conn.exec(['echo', 'in'])).stdout).toBe('in\n');
        await conn.close();
        expect(sshd.acceptedLogins() - logins).toBe(1);
      }
    } finally {
      await agent.dispose();
    }
  });

  it('pauses the handshake deadline while the passphrase prompt waits for a person', async () => {
    // Long enough for a loaded machine to do the rest of the handshake within it.
    const readyTimeoutMs = 2_000;
    let answeredAfter = 0;
    const conn = await connect(
      url(sshd),
      options(sshd, {
        identityFile: locked,
        requireDocker: false,
        readyTimeoutMs,
        // The person takes longer than the whole deadline to type: it must not run meanwhile.
        askPassphrase: async () => {
          const t0 = Date.now();
          await new Promise((resolve) => setTimeout(resolve, readyTimeoutMs + 500));
          answeredAfter = Date.now() - t0;
          return PASSPHRASE;
        },
      }),
    );
    try {
      expect(answeredAfter).toBeGreaterThan(readyTimeoutMs);
      expect((await conn.exec(['echo', 'in'])).stdout).toBe('in\n');
    } finally {
      await conn.close();
    }
  });

  it('still times out a handshake that stalls without any prompt', async () => {
    // A listener that accepts and never speaks SSH.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = await connect(
        `ssh://root@127.0.0.1:${port}`,
        options(sshd, { requireDocker: false, readyTimeoutMs: 300 }),
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/did not answer the SSH handshake in time/);
    } finally {
      silent.close();
    }
  });

  it('uses the ssh-agent for an encrypted --identity it holds, without prompting', async () => {
    const agent = await startSshAgent();
    const copy = join(scratch, 'decrypted-copy');
    try {
      writeFileSync(copy, readFileSync(locked), { mode: 0o600 });
      execFileSync('ssh-keygen', ['-q', '-p', '-P', PASSPHRASE, '-N', '', '-f', copy]);
      agent.add(copy);
      const asked: string[] = [];
      const logins = sshd.acceptedLogins();
      const conn = await connect(
        url(sshd),
        options(sshd, {
          identityFile: locked,
          agentSocket: agent.socket,
          requireDocker: false,
          askPassphrase: (path) => {
            asked.push(path);
            return Promise.reject(new Error('the passphrase must not be asked'));
          },
        }),
      );
      await conn.close();
      expect(asked).toEqual([]);
      expect(sshd.acceptedLogins() - logins).toBe(1);
    } finally {
      await agent.dispose();
    }
  });
});
