// `CanonicalizeHostName yes` in an ssh config must not make Netlens run `nslookup` (the ssh-config
// package does so while computing a host's options): issue #13, item 7. A `nslookup` placed first on
// PATH records whether anything ran it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/connection/ssh/target.js';

const dir = mkdtempSync(join(tmpdir(), 'nlh-canon-'));
const marker = join(dir, 'nslookup-ran');
const config = join(dir, 'config');
let savedPath: string | undefined;

beforeAll(() => {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'nslookup'), `#!/bin/sh\necho "$@" >> "${marker}"\nexit 0\n`);
  chmodSync(join(bin, 'nslookup'), 0o755);
  writeFileSync(
    config,
    [
      'Host canon',
      '  CanonicalizeHostName yes',
      '  CanonicalDomains corp.example lab.example',
      '  User deploy',
      'Host canon.corp.example',
      '  User intruder',
      '',
    ].join('\n'),
  );
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? '/usr/bin:/bin'}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

describe('CanonicalizeHostName in an ssh config', () => {
  it('runs no nslookup and reads the alias as written', () => {
    const target = parseTarget('canon', { sshConfigPath: config, homedir: dir, localUser: 'me' });
    expect(existsSync(marker)).toBe(false);
    expect(target).toMatchObject({ kind: 'ssh', host: 'canon', user: 'deploy' });
    // Not followed, and said so.
    expect(target.kind === 'ssh' ? target.configWarnings : []).toContainEqual(
      expect.stringMatching(/does not use: .*CanonicalizeHostName/),
    );
  });
});
