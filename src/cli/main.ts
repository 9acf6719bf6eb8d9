// The `netlens` command line. Only the commands' declarations (options and help) load here; each
// command imports what it needs when it runs, so `netlens --help` costs little more than node itself
// (test/bench/capture.ts prints the figure).
import { Command } from 'commander';
import { registerDiffCommand } from './commands/diff.js';
import { registerHistoryCommand } from './commands/history.js';
import { registerPathCommand } from './commands/path.js';
import { registerServeCommand } from './commands/serve.js';
import { addEngineOption, addSshOptions, registerSnapshotCommand } from './commands/snapshot.js';
import type { HostOptions } from './commands/snapshot.js';
import { registerSnapshotsCommand } from './commands/snapshots.js';
import { visibleLines } from './terminal-text.js';

const program = new Command('netlens')
  .description("See how a Docker host's network really works: namespaces, veths, bridges, routes and NAT")
  .version('0.1.0')
  .showHelpAfterError()
  // Usage errors quote what was typed (`unknown option '…'`); subcommands inherit this.
  .configureOutput({
    writeOut: (text) => void process.stdout.write(visibleLines(text)),
    writeErr: (text) => void process.stderr.write(visibleLines(text)),
  });

registerSnapshotCommand(program);
registerServeCommand(program);
registerDiffCommand(program, {
  captureLive: async (target, options) => {
    const { captureLive } = await import('./commands/snapshot-run.js');
    return captureLive({ ...(options as Omit<HostOptions, 'host'>), host: target });
  },
  captureOptions: (cmd) => addEngineOption(addSshOptions(cmd)),
});
registerSnapshotsCommand(program);
registerHistoryCommand(program);
registerPathCommand(program);

await program.parseAsync(process.argv);
