// `netlens --help` stays fast because main.ts loads only the commands' declarations: this follows the
// static imports from src/cli/main.ts (as emitted under verbatimModuleSyntax: only `import type` goes
// away) and fails when one of them reaches the store, the server, the collectors or a heavy package.
// Each command's help is still complete without running it.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { registerDiffCommand } from '../../../src/cli/commands/diff.js';
import { registerPathCommand } from '../../../src/cli/commands/path.js';
import { registerServeCommand } from '../../../src/cli/commands/serve.js';
import { addSshOptions, registerSnapshotCommand } from '../../../src/cli/commands/snapshot.js';
import { registerHistoryCommand } from '../../../src/cli/commands/history.js';
import { registerSnapshotsCommand } from '../../../src/cli/commands/snapshots.js';

/** Module specifiers a file loads at run time (static imports and re-exports; not `import()`). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly)
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly)
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
  }
  return found;
}

/** Every source file and package reachable from `entry` through static run-time imports. */
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(spec);
    }
  };
  visit(resolve(entry));
  return { files: [...files].map((f) => relative(process.cwd(), f)).sort(), packages: [...packages].sort() };
}

describe('netlens start-up', () => {
  it('main.ts loads commander and the command declarations, nothing behind them', () => {
    const { files, packages } = staticGraph('src/cli/main.ts');
    expect(packages).toEqual(['commander']);
    // zod schemas (the contract, the snapshot model), the store, the server and the collectors load
    // when a command runs, never for `--help`. terminal-text (two regular expressions) escapes what
    // the usage errors quote.
    for (const file of files)
      expect(file).toMatch(
        /^src\/(cli\/(main|io|errors|durations|terminal-text|commands\/(snapshot|snapshots|diff|serve|history|path))|store\/default-dir|connection\/types)\.ts$/,
      );
  });

  it('the graph walk sees what a command module pulls in when it runs', () => {
    // The counter-check: the run module behind `netlens snapshot` does reach the heavy packages.
    const { packages } = staticGraph(join('src', 'cli', 'commands', 'snapshot-run.ts'));
    expect(packages).toEqual(expect.arrayContaining(['dockerode', 'ssh2', 'zod']));
  });
});

describe('help without running anything', () => {
  function help(...args: string[]): string {
    let out = '';
    const program = new Command('netlens').exitOverride();
    program.configureOutput({ writeOut: (t) => void (out += t), writeErr: (t) => void (out += t) });
    const io = {
      exit: (code: number): never => {
        throw new CommanderError(code, 'exit', 'exit');
      },
    };
    registerSnapshotCommand(program);
    registerServeCommand(program);
    registerDiffCommand(program, { ...io, captureOptions: addSshOptions });
    registerSnapshotsCommand(program, io);
    registerHistoryCommand(program, io);
    registerPathCommand(program, io);
    for (const command of program.commands) command.exitOverride();
    try {
      program.parse(['node', 'netlens', ...args]);
    } catch (error) {
      expect(error).toBeInstanceOf(CommanderError);
    }
    return out;
  }

  it('lists every command, and each command its options', () => {
    expect(help('--help')).toMatch(
      /snapshot \[options\][\s\S]*serve[\s\S]*diff[\s\S]*snapshots[\s\S]*history[\s\S]*path/,
    );
    expect(help('snapshot', '--help')).toMatch(/-H, --host <target>[\s\S]*--known-hosts[\s\S]*--save <name>/);
    expect(help('serve', '--help')).toMatch(
      /-p, --port <port>[\s\S]*--open[\s\S]*--store <dir>[\s\S]*--no-history[\s\S]*--history-age/,
    );
    expect(help('history', '--help')).toMatch(/--host <target>[\s\S]*--since <when>[\s\S]*--json/);
    expect(help('diff', '--help')).toMatch(/--all[\s\S]*--by-role[\s\S]*--strict[\s\S]*--format <format>/);
    expect(help('diff', '--help')).toMatch(/--host <target>[\s\S]*--volatile[\s\S]*--identity <file>/);
    expect(help('snapshots', '--help')).toMatch(/list[\s\S]*show[\s\S]*rename[\s\S]*import[\s\S]*export/);
    expect(help('path', '--help')).toMatch(
      /--from <end>[\s\S]*--to <end>[\s\S]*--host <target>[\s\S]*--json[\s\S]*--identity <file>[\s\S]*3 uncertain/,
    );
    expect(help('snapshots', 'export', '--help')).toMatch(
      /--store <dir>[\s\S]*--redact[\s\S]*--key <secret>/,
    );
  });
});
