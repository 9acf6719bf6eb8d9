// The `netlens` command line.
import { Command } from 'commander';
import { registerServeCommand } from './commands/serve.js';
import { addSshOptions, captureLive, registerSnapshotCommand } from './commands/snapshot.js';
import type { HostOptions } from './commands/snapshot.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerSnapshotsCommand } from './commands/snapshots.js';

const program = new Command('netlens')
  .description("See how a Docker host's network really works: namespaces, veths, bridges, routes and NAT")
  .version('0.1.0')
  .showHelpAfterError();

registerSnapshotCommand(program);
registerServeCommand(program);
registerDiffCommand(program, {
  captureLive: (target, options) => captureLive({ ...(options as Omit<HostOptions, 'host'>), host: target }),
  captureOptions: addSshOptions,
});
registerSnapshotsCommand(program);

await program.parseAsync(process.argv);
