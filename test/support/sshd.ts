// A real OpenSSH server for tests (on 127.0.0.1 unless told otherwise, optionally inside a network
// namespace): fresh host and client keys in a temp dir, its own sshd_config, run in the foreground as
// a child. stop() ends it and every session it forked, so a test can cut live connections; start()
// brings it back on the same port.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD_BINARY = '/usr/sbin/sshd';

export type KeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdOptions {
  /** `AllowStreamLocalForwarding no` when false, to force the dial-stdio fallback. Default true. */
  allowStreamLocalForwarding?: boolean;
  /** Host key types the server offers, in order. Default ['ed25519']. */
  hostKeyTypes?: KeyType[];
  /** More sshd_config lines. */
  extraConfig?: string[];
  /** Address to listen on. Default 127.0.0.1. */
  listenAddress?: string;
  /** Run inside this network namespace (`ip netns exec`), e.g. to be reachable only through a jump host. */
  netns?: string;
  /**
   * Run in a UTS namespace of its own with this host name (`unshare --uts`): a capture over this sshd
   * reads another host's name (the kernel's), for comparisons of two hosts on one machine.
   */
  hostname?: string;
  /**
   * Run inside another process's mount and network namespaces (`nsenter -t PID -m -n`): a lab host
   * with its own dockerd (swarm-lab.ts), reached over SSH like a separate machine.
   */
  enterPid?: number;
}

export interface Sshd {
  port: number;
  /** The listen address (127.0.0.1 unless told otherwise). */
  host: string;
  user: 'root';
  /** Unencrypted ed25519 client key authorised for root. */
  identityFile: string;
  /** known_hosts with the server's host keys under `[host]:port`. */
  knownHostsFile: string;
  /** SHA256 fingerprint (as ssh-keygen prints it) of the first host key. */
  hostKeyFingerprint: string;
  /** Public host keys as `type base64` lines, in hostKeyTypes order. */
  hostPublicKeys: string[];
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** sshd's log (stderr of the listener and every session). */
  log(): string;
  /** Successful logins so far: one per TCP connection that authenticated. */
  acceptedLogins(): number;
  /** Adds a public key line to the authorized keys. */
  authorize(publicKeyLine: string): void;
  /** Processes forked for live sessions (not the listener). */
  sessionPids(): number[];
  /** stop() and remove the temp dir. */
  dispose(): Promise<void>;
}

/** Why these tests cannot run here; in CI a missing prerequisite is an error, not a skip. */
export function sshdSkipReason(): string | undefined {
  let reason: string | undefined;
  if (!existsSync(SSHD_BINARY)) reason = `${SSHD_BINARY} is missing (apt-get install openssh-server)`;
  else if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    reason = 'the sshd harness must run as root';
  if (reason && process.env.CI === 'true') throw new Error(`CI: ${reason}`);
  return reason;
}

export function keygen(file: string, type: KeyType, passphrase = '', comment = 'netlens-test'): string {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', comment, '-f', file], {
    stdio: 'pipe',
  });
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

export function keyFingerprint(publicKeyFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(out);
  if (!match) throw new Error(`no fingerprint in: ${out}`);
  return match[0];
}

export interface KnownHostsEntry {
  host: string;
  port: number;
  /** `type base64 [comment]` as in a .pub file. */
  publicKey: string;
  hashed?: boolean;
  marker?: '@revoked' | '@cert-authority';
}

