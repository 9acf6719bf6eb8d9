import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  formatKnownHostsLine,
  hostKeyFromBlob,
  knownHostsName,
  knownKeyTypes,
  patternsMatch,
} from '../../../src/connection/ssh/known-hosts.js';
import type { HostKey } from '../../../src/connection/ssh/known-hosts.js';
import { keyFingerprint, keygen, writeKnownHosts } from '../../support/sshd.js';

const dir = mkdtempSync(join(tmpdir(), 'nls-kh-'));
function key(name: string, type: 'ed25519' | 'ecdsa' | 'rsa'): { key: HostKey; pub: string; file: string } {
  const file = join(dir, name);
  const pub = keygen(file, type);
  const blob = Buffer.from(pub.split(' ')[1] ?? '', 'base64');
  return { key: hostKeyFromBlob(blob), pub, file: `${file}.pub` };
}
const ed = key('ed', 'ed25519');
const ed2 = key('ed2', 'ed25519');
const ec = key('ec', 'ecdsa');

describe('known_hosts', () => {
  it('reads the key type from the blob and fingerprints like ssh-keygen', () => {
    expect(ed.key.type).toBe('ssh-ed25519');
    expect(ec.key.type).toBe('ecdsa-sha2-nistp256');
    expect(fingerprint(ed.key.blob)).toBe(keyFingerprint(ed.file));
    expect(() => hostKeyFromBlob(Buffer.from([0, 0]))).toThrow();
  });

  it('names hosts as OpenSSH does', () => {
    expect(knownHostsName('example.com', 22)).toBe('example.com');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('matches plain, wildcard, negated and hashed patterns', () => {
    expect(patternsMatch('a.lan,b.lan', ['b.lan'])).toBe(true);
    expect(patternsMatch('*.lan,!secret.lan', ['x.lan'])).toBe(true);
    expect(patternsMatch('*.lan,!secret.lan', ['secret.lan'])).toBe(false);
    expect(patternsMatch('[127.0.0.1]:2222', ['[127.0.0.1]:2222'])).toBe(true);
    expect(patternsMatch('127.0.0.1', ['[127.0.0.1]:2222'])).toBe(false);
    const hashed = formatKnownHostsLine('[h]:2', ed.key, true).split(' ')[0] ?? '';
    expect(patternsMatch(hashed, ['[h]:2'])).toBe(true);
    expect(patternsMatch(hashed, ['h'])).toBe(false);
  });

  it('judges known, unknown, changed and revoked keys, with several types per host', () => {
    const file = join(dir, 'kh1');
    writeKnownHosts(file, [
      { host: '10.0.0.1', port: 22, publicKey: ec.pub },
      { host: '10.0.0.1', port: 22, publicKey: ed.pub, hashed: true },
      { host: 'other', port: 2222, publicKey: ed2.pub },
      { host: 'any*', port: 22, publicKey: ed2.pub, marker: '@revoked' },
    ]);
    const text = `# comment\n\nnot a valid line\n${readFileSync(file, 'utf8')}`;
    expect(checkHostKey(text, ['10.0.0.1'], ed.key)).toEqual({ kind: 'known', line: 5 });
    expect(checkHostKey(text, ['10.0.0.1'], ec.key)).toEqual({ kind: 'known', line: 4 });
    expect(checkHostKey(text, ['[other]:2222'], ed2.key)).toEqual({ kind: 'known', line: 6 });
    expect(checkHostKey(text, ['[10.0.0.1]:2222'], ed.key)).toEqual({ kind: 'unknown', otherTypes: [] });
    expect(checkHostKey(text, ['[other]:2222'], ed.key)).toMatchObject({ kind: 'changed', line: 6 });
    expect(checkHostKey(text, ['[other]:2222'], ec.key)).toEqual({
      kind: 'unknown',
      otherTypes: ['ssh-ed25519'],
    });
    expect(checkHostKey(text, ['anyhost'], ed2.key)).toEqual({ kind: 'revoked', line: 7 });
    expect(knownKeyTypes(text, ['10.0.0.1'])).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
  });

  it('appends entries that OpenSSH finds, hashed or not, creating a private file', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    await appendKnownHost(file, '[127.0.0.1]:2222', ed.key, true);
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}`); // no final newline
    await appendKnownHost(file, 'plain.lan', ec.key, false);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\|1\|/);
    expect(lines[1]).toBe(`plain.lan ${ec.pub.split(' ').slice(0, 2).join(' ')}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', file], { encoding: 'utf8' });
    expect(found).toContain(ed.pub.split(' ')[1]);
    expect(checkHostKey(readFileSync(file, 'utf8'), ['[127.0.0.1]:2222'], ed.key).kind).toBe('known');
  });
});
