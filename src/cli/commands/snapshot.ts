// `netlens snapshot`: capture a host once and print or save it.
import { rename, stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { capture } from '../../capture/capturer.js';
import { connect } from '../../connection/connect.js';
import type { Snapshot } from '../../model/snapshot.js';
import { askPassphraseOnTty } from '../prompt.js';
import { fail } from '../errors.js';
import { formatSummary } from '../summary.js';
import { saveSnapshot } from './snapshots.js';

export interface HostOptions {
  host: string;
  acceptNewHostKey?: boolean;
  identity?: string;
  knownHosts?: string;
  sshConfig?: string;
}

/** SSH options shared by every command that reaches a host. */
export function addSshOptions(command: Command): Command {
  return command
    .option('--accept-new-host-key', 'trust and remember the SSH host key of a host seen for the first time')
    .option('-i, --identity <file>', 'SSH private key to use')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .option('--ssh-config <file>', 'ssh config file (default ~/.ssh/config)');
}

export function addHostOptions(command: Command): Command {
  return addSshOptions(
    command.option(
      '-H, --host <target>',
      'local, ssh://user@host[:port], user@host or an ~/.ssh/config alias',
      'local',
    ),
  );
}

export async function captureLive(options: HostOptions): Promise<Snapshot> {
  const conn = await connect(options.host, {
    acceptNewHostKey: options.acceptNewHostKey === true,
    identityFile: options.identity,
    knownHostsPath: options.knownHosts,
    sshConfigPath: options.sshConfig,
    askPassphrase: askPassphraseOnTty,
  });
  try {
    return await capture(conn, { target: options.host });
  } finally {
    await conn.close();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  // Only a regular file is replaced by rename; a device or pipe (`-o /dev/null`, `-o /dev/stdout`)
  // is written to as it is, never renamed over.
  const existing = await stat(file).catch(() => null);
  if (existing && !existing.isFile()) {
    await writeFile(file, text);
    return;
  }
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

interface SnapshotOptions extends HostOptions {
  output?: string;
  pretty?: boolean;
  summary?: boolean;
  save?: string;
  note?: string;
  store?: string;
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
        const snapshot = await captureLive(options);
        if (options.save) {
          const meta = await saveSnapshot(snapshot, {
            name: options.save,
            note: options.note,
            storeDir: options.store,
          });
          process.stderr.write(`netlens: saved as ${meta.id} (${meta.name})\n`);
        }
        const text = options.summary
          ? formatSummary(snapshot)
          : `${JSON.stringify(snapshot, null, options.pretty ? 2 : undefined)}\n`;
        if (options.output) await writeAtomically(options.output, text);
        else process.stdout.write(text);
      } catch (error) {
        fail(error);
      }
    });
}
