// What `netlens path` does, loaded only when it runs (path.ts declares the command): get the snapshot
// (a file, a saved one, or a capture now), ask the path engine, print the hops or JSON.
import { parseDestination, parseEnd, tracePath } from '../../model/path/engine.js';
import type { Snapshot } from '../../model/snapshot.js';
import { openStore } from '../../store/file-store.js';
import { resolveSnapshot } from '../../store/resolve-ref.js';
import type { ResolvedIo } from '../io.js';
import { formatPath } from '../path-format.js';
import { visibleLines } from '../terminal-text.js';
import type { HostOptions } from './snapshot.js';

export interface PathOptions extends Partial<HostOptions> {
  from: string;
  to: string;
  json?: boolean;
  store?: string;
}

const EXIT = { delivered: 0, blocked: 1, uncertain: 3 } as const;

async function snapshotFor(ref: string | undefined, options: PathOptions, io: ResolvedIo): Promise<Snapshot> {
  if (ref !== undefined && options.host !== undefined) throw new Error('give a snapshot or --host, not both');
  if (ref !== undefined)
    return (await resolveSnapshot(openStore(options.store ?? io.storeDir), ref)).snapshot;
  const { captureLive } = await import('./snapshot-run.js');
  return captureLive({ ...options, host: options.host ?? 'local' });
}

/** Prints the path; returns the exit status (0 delivered, 1 blocked, 3 uncertain). Throws on errors. */
export async function runPath(
  ref: string | undefined,
  options: PathOptions,
  io: ResolvedIo,
): Promise<number> {
  const snapshot = await snapshotFor(ref, options, io);
  const to = parseDestination(options.to, snapshot);
  const result = tracePath(snapshot, {
    from: parseEnd(options.from, snapshot),
    to: to.end,
    port: to.port,
    ...(to.protocol && { protocol: to.protocol }),
  });
  io.out(options.json ? visibleLines(`${JSON.stringify(result, null, 2)}\n`) : formatPath(result));
  return EXIT[result.verdict];
}
