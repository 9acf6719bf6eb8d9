// What `netlens snapshot` does (and the live capture `netlens diff --host` uses), loaded only when one
// of them runs: it pulls in ssh2, dockerode and the collectors.
import { stat, writeFile } from 'node:fs/promises';
import { capture } from '../../capture/capturer.js';
import { connect } from '../../connection/connect.js';
import type { Snapshot } from '../../model/snapshot.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { askPassphraseOnTty } from '../prompt.js';
import { formatSummary } from '../summary.js';
import { visible, visibleLines } from '../terminal-text.js';
import type { HostOptions, SnapshotOptions } from './snapshot.js';
import { saveSnapshot } from './snapshots-run.js';

export async function captureLive(options: HostOptions): Promise<Snapshot> {
  const conn = await connect(options.host, {
    acceptNewHostKey: options.acceptNewHostKey === true,
    identityFile: options.identity,
    knownHostsPath: options.knownHosts,
    sshConfigPath: options.sshConfig,
    jump: options.jump,
    askPassphrase: askPassphraseOnTty,
    ...(options.dockerHost !== undefined && { dockerHost: options.dockerHost }),
  });
  // What of the ssh config is not honoured, before anything else is printed.
  for (const warning of conn.warnings ?? []) process.stderr.write(`netlens: warning: ${warning}\n`);
  try {
    return await capture(conn, { target: options.host });
  } finally {
    await conn.close();
  }
}

async function writeOutput(file: string, text: string): Promise<void> {
  // Only a regular file is replaced (by an exclusive, randomly named temp file renamed over it); a
  // device or pipe (`-o /dev/null`, `-o /dev/stdout`) is written to as it is, never renamed over.
  const existing = await stat(file).catch(() => null);
  if (existing && !existing.isFile()) await writeFile(file, text);
  else await writeFileAtomic(file, text);
}

export async function runSnapshot(options: SnapshotOptions): Promise<void> {
  const snapshot = await captureLive(options);
  if (options.save) {
    const meta = await saveSnapshot(snapshot, {
      name: options.save,
      note: options.note,
      storeDir: options.store,
    });
    process.stderr.write(`netlens: saved as ${meta.id} (${visible(meta.name)})\n`);
  }
  const text = options.summary
    ? formatSummary(snapshot)
    : `${JSON.stringify(snapshot, null, options.pretty ? 2 : undefined)}\n`;
  if (options.output) await writeOutput(options.output, text);
  else process.stdout.write(visibleLines(text));
}
