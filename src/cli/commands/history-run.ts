// What `netlens history` does: finds the history folder beside the store and prints each host's
// recorded moments (time, full capture or change, what changed).
import { dirname, join } from 'node:path';
import { listPoints, recordedHosts } from '../../history/reader.js';
import type { HistoryPoint } from '../../model/wire.js';
import type { ResolvedIo } from '../io.js';

export interface HistoryCliOptions {
  host?: string;
  since?: number;
  limit?: number;
  store?: string;
  history?: string;
  json?: boolean;
}

export async function runHistory(o: HistoryCliOptions, io: ResolvedIo): Promise<void> {
  const root = o.history ?? join(dirname(o.store ?? io.storeDir), 'history');
  const hosts = o.host !== undefined ? [o.host.trim()] : await recordedHosts(root);
  const query = { ...(o.since !== undefined && { since: o.since }), limit: o.limit ?? 200 };
  const out: { hostId: string; points: HistoryPoint[] }[] = [];
  for (const hostId of hosts) out.push({ hostId, points: await listPoints(root, hostId, query) });
  if (o.json) {
    io.out(`${JSON.stringify({ folder: root, hosts: out }, null, 2)}\n`);
    return;
  }
  if (out.every((h) => h.points.length === 0)) {
    const which = o.host === undefined ? '' : ` of ${o.host}`;
    io.out(`Nothing recorded${which}${o.since === undefined ? '' : ' in that time'} (${root}).\n`);
    return;
  }
  const lines: string[] = [];
  for (const { hostId, points } of out) {
    if (points.length === 0) continue;
    const first = points[0]?.at ?? '';
    const last = points.at(-1)?.at ?? '';
    lines.push(`${hostId}: ${points.length} moment${points.length === 1 ? '' : 's'}, ${first} → ${last}`);
    for (const p of points)
      lines.push(`  ${p.at}  ${p.kind === 'full' ? 'capture' : 'change '}  ${p.changes.join('; ')}`);
    lines.push('');
  }
  io.out(`${lines.join('\n')}`);
}
