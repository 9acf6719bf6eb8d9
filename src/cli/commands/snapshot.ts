// `netlens snapshot`: capture a host once and print or save it. Declared here (options, help); the
// capture is in snapshot-run.ts, imported only when the command runs.
import type { Command } from 'commander';
import { fail } from '../errors.js';

export interface HostOptions {
  host: string;
  dockerHost?: string;
  acceptNewHostKey?: boolean;
  identity?: string;
  knownHosts?: string;
  sshConfig?: string;
  jump?: string;
}

export interface SnapshotOptions extends HostOptions {
  output?: string;
  pretty?: boolean;
  summary?: boolean;
  save?: string;
  note?: string;
  store?: string;
}

/** SSH options shared by every command that reaches a host. */
export function addSshOptions(command: Command): Command {
  return command
    .option('--accept-new-host-key', 'trust and remember the SSH host key of a host seen for the first time')
    .option(
      '-i, --identity <file>',
      'SSH private key to use (for the host, not the jump hosts, as with ssh -J)',
    )
    .option(
      '-J, --jump <hosts>',
      'jump hosts, comma-separated (bastion,ops@10.0.0.1:2222), as ssh -J; overrides the ssh config (none: connect directly)',
    )
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .option('--ssh-config <file>', 'ssh config file (default ~/.ssh/config)');
}

/** The engine socket on the host, for Podman or a second engine (shared by snapshot and diff --host). */
export function addEngineOption(command: Command): Command {
  return command.option(
    '--docker-host <address>',
    'engine API socket on the host, e.g. unix:///run/podman/podman.sock (default: DOCKER_HOST locally, else /var/run/docker.sock)',
  );
}

export function addHostOptions(command: Command): Command {
  return addSshOptions(
    addEngineOption(command).option(
      '-H, --host <target>',
      'local, ssh://user@host[:port], user@host or an ~/.ssh/config alias',
      'local',
    ),
  );
}

export function registerSnapshotCommand(program: Command): void {
  addHostOptions(program.command('snapshot'))
    .description("capture a host's network state as a netlens.snapshot/v1 JSON document")
    .option('-o, --output <file>', 'write the JSON to a file instead of stdout')
    .option('--pretty', 'indent the JSON')
    .option('--summary', 'print a readable tree instead of JSON')
    .option('--save <name>', 'also save it in the snapshot store under this name')
    .option('--note <text>', 'a note kept with the saved snapshot')
    .option('--store <dir>', 'snapshot store folder (default: the platform data folder)')
    .action(async (options: SnapshotOptions) => {
      try {
        const { runSnapshot } = await import('./snapshot-run.js');
        await runSnapshot(options);
      } catch (error) {
        fail(error);
      }
    });
}
