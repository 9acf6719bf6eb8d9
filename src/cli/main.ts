// The `netlens` command line.
import { Command } from 'commander';
import { registerSnapshotCommand } from './commands/snapshot.js';

const program = new Command('netlens')
  .description("See how a Docker host's network really works: namespaces, veths, bridges, routes and NAT")
  .version('0.1.0')
  .showHelpAfterError();

registerSnapshotCommand(program);

await program.parseAsync(process.argv);
