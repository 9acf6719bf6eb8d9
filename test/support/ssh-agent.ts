// A real OpenSSH ssh-agent on a socket of its own, for tests of agent authentication: keys are added
// with ssh-add; kill() leaves the socket file behind, as a crashed agent does (a stale SSH_AUTH_SOCK).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SshAgent {
  socket: string;
  /** ssh-add of an unencrypted private key file. */
  add(keyFile: string): void;
  /** SIGKILL: the socket file stays, nothing answers on it. */
  kill(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startSshAgent(): Promise<SshAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'nls-agent-'));
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`ssh-agent did not start: ${stderr.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The socket file exists from bind(), before the agent listens: wait until it answers (`ssh-add -l`
  // exits 2 only when it cannot talk to the agent).
  while (
    spawnSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' })
      .status === 2
  ) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`ssh-agent did not answer: ${stderr.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return {
    socket,
    add(keyFile) {
      execFileSync('ssh-add', ['-q', keyFile], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'pipe',
      });
    },
    kill,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
