import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../src/connection/types.js';
import { parseTarget, splitTarget } from '../../../src/connection/ssh/target.js';
import type { SshTarget } from '../../../src/connection/ssh/target.js';

const home = mkdtempSync(join(tmpdir(), 'nls-target-'));
const noConfig = { homedir: home, localUser: 'me' };

function ssh(text: string, options = noConfig): SshTarget {
  const target = parseTarget(text, options);
  if (target.kind !== 'ssh') throw new Error('expected an ssh target');
  return target;
}

function refused(text: string): string {
  try {
    parseTarget(text, noConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('bad-target');
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('parseTarget', () => {
  it('reads local and the ssh forms', () => {
    expect(parseTarget('local', noConfig)).toEqual({ kind: 'local', display: 'local' });
    expect(parseTarget('', noConfig).kind).toBe('local');
    expect(ssh('ssh://alice@example.com:2222')).toMatchObject({
      user: 'alice',
      host: 'example.com',
      port: 2222,
      display: 'alice@example.com:2222',
    });
    expect(ssh('ssh://example.com/')).toMatchObject({
      user: 'me',
      host: 'example.com',
      port: 22,
      display: 'me@example.com',
    });
    expect(ssh('bob@10.0.0.5')).toMatchObject({ user: 'bob', host: '10.0.0.5', port: 22 });
    expect(ssh('host-1.lan:2200')).toMatchObject({ user: 'me', host: 'host-1.lan', port: 2200 });
    expect(ssh('[::1]:2222')).toMatchObject({ host: '::1', port: 2222, display: 'me@[::1]:2222' });
    expect(ssh('root@[fe80::1]')).toMatchObject({ host: 'fe80::1', port: 22, display: 'root@[fe80::1]' });
    expect(ssh('2001:db8::7')).toMatchObject({ host: '2001:db8::7', port: 22 });
  });

  it('round-trips its display form', () => {
    for (const text of ['alice@example.com:2222', 'ssh://[::1]:22', 'h', 'u@10.1.2.3:65535']) {
      const first = ssh(text);
      expect(ssh(first.display)).toEqual(first);
    }
  });

  it('refuses option injection, shell syntax and bad ports', () => {
    expect(refused('-oProxyCommand=touch /tmp/x')).toMatch(/spaces|"-"/);
    expect(refused('-oProxyCommand=x')).toMatch(/may not start with "-"/);
    expect(refused('root@-host')).toMatch(/may not start with "-"/);
    expect(refused('-l@host')).toMatch(/user name/);
    expect(refused('ssh://-x:22')).toMatch(/"-"/);
    expect(refused('host:0')).toMatch(/port/);
    expect(refused('host:65536')).toMatch(/port/);
    expect(refused('host:22x')).toMatch(/port/);
    expect(refused('host:-22')).toMatch(/port/);
    expect(refused('a b')).toMatch(/spaces/);
    expect(refused('ho\nst')).toMatch(/control/);
    expect(refused('host;id')).toMatch(/not a valid/);
    expect(refused('$(id)')).toMatch(/not a valid/);
    expect(refused('[evil.com]:22')).toMatch(/brackets/);
    expect(refused('http://host')).toMatch(/ssh:\/\//);
    expect(refused('fe80::1:22x')).toBeDefined();
    expect(refused('x'.repeat(400))).toMatch(/longer/);
  });

  it('keeps user, host and port when split alone', () => {
    expect(splitTarget('u@h:1')).toEqual({ user: 'u', host: 'h', port: 1 });
    expect(splitTarget('h')).toEqual({ host: 'h' });
  });
});

describe('parseTarget with ~/.ssh/config', () => {
  const configHome = mkdtempSync(join(tmpdir(), 'nls-target-cfg-'));
  const config = join(configHome, 'config');
  writeFileSync(
    config,
    [
      'Host lab',
      '  HostName 127.0.0.1',
      '  User deploy',
      '  Port 2201',
      '  IdentityFile ~/.ssh/lab_key',
      '  IdentityFile %d/keys/%r@%h',
      '  HashKnownHosts no',
      'Host evil',
      '  HostName -oProxyCommand=touch',
      'Host badport',
      '  Port 99999',
      'Match exec "touch /tmp/nls-match-exec-ran"',
      '  User nobody',
      'Host *',
      '  User fallback',
      '',
    ].join('\n'),
  );
  const options = { sshConfigPath: config, homedir: configHome, localUser: 'me' };

  it('honours HostName, User, Port and IdentityFile of an alias', () => {
    expect(ssh('lab', options)).toEqual({
      kind: 'ssh',
      alias: 'lab',
      host: '127.0.0.1',
      port: 2201,
      user: 'deploy',
      identityFiles: [join(configHome, '.ssh/lab_key'), join(configHome, 'keys/deploy@127.0.0.1')],
      hashKnownHosts: false,
      // Named, never silently skipped.
      configWarnings: [
        'the ssh config has a `Match exec` block, which Netlens does not run (its settings are not applied)',
      ],
      display: 'deploy@lab:2201',
    });
  });

  it('lets what was typed win over the config', () => {
    expect(ssh('ops@lab:2022', options)).toMatchObject({ user: 'ops', port: 2022, host: '127.0.0.1' });
    expect(ssh('other', options)).toMatchObject({ user: 'fallback', host: 'other', port: 22 });
  });

  it('validates what the config says and never runs Match exec', () => {
    expect(() => parseTarget('evil', options)).toThrow(/HostName/);
    expect(() => parseTarget('badport', options)).toThrow(/Port/);
    expect(ssh('other', options).user).not.toBe('nobody');
  });

  it('reports an explicit config file that is missing', () => {
    expect(() => parseTarget('lab', { ...options, sshConfigPath: join(configHome, 'nope') })).toThrow(
      /cannot read the ssh config/,
    );
  });
});
