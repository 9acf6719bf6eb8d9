// The app's host-key dialog (#10 item 5) rests on the verifier: a first-seen key is remembered only when
// its fingerprint is the one a person trusted, a refusal carries the key's facts (fingerprint, the
// known_hosts file) for the dialog, and a changed key is refused whatever was trusted, with the
// `ssh-keygen -R` line to copy. Real keys from ssh-keygen, a real known_hosts file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostVerifier } from '../../../src/connection/ssh/host-key-check.js';
import { fingerprint } from '../../../src/connection/ssh/known-hosts.js';
import { ConnectionError } from '../../../src/connection/types.js';
import { keyFingerprint, keygen } from '../../support/sshd.js';

const dir = mkdtempSync(join(tmpdir(), 'nls-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function key(name: string) {
  const pub = keygen(join(dir, name), 'ed25519');
  return { blob: Buffer.from(pub.split(' ')[1] ?? '', 'base64'), pub, file: join(dir, `${name}.pub`) };
}
const seen = key('seen');
const other = key('other');

const verdict = (verifier: Awaited<ReturnType<typeof createHostVerifier>>, blob: Buffer) =>
  new Promise<boolean>((resolve) => verifier.verify(blob, resolve));

const policy = (knownHostsPath: string, trustedFingerprints: string[]) => ({
  knownHostsPath,
  names: ['[127.0.0.1]:2222'],
  display: 'ops@127.0.0.1:2222',
  acceptNewHostKey: false,
  trustedFingerprints,
  hashKnownHosts: false,
});

describe('trusting the fingerprint a person saw', () => {
  it('refuses a first-seen key with its facts, and remembers it once that fingerprint is trusted', async () => {
    const file = join(dir, 'known_hosts_a');
    const print = fingerprint(seen.blob);
    expect(print).toBe(keyFingerprint(seen.file));
    const first = await createHostVerifier(policy(file, []));
    expect(await verdict(first, seen.blob)).toBe(false);
    const refused = first.failure();
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused?.code).toBe('host-key-unknown');
    expect(refused?.hostKey).toEqual({
      host: 'ops@127.0.0.1:2222',
      keyType: 'ssh-ed25519',
      fingerprint: print,
      knownHostsPath: file,
    });
    // Another key than the one trusted (a server swapped between the dialog and the click) is refused.
    const wrong = await createHostVerifier(policy(file, [fingerprint(other.blob)]));
    expect(await verdict(wrong, seen.blob)).toBe(false);
    expect(wrong.failure()?.code).toBe('host-key-unknown');
    const trusted = await createHostVerifier(policy(file, [print]));
    expect(await verdict(trusted, seen.blob)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(
      `[127.0.0.1]:2222 ${seen.pub.split(' ').slice(0, 2).join(' ')}\n`,
    );
  });

  it('a changed key is refused even when its fingerprint is trusted, with the line that removes the old one', async () => {
    const file = join(dir, 'known_hosts_b');
    writeFileSync(file, `[127.0.0.1]:2222 ${seen.pub.split(' ').slice(0, 2).join(' ')}\n`);
    const verifier = await createHostVerifier(policy(file, [fingerprint(other.blob)]));
    expect(await verdict(verifier, other.blob)).toBe(false);
    const refused = verifier.failure();
    expect(refused?.code).toBe('host-key-changed');
    expect(refused?.hostKey).toEqual({
      host: 'ops@127.0.0.1:2222',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprint(other.blob),
      knownHostsPath: file,
      removeCommand: `ssh-keygen -R '[127.0.0.1]:2222' -f '${file}'`,
    });
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    // The line to copy does what it says, pasted into a shell as it is.
    execFileSync('sh', ['-c', refused?.hostKey?.removeCommand ?? 'false'], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
