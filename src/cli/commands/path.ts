// `netlens path [--host T | SNAPSHOT] --from X --to Y[:PORT[/PROTO]]`: the packet path between two
// ends of a live host or a snapshot, as the app's packet-path panel shows it. Exit status: 0 delivered,
// 1 blocked, 2 error, 3 uncertain. Declared here; the work is in path-run.ts, imported when it runs.
import type { Command } from 'commander';
import { describeError } from '../errors.js';
import { resolveIo, withUsageExit, type CliIo } from '../io.js';
import { addSshOptions } from './snapshot.js';
import type { PathOptions } from './path-run.js';

export function registerPathCommand(program: Command, deps: CliIo = {}): Command {
  const io = resolveIo(deps);
  const cmd = withUsageExit(program.command('path'), io)
    .description('trace a packet from one end to another: each device, route and rule, and the verdict')
    .argument('[snapshot]', 'a snapshot file or saved id/name (default: capture --host now)')
    .requiredOption('--from <end>', 'a container name, host, outside, or an address')
    .requiredOption(
      '--to <end>',
      'the same, with an optional :PORT[/PROTO] (tcp, udp, sctp); no port: a ping',
    )
    .option(
      '-H, --host <target>',
      'capture this host now (local, user@host, ssh://…); the default without a snapshot',
    )
    .option('--json', 'print the path as JSON')
    .option('--store <dir>', `snapshot folder for saved ids and names (default ${io.storeDir})`)
    .addHelpText(
      'after',
      '\nExit status: 0 delivered, 1 blocked, 2 error, 3 uncertain (a fact the snapshot lacks is named).\n' +
        'Examples:\n  netlens path --from outside --to host:8080\n  netlens path snap.json --from web --to db:5432\n' +
        '  netlens path --from host --to 127.0.0.1:5353/udp',
    );
  addSshOptions(cmd).action(async (snapshot: string | undefined, options: PathOptions) => {
    try {
      const { runPath } = await import('./path-run.js');
      io.setExitCode(await runPath(snapshot, options, io));
    } catch (error) {
      io.err(`netlens path: ${describeError(error)}\n`);
      io.setExitCode(2);
    }
  });
  return cmd;
}
