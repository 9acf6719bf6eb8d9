import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../../src/connection/ssh/remote-exec.js';

// sshd hands the command line to the login shell; check the quoting against real POSIX shells.
const SHELLS = ['/bin/sh', '/bin/bash'];

function viaShell(shell: string, args: string[]): string[] {
  const out = execFileSync(shell, ['-c', commandLine(['printf', '%s\\0', ...args])], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const HOSTILE = [
  '$(touch /tmp/nls-pwned)',
  '`touch /tmp/nls-pwned`',
  '; touch /tmp/nls-pwned',
  'a && b || c',
  "it's",
  '"quoted"',
  'line1\nline2',
  '\ttab',
  '*',
  '~',
  '{a,b}',
  '!event',
  '$HOME',
  '\\',
  '#comment',
  '',
  ' ',
  '-n',
  'é ✓',
  "'\"'\"'",
];

describe('commandLine', () => {
  it.each(SHELLS)('keeps hostile arguments literal in %s', (shell) => {
    expect(viaShell(shell, HOSTILE)).toEqual(HOSTILE);
  });

  it('round-trips any string without NUL through /bin/sh and /bin/bash', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 5 },
        ),
        (args) => {
          for (const shell of SHELLS) expect(viaShell(shell, args)).toEqual(args);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an empty vector and NUL bytes', () => {
    expect(() => commandLine([])).toThrow(/empty/);
    expect(() => commandLine(['echo', 'a\0b'])).toThrow(/NUL/);
  });
});
