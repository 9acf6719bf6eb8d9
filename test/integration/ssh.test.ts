// SSH connections against a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts): commands,
// host keys, ssh config aliases and authentication. Docker: ssh-docker.test.ts; drops: ssh-lifecycle.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/connection/connect.js';
import type { SshConnection } from '../../src/connection/ssh/ssh-connection.js';
import { emptyHome as home, options, refusal, url } from '../support/ssh-client.js';
import { keygen, sshdSkipReason, startSshd, writeKnownHosts } from '../support/sshd.js';
import type { Sshd } from '../support/sshd.js';

const skip = sshdSkipReason();
const scratch = mkdtempSync(join(tmpdir(), 'nls-ssh-'));

describe.skipIf(skip)('SSH connection against a real sshd', () => {
  let sshd: Sshd;
  let conn: SshConnection;

  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa'] });
    conn = (await connect(url(sshd), options(sshd, { requireDocker: false }))) as SshConnection;
  });
  afterAll(async () => {
    await conn?.close();
    await sshd?.dispose();
  });

  it('runs argument vectors literally, whatever they contain', async () => {
    const marker = join(scratch, 'pwned');
    const hostile = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `; touch ${marker}`,
      `' ; touch ${marker} ; '`,
      `" ; touch ${marker} ; "`,
      `a\ntouch ${marker}`,
      `| touch ${marker}`,
      '*',
      '~',
      '$HOME',
      '',
    ];
    const before = conn.stats.execs;
    const result = await conn.exec(['printf', '%s\\0', ...hostile]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    expect(existsSync(marker)).toBe(false);
    expect(conn.stats.execs).toBe(before + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 4 },
        ),
        async (args) => {
          const out = await conn.exec(['printf', '%s\\0', ...args]);
          expect(out.stdout.split('\0').slice(0, -1)).toEqual(args);
        },
      ),
      { numRuns: 25 },
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('reports exit codes, stdin, missing commands and root', async () => {
    expect(conn.isRoot).toBe(true);
    expect((await conn.exec(['sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await conn.exec(['cat'], { stdin: 'in\nput' })).stdout).toBe('in\nput');
    expect((await conn.exec(['nls-no-such-command'])).code).toBe(127);
    const slow = await conn.exec(['sleep', '5'], { timeoutMs: 200 });
    expect(slow.code).toBeNull();
    expect(slow.stderr).toMatch(/timed out/);
  });

  it('runs many commands at once on one connection', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => conn.exec(['echo', String(i)])));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  });

  it('refuses an unknown host key with its fingerprint, and remembers it when asked (hashed)', async () => {
    const knownHostsPath = join(scratch, 'kh-unknown');
    writeFileSync(knownHostsPath, '');
    const refused = await refusal(
      connect(url(sshd), options(sshd, { knownHostsPath, requireDocker: false })),
    );
    expect(refused.code).toBe('host-key-unknown');
    expect(refused.message).toContain(sshd.hostKeyFingerprint);
    expect(refused.message).toContain('--accept-new-host-key');
    expect(readFileSync(knownHostsPath, 'utf8')).toBe('');

    const accepted = (await connect(
      url(sshd),
      options(sshd, { knownHostsPath, acceptNewHostKey: true, requireDocker: false }),
    )) as SshConnection;
    await accepted.close();
    expect(accepted.addedKnownHost).toMatch(/^\|1\|/);
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', knownHostsPath], {
      encoding: 'utf8',
    });
    expect(found).toContain((sshd.hostPublicKeys[0] ?? '').split(' ')[1]);
    const again = await connect(url(sshd), options(sshd, { knownHostsPath, requireDocker: false }));
    await again.close();
  });

  it('writes a plain known_hosts line when hashing is off', async () => {
    const knownHostsPath = join(scratch, 'kh-plain');
    const accepted = (await connect(
      url(sshd),
      options(sshd, { knownHostsPath, acceptNewHostKey: true, hashKnownHosts: false, requireDocker: false }),
    )) as SshConnection;
    await accepted.close();
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(
      `[127.0.0.1]:${sshd.port} ${(sshd.hostPublicKeys[0] ?? '').split(' ').slice(0, 2).join(' ')}\n`,
    );
  });

  it('always refuses a changed host key, naming the new fingerprint and the line to check', async () => {
    const impostor = keygen(join(scratch, 'impostor'), 'ed25519');
    const knownHostsPath = join(scratch, 'kh-changed');
    writeKnownHosts(knownHostsPath, [{ host: '127.0.0.1', port: sshd.port, publicKey: impostor }]);
    const before = readFileSync(knownHostsPath, 'utf8');
    const refused = await refusal(
      connect(url(sshd), options(sshd, { knownHostsPath, acceptNewHostKey: true })),
    );
    expect(refused.code).toBe('host-key-changed');
    expect(refused.message).toContain(sshd.hostKeyFingerprint);
    expect(refused.message).toContain(`line 1 of ${knownHostsPath}`);
    expect(readFileSync(knownHostsPath, 'utf8')).toBe(before);
  });

  it('accepts a hashed entry, prefers a key type it knows, and refuses a revoked key', async () => {
    const hashed = join(scratch, 'kh-hashed');
    writeKnownHosts(hashed, [
      { host: '127.0.0.1', port: sshd.port, publicKey: sshd.hostPublicKeys[0] ?? '', hashed: true },
    ]);
    await (await connect(url(sshd), options(sshd, { knownHostsPath: hashed, requireDocker: false }))).close();

    // Only the ECDSA key is known: the handshake must ask for ECDSA rather than fail on ed25519.
    const ecdsaOnly = join(scratch, 'kh-ecdsa');
    writeKnownHosts(ecdsaOnly, [
      { host: '127.0.0.1', port: sshd.port, publicKey: sshd.hostPublicKeys[1] ?? '' },
    ]);
    await (
      await connect(url(sshd), options(sshd, { knownHostsPath: ecdsaOnly, requireDocker: false }))
    ).close();

    const revoked = join(scratch, 'kh-revoked');
    writeKnownHosts(revoked, [
      { host: '127.0.0.1', port: sshd.port, publicKey: sshd.hostPublicKeys[0] ?? '' },
      { host: '*', port: 22, publicKey: sshd.hostPublicKeys[0] ?? '', marker: '@revoked' },
    ]);
    const refused = await refusal(connect(url(sshd), options(sshd, { knownHostsPath: revoked })));
    expect(refused.code).toBe('host-key-changed');
    expect(refused.message).toMatch(/@revoked .* line 2/);
  });

  it('follows an ~/.ssh/config alias (HostName, User, Port, IdentityFile)', async () => {
    const config = join(scratch, 'ssh_config');
    writeFileSync(
      config,
      `Host nls-lab\n  HostName 127.0.0.1\n  User root\n  Port ${sshd.port}\n  IdentityFile ${sshd.identityFile}\n  UserKnownHostsFile ${sshd.knownHostsFile}\n`,
    );
    const viaAlias = await connect('nls-lab', {
      sshConfigPath: config,
      homedir: home,
      agentSocket: null,
      requireDocker: false,
    });
    expect(viaAlias.target).toBe(`root@nls-lab:${sshd.port}`);
    expect((await viaAlias.exec(['id', '-un'])).stdout.trim()).toBe('root');
    await viaAlias.close();
  });

  it('asks for the passphrase of an encrypted key through the callback', async () => {
    const locked = join(scratch, 'locked');
    sshd.authorize(keygen(locked, 'ed25519', 's3cret pass'));
    const asked: string[] = [];
    const viaLocked = await connect(
      url(sshd),
      options(sshd, {
        identityFile: locked,
        requireDocker: false,
        askPassphrase: (path) => {
          asked.push(path);
          return Promise.resolve('s3cret pass');
        },
      }),
    );
    await viaLocked.close();
    expect(asked).toEqual([locked]);
  });

  it('says auth-failed when no key is accepted', async () => {
    const stranger = join(scratch, 'stranger');
    keygen(stranger, 'ed25519');
    const refused = await refusal(connect(url(sshd), options(sshd, { identityFile: stranger })));
    expect(refused.code).toBe('auth-failed');
    expect(refused.message).toContain(stranger);
    expect(refused.message).toContain('--identity');
  });

  it('says unreachable for a closed port', async () => {
    const closed = await startSshd();
    const port = closed.port;
    await closed.dispose();
    const refused = await refusal(connect(`root@127.0.0.1:${port}`, options(sshd)));
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toMatch(/refused the SSH connection/);
  });
});
