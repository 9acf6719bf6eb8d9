// `netlens serve --port` with something that is not a port: one usage line, no stack (issue #13, item 7).
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../../src/cli/commands/serve.js';

function parse(port: string): { err: string; code: number | undefined } {
  let err = '';
  let code: number | undefined;
  const program = new Command('netlens').exitOverride();
  program.configureOutput({ writeErr: (t) => void (err += t), writeOut: () => undefined });
  registerServeCommand(program);
  try {
    program.parse(['node', 'netlens', 'serve', '--port', port]);
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode;
  }
  return { err, code };
}

describe('serve --port', () => {
  it.each(['abc', '-1', '65536', '1e3', '0x50', ' 80', '80.5'])('refuses %j in one line', (port) => {
    const { err, code } = parse(port);
    expect(code).toBe(1);
    expect(err).toBe(
      `error: option '-p, --port <port>' argument '${port}' is invalid. not a port number (0 to 65535; 0 picks a free one)\n`,
    );
  });

  it('from the real command line: one line on stderr, no stack trace, exit 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', 'abc'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      "error: option '-p, --port <port>' argument 'abc' is invalid. not a port number (0 to 65535; 0 picks a free one)",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
