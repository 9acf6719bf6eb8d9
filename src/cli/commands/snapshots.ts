// `netlens snapshots list|show|rename|delete|import|export`: the saved snapshot store from a terminal.
// Declared here (arguments, options, help); what each does is in snapshots-run.ts, imported only when
// a subcommand runs, so `netlens --help` never loads the store.
import type { Command } from 'commander';
import { describeError } from '../errors.js';
import { resolveIo, withUsageExit } from '../io.js';
import type { CliIo } from '../io.js';
import type { ExportOpt, ImportOpt, JsonOpt, StoreOpt } from './snapshots-run.js';

const load = () => import('./snapshots-run.js');

export function registerSnapshotsCommand(program: Command, deps: CliIo = {}): Command {
  const io = resolveIo(deps);
  // Every action: one line on failure, exit 2.
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      try {
        await fn(...args);
      } catch (error) {
        io.err(`netlens snapshots: ${describeError(error)}\n`);
        io.setExitCode(2);
      }
    };
  const group = withUsageExit(program.command('snapshots'), io).description(
    'list and manage saved snapshots',
  );
  const sub = (name: string) =>
    withUsageExit(group.command(name), io).option(
      '--store <dir>',
      `snapshot folder (default ${io.storeDir})`,
    );

  sub('list')
    .description('list saved snapshots, newest first')
    .option('--json', 'print JSON')
    .action(run(async (o: JsonOpt) => (await load()).listSnapshots(io, o)));

  sub('show')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('describe a saved snapshot')
    .option('--json', 'print the whole snapshot as JSON')
    .action(run(async (ref: string, o: JsonOpt) => (await load()).showSnapshot(io, ref, o)));

  sub('rename')
    .argument('<ref>', 'id or name of a saved snapshot')
    .argument('<name>', 'the new name')
    .description('rename a saved snapshot')
    .action(
      run(async (ref: string, name: string, o: StoreOpt) => (await load()).renameSnapshot(io, ref, name, o)),
    );

  sub('delete')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('delete a saved snapshot')
    .action(run(async (ref: string, o: StoreOpt) => (await load()).deleteSnapshot(io, ref, o)));

  sub('import')
    .argument('<files...>', 'snapshot files (.json or .json.gz)')
    .description('copy snapshot files into the store')
    .option('--name <name>', 'name to save under (default: the name inside the file, or the file name)')
    .action(run(async (files: string[], o: ImportOpt) => (await load()).importSnapshots(io, files, o)));

  sub('export')
    .argument('<ref>', 'id or name of a saved snapshot')
    .description('write a saved snapshot as a JSON file (or to stdout)')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option('--redact', 'replace addresses, MACs, names and ids consistently before export')
    .option(
      '--key <secret>',
      'redaction key (or env NETLENS_REDACT_KEY): exports made with one key stay comparable',
    )
    .action(run(async (ref: string, o: ExportOpt) => (await load()).exportSnapshot(io, ref, o)));
  return group;
}