/** Writes a known_hosts file in OpenSSH's own format (hashed entries use HMAC-SHA1 of the name). */
export function writeKnownHosts(file: string, entries: KnownHostsEntry[]): void {
  const lines = entries.map((entry) => {
    const name = entry.port === 22 ? entry.host : `[${entry.host}]:${entry.port}`;
    const [type, key] = entry.publicKey.split(/\s+/);
    let pattern = name;
    if (entry.hashed) {
      const salt = randomBytes(20);
      pattern = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
    }
    return `${entry.marker ? `${entry.marker} ` : ''}${pattern} ${type} ${key}`;
  });
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(name), ...childrenOf(Number(name)));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`sshd harness: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const reason = sshdSkipReason();
  if (reason) throw new Error(reason);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'netlens-sshd-'));
  const types = options.hostKeyTypes ?? ['ed25519'];
  const hostPublicKeys = types.map((type) =>
    keygen(join(dir, `host_${type}`), type, '', 'netlens-test-host'),
  );
  const identityFile = join(dir, 'client_ed25519');
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, `${keygen(identityFile, 'ed25519')}\n`, { mode: 0o600 });
  const port = await freePort();
  const listen = options.listenAddress ?? '127.0.0.1';
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      `ListenAddress ${listen}`,
      ...types.map((type) => `HostKey ${join(dir, `host_${type}`)}`),
      `PidFile ${join(dir, 'sshd.pid')}`,
      // Other users (test-user.ts) cannot read root's file: theirs is in their home.
      `AuthorizedKeysFile ${authorizedKeys} %h/.ssh/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `AllowStreamLocalForwarding ${options.allowStreamLocalForwarding === false ? 'no' : 'yes'}`,
      'X11Forwarding no',
      'PrintMotd no',
      'LogLevel INFO',
      // Debian's bash sources ~/.bashrc for ssh commands unless SHLVL shows it is nested; this
      // machine's .bashrc takes ~1 s (pyenv), which would swamp every timing.
      'SetEnv SHLVL=1',
      'MaxStartups 100',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  const knownHostsFile = join(dir, 'known_hosts');
  writeKnownHosts(
    knownHostsFile,
    hostPublicKeys.map((publicKey) => ({ host: listen, port, publicKey })),
  );
  const hostKeyFingerprint = keyFingerprint(join(dir, `host_${types[0] ?? 'ed25519'}.pub`));
  let log = '';
  let child: ChildProcess | undefined;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async (): Promise<void> => {
    if (running()) return;
    const from = log.length;
    // `ip netns exec` execs sshd in place, so the child's pid is sshd's.
    let argv = [SSHD_BINARY, '-D', '-e', '-f', config];
    // unshare and sh exec in place too. The name is data ($1), never part of the script.
    if (options.hostname !== undefined)
      argv = [
        'unshare',
        '--uts',
        '--',
        'sh',
        '-c',
        'printf %s "$1" > /proc/sys/kernel/hostname && shift && exec "$@"',
        'sh',
        options.hostname,
        ...argv,
      ];
    if (options.netns) argv = ['ip', 'netns', 'exec', options.netns, ...argv];
    // nsenter and sh exec in place too; that mount namespace may have a /run of its own, without /run/sshd.
    if (options.enterPid !== undefined)
      argv = [
        'nsenter',
        '-t',
        String(options.enterPid),
        '-m',
        '-n',
        '--',
        'sh',
        '-c',
        'mkdir -p /run/sshd && exec "$@"',
        'sh',
        ...argv,
      ];
    const proc = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    await until(() => {
      if (proc.exitCode !== null)
        throw new Error(`sshd exited with ${proc.exitCode}: ${log.trim().split('\n').slice(-3).join(' | ')}`);
      // Said once the socket is bound and listening (also inside a namespace this process is not in).
      return log.slice(from).includes(`Server listening on ${listen} port ${port}`);
    }, `sshd to listen on ${listen}:${port}`);
  };

  // Kills the listener and the sessions it forked; returns the session pids.
  const killAll = (): number[] => {
    if (!child?.pid || !running()) return [];
    const sessions = childrenOf(child.pid);
    for (const pid of [child.pid, ...sessions]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return sessions;
  };
  // A test process that ends without dispose() (a crash, a timeout) must not leave sshd behind.
  process.once('exit', killAll);

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc?.pid || !running()) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const sessions = killAll();
    await exited;
    await until(() => sessions.every((pid) => !alive(pid)), 'sshd sessions to end');
  };

  await start();
  return {
    port,
    host: listen,
    user: 'root',
    identityFile,
    knownHostsFile,
    hostKeyFingerprint,
    hostPublicKeys,
    dir,
    start,
    stop,
    log: () => log,
    acceptedLogins: () => (log.match(/Accepted publickey for /g) ?? []).length,
    authorize: (line) => appendFileSync(authorizedKeys, `${line.trim()}\n`),
    sessionPids: () => (child?.pid && running() ? childrenOf(child.pid) : []),
    async dispose() {
      process.off('exit', killAll);
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
