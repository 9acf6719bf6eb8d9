// Jump hosts against real sshd processes. The target listens on 127.0.0.1 inside a network namespace
// of its own, so nothing here reaches it directly; the second jump host listens on that namespace's
// veth address. ProxyJump j1,j2 (from the ssh config, or as `jump`) goes here → j1 → j2 → target, each
// hop with its own host-key check; a ProxyCommand (`ssh -W`, run without a shell) goes through j2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import type { ConnectOptions } from '../../src/connection/connect.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import { waitFor } from '../support/lab.js';
import { createNetnsPair } from '../support/netns-pair.js';
import type { NetnsPair } from '../support/netns-pair.js';
import { refusal } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd, writeKnownHosts } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';
import { peersGivenNoDelay, straceSkipReason } from '../support/syscall-trace.js';

const skip = sshdSkipReason();
const built = existsSync('dist/src/cli/main.js');
if (!built && process.env.CI === 'true') throw new Error('CI: run `npm run build` before the CLI tests');

describe.skipIf(skip)('jump hosts (ProxyJump, ProxyCommand)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nls-jump-'));
  const config = join(dir, 'ssh_config');
  const knownHosts = join(dir, 'known_hosts');
  let pair: NetnsPair;
  let j1: Sshd;
  let j2: Sshd;
  let target: Sshd;
  let key: string;
  const connectOptions = (extra: ConnectOptions = {}): ConnectOptions => ({
    sshConfigPath: config,
    knownHostsPath: knownHosts,
    agentSocket: null,
    homedir: dir,
    requireDocker: false,
    ...extra,
  });
  /** Which network namespace the commands of a connection run in, by its interfaces. */
  const interfaces = async (conn: { exec(argv: string[]): Promise<{ stdout: string }> }) =>
    (await conn.exec(['ip', '-o', 'link', 'show'])).stdout;

  beforeAll(async () => {
    pair = createNetnsPair(String(process.pid % 100_000), process.pid % 250);
    j1 = await startSshd();
    j2 = await startSshd({ netns: pair.name, listenAddress: pair.insideAddress });
    target = await startSshd({ netns: pair.name });
    key = j1.identityFile;
    const pub = readFileSync(`${key}.pub`, 'utf8');
    j2.authorize(pub);
    target.authorize(pub);
    const entries = [j1, j2, target].map((s) => ({
      host: s.host,
      port: s.port,
      publicKey: s.hostPublicKeys[0] ?? '',
    }));
    writeKnownHosts(knownHosts, entries);
    writeFileSync(
      config,
      [
        'Host j1',
        '  HostName 127.0.0.1',
        `  Port ${j1.port}`,
        'Host j2',
        `  HostName ${pair.insideAddress}`,
        `  Port ${j2.port}`,
        'Host target',
        '  HostName 127.0.0.1',
        `  Port ${target.port}`,
        '  ProxyJump j1,j2',
        'Host viacmd',
        '  HostName 127.0.0.1',
        `  Port ${target.port}`,
        '  ForwardAgent no',
        `  ProxyCommand ssh -F none -i ${key} -o BatchMode=yes -o UserKnownHostsFile=${knownHosts} -p ${j2.port} -W %h:%p %r@${pair.insideAddress}`,
        'Host brokencmd',
        '  HostName 127.0.0.1',
        `  ProxyCommand ${join(dir, 'no-such-proxy')} %h %p`,
        'Host *',
        '  User root',
        `  IdentityFile ${key}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await j1?.dispose();
    await j2?.dispose();
    await target?.dispose();
    pair?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the target genuinely refuses direct connections and connections through j1 alone', async () => {
    const direct = await refusal(connect(`root@127.0.0.1:${target.port}`, connectOptions({ jump: 'none' })));
    expect(direct.code).toBe('unreachable');
    expect(direct.message).toMatch(/refused the SSH connection/);
    const oneHop = await refusal(connect('target', connectOptions({ jump: 'j1' })));
    expect(oneHop.code).toBe('unreachable');
    expect(oneHop.message).toMatch(
      /^the jump host root@j1:\d+ could not open a connection to 127\.0\.0\.1:\d+/,
    );
  });

  it('ProxyJump j1,j2 from the ssh config: commands run on the target, in its namespace', async () => {
    const logins = [j1, j2, target].map((s) => s.acceptedLogins());
    const conn = (await connect('target', connectOptions())) as SshConnection;
    try {
      expect(conn.target).toBe(`root@target:${target.port}`);
      expect(await interfaces(conn)).toContain(`nlsj${process.pid % 100_000}i`);
      expect([j1, j2, target].map((s, i) => s.acceptedLogins() - (logins[i] ?? 0))).toEqual([1, 1, 1]);
    } finally {
      await conn.close();
    }
    // Closing the target's connection closes the jump hosts' too.
    await waitFor(() => j1.sessionPids().length === 0, 5_000, "j1's session to end");
  });

  it('-J j1,j2 on a plain target, and each hop checks its own host key', async () => {
    const conn = await connect(`root@127.0.0.1:${target.port}`, connectOptions({ jump: 'j1,j2' }));
    expect(await interfaces(conn)).toContain(`nlsj${process.pid % 100_000}i`);
    await conn.close();
    // j2 known under another key: refused, naming j2, although j1 and the target are known.
    const wrong = join(dir, 'known_hosts_wrong_j2');
    writeKnownHosts(wrong, [
      { host: j1.host, port: j1.port, publicKey: j1.hostPublicKeys[0] ?? '' },
      { host: j2.host, port: j2.port, publicKey: target.hostPublicKeys[0] ?? '' },
      { host: target.host, port: target.port, publicKey: target.hostPublicKeys[0] ?? '' },
    ]);
    const changed = await refusal(connect('target', connectOptions({ knownHostsPath: wrong })));
    expect(changed.code).toBe('host-key-changed');
    expect(changed.message).toContain(`root@j2:${j2.port}`);
    // An empty known_hosts with --accept-new-host-key: one line per hop, the target's last.
    const fresh = join(dir, 'known_hosts_fresh');
    writeFileSync(fresh, '');
    const learnt = (await connect(
      'target',
      connectOptions({ knownHostsPath: fresh, acceptNewHostKey: true, hashKnownHosts: false }),
    )) as SshConnection;
    await learnt.close();
    expect(learnt.addedKnownHosts.map((line) => line.split(' ')[0])).toEqual([
      `[127.0.0.1]:${j1.port}`,
      `[${pair.insideAddress}]:${j2.port}`,
      `[127.0.0.1]:${target.port}`,
    ]);
    expect(learnt.addedKnownHost).toBe(learnt.addedKnownHosts[2]);
  });

  it.skipIf(straceSkipReason())('sets TCP_NODELAY on the socket to the first jump host', async () => {
    const peers = await peersGivenNoDelay(async () => {
      const conn = await connect('target', connectOptions());
      await conn.close();
    });
    expect(peers).toContain(`127.0.0.1:${j1.port}`);
  });

  it('ProxyCommand `ssh -W %h:%p` through j2, run without a shell, ended on close', async () => {
    const conn = (await connect('viacmd', connectOptions())) as SshConnection;
    try {
      expect(await interfaces(conn)).toContain(`nlsj${process.pid % 100_000}i`);
      expect(conn.warnings).toContain(
        'ssh config settings for viacmd that Netlens does not use: ForwardAgent',
      );
    } finally {
      await conn.close();
    }
    // The `ssh -W` it started (known by the known_hosts path in its arguments) is gone.
    const running = () =>
      readdirSync('/proc').filter((pid) => {
        try {
          return (
            /^\d+$/.test(pid) &&
            readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`-W\0`) &&
            readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(knownHosts)
          );
        } catch {
          return false;
        }
      }).length;
    await waitFor(() => running() === 0, 5_000, 'the ProxyCommand to end');
  });

  it.skipIf(!built)(
    'the CLI: snapshot and diff --host take -J, and print what the config does not honour',
    () => {
      const common = ['--ssh-config', config, '--known-hosts', knownHosts, '-i', key, '-J', 'j1,j2'];
      const env = { ...process.env, HOME: dir, SSH_AUTH_SOCK: '' };
      const run = (args: string[]) =>
        spawnSync(process.execPath, ['bin/netlens.js', ...args], { encoding: 'utf8', env, timeout: 120_000 });
      const baseline = join(dir, 'baseline.json');
      const snap = run(['snapshot', '-H', `root@127.0.0.1:${target.port}`, ...common, '-o', baseline]);
      expect(snap.stderr).toBe('');
      expect(snap.status).toBe(0);
      expect(JSON.parse(readFileSync(baseline, 'utf8'))).toHaveProperty('host');
      const diff = run([
        'diff',
        '--host',
        'viacmd',
        ...common.filter((a) => a !== '-J' && a !== 'j1,j2'),
        baseline,
      ]);
      expect([0, 1]).toContain(diff.status);
      expect(diff.stderr).toContain(
        'netlens: warning: ssh config settings for viacmd that Netlens does not use: ForwardAgent',
      );
    },
  );

  it('a ProxyCommand that cannot run says so', async () => {
    const broken = await refusal(connect('brokencmd', connectOptions()));
    expect(broken.code).toBe('unreachable');
    expect(broken.message).toMatch(
      /ProxyCommand `.*no-such-proxy 127\.0\.0\.1 22` could not start \(ENOENT\)/,
    );
  });
});
