// Jump hosts and proxy commands from ~/.ssh/config and -J, resolved as OpenSSH would (the first of
// ProxyJump/ProxyCommand wins, -J overrides the config, the first jump host follows its own config),
// ProxyCommand split without a shell, and every setting Netlens does not honour named.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proxyCommandArgv } from '../../../src/connection/ssh/proxy-command.js';
import { jumpList, planRoute } from '../../../src/connection/ssh/route.js';
import { parseTarget } from '../../../src/connection/ssh/target.js';
import type { SshTarget } from '../../../src/connection/ssh/target.js';
import { ConnectionError } from '../../../src/connection/types.js';

const home = mkdtempSync(join(tmpdir(), 'nls-route-'));
const config = join(home, 'config');
writeFileSync(
  config,
  [
    'Host target',
    '  HostName 10.1.0.5',
    '  User app',
    '  ProxyJump bastion,ops@inner:2222',
    '  ProxyCommand nc %h %p',
    '  ForwardAgent yes',
    '  ControlMaster auto',
    '  ConnectTimeout 7',
    '  ServerAliveInterval 15',
    '  ServerAliveCountMax 2',
    'Host bastion',
    '  HostName 192.0.2.10',
    '  User jump',
    '  ProxyCommand ssh -W %h:%p -p 2200 %r@gateway.example',
    'Host inner',
    '  ProxyJump elsewhere',
    '  Compression yes',
    'Host viacmd',
    '  ProxyCommand exec /usr/bin/ssh -W [%h]:%p jump %% --name=%n',
    '  ProxyJump ignored-because-second',
    'Host loop1',
    '  ProxyJump loop2',
    'Host loop2',
    '  ProxyJump loop1',
    'Host direct',
    '  ProxyJump none',
    '  StrictHostKeyChecking no',
    '  UserKnownHostsFile ~/.ssh/a ~/.ssh/b',
    'Include ~/.ssh/conf.d/*',
    '',
  ].join('\n'),
);
const options = { sshConfigPath: config, homedir: home, localUser: 'me' };
const ssh = (text: string): SshTarget => {
  const t = parseTarget(text, options);
  if (t.kind !== 'ssh') throw new Error('expected ssh');
  return t;
};
const shown = (route: ReturnType<typeof planRoute>) =>
  route.hops.map((h) => `${h.via}:${h.target.user}@${h.target.host}:${h.target.port}`);

describe('planRoute', () => {
  it('ProxyJump a,b: b is reached through a, a follows its own ProxyCommand, b does not', () => {
    const route = planRoute(ssh('target'), undefined, ssh);
    expect(shown(route)).toEqual([
      'proxy-command:jump@192.0.2.10:22',
      'previous-hop:ops@inner:2222',
      'previous-hop:app@10.1.0.5:22',
    ]);
    expect(route.hops[0]?.proxyArgv).toEqual([
      'ssh',
      '-W',
      '192.0.2.10:22',
      '-p',
      '2200',
      'jump@gateway.example',
    ]);
  });

  it('-J overrides the config (ProxyJump and ProxyCommand), and -J none connects directly', () => {
    expect(shown(planRoute(ssh('target'), 'root@127.0.0.1:2022', ssh))).toEqual([
      'tcp:root@127.0.0.1:2022',
      'previous-hop:app@10.1.0.5:22',
    ]);
    expect(shown(planRoute(ssh('viacmd'), 'none', ssh))).toEqual(['tcp:me@viacmd:22']);
    expect(shown(planRoute(ssh('direct'), undefined, ssh))).toEqual(['tcp:me@direct:22']);
  });

  it('refuses a loop of jump hosts and an empty hop', () => {
    expect(() => planRoute(ssh('loop1'), undefined, ssh)).toThrow(/more than 10 hops/);
    expect(() => jumpList('a,,b')).toThrow(ConnectionError);
    expect(jumpList(' none ')).toEqual([]);
  });

  it('names what the config sets that Netlens does not use, for the target and every hop', () => {
    const route = planRoute(ssh('target'), undefined, ssh);
    expect(route.warnings).toEqual(
      expect.arrayContaining([
        'ssh config settings for target that Netlens does not use: ForwardAgent, ControlMaster',
        'ProxyCommand for target is ignored: ProxyJump comes first in the ssh config (as with OpenSSH, the first one wins)',
        'ssh config settings for inner that Netlens does not use: Compression',
      ]),
    );
    expect(ssh('viacmd').configWarnings).toContain(
      'ProxyJump for viacmd is ignored: ProxyCommand comes first in the ssh config (as with OpenSSH, the first one wins)',
    );
    expect(ssh('direct').configWarnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^StrictHostKeyChecking no for direct is not honoured/),
        expect.stringMatching(/^UserKnownHostsFile for direct: only the first file/),
        // An Include after `Host direct` belongs to that block, as in OpenSSH.
        expect.stringMatching(/^the ssh config's Include \(~\/\.ssh\/conf\.d\/\*\) is not followed/),
      ]),
    );
  });

  it('takes ConnectTimeout and ServerAlive* from the config', () => {
    expect(ssh('target')).toMatchObject({
      connectTimeoutMs: 7000,
      keepaliveIntervalMs: 15000,
      keepaliveCountMax: 2,
    });
  });
});

describe('proxyCommandArgv', () => {
  it('splits like a shell, drops a leading exec, expands %h %p %r %n %% inside words', () => {
    expect(planRoute(ssh('viacmd'), undefined, ssh).hops[0]?.proxyArgv).toEqual([
      '/usr/bin/ssh',
      '-W',
      '[viacmd]:22',
      'jump',
      '%',
      '--name=viacmd',
    ]);
    expect(proxyCommandArgv(`sh -c 'exec nc "$0" "$1"' %h %p`, ssh('target'))).toEqual([
      'sh',
      '-c',
      'exec nc "$0" "$1"',
      '10.1.0.5',
      '22',
    ]);
    expect(proxyCommandArgv('$HOME_X/bin/proxy %h', ssh('target'), { HOME_X: '/opt' })).toEqual([
      '/opt/bin/proxy',
      '10.1.0.5',
    ]);
  });

  it('refuses what needs a shell, unknown tokens and unset variables, naming them', () => {
    const t = ssh('target');
    expect(() => proxyCommandArgv('nc %h %p | tee log', t)).toThrow(/shell operator "\|"/);
    expect(() => proxyCommandArgv('nc %h %p > /tmp/x', t)).toThrow(/shell operator ">"/);
    expect(() => proxyCommandArgv('nc %h %p; rm -rf /', t)).toThrow(/shell operator ";"/);
    expect(() => proxyCommandArgv('proxy-* %h', t)).toThrow(/wildcard/);
    expect(() => proxyCommandArgv('nc %h %x', t)).toThrow(/%x/);
    expect(() => proxyCommandArgv('$NO_SUCH_VAR_NLS %h', t, {})).toThrow(
      /\$NO_SUCH_VAR_NLS, which is not set/,
    );
    expect(() => proxyCommandArgv('', t)).toThrow(/empty/);
  });
});
