// Watches this process's own setsockopt calls with strace, to prove that a socket really got
// TCP_NODELAY (neither `ss` nor /proc show the option). strace -yy names each socket by its addresses.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STRACE = '/usr/bin/strace';

/** Why the trace cannot run here; in CI a missing prerequisite is an error, not a skip. */
export function straceSkipReason(): string | undefined {
  const reason = existsSync(STRACE) ? undefined : `${STRACE} is missing (apt-get install strace)`;
  if (reason && process.env.CI === 'true') throw new Error(`CI: ${reason}`);
  return reason;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`strace: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `fn` while strace records this process's setsockopt calls; returns the `ip:port` peers of
 * the TCP sockets that were given TCP_NODELAY=1.
 */
export async function peersGivenNoDelay(fn: () => Promise<void>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nls-strace-'));
  const out = join(dir, 'trace');
  let stderr = '';
  const tracer = spawn(
    STRACE,
    ['-f', '-yy', '-e', 'trace=setsockopt', '-o', out, '-p', String(process.pid)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  tracer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => tracer.once('exit', () => resolve()));
  try {
    await until(
      // "Process N attached with M threads" once strace holds every thread.
      () => /attached/.test(stderr) || tracer.exitCode !== null,
      'strace to attach',
    );
    if (tracer.exitCode !== null) throw new Error(`strace could not attach: ${stderr.trim()}`);
    await fn();
  } finally {
    tracer.kill('SIGINT');
    await exited;
  }
  const text = readFileSync(out, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const peers: string[] = [];
  for (const match of text.matchAll(/<TCP:\[[^\]]*->([^\]]+)\]>, SOL_TCP, TCP_NODELAY, \[1\]/g))
    if (match[1]) peers.push(match[1]);
  return peers;
}
