// bench:live's tables: one column per host size, side by side, so one run shows how latency and the
// stages grow (or do not) with the number of containers.
import { percentile } from './live-client.js';
import { CYCLE_DEADLINE_MS, STAGES, type Sample } from './live-latency.js';

export interface SizeResult {
  label: string;
  /** Containers on the host (all of them, ours and anyone else's) while measuring. */
  hostContainers: number;
  samples: Sample[];
  /** Average `host:counters` message size over the phase, bytes. */
  countersBytesPerPoll: number;
  /** Average `host:patch` message size over the phase, bytes. */
  patchBytes: number;
  /** Warnings about namespaces caught between states that reached the client during the phase. */
  transientWarnings: number;
}

const ms = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : '–');
const medP95 = (values: number[]) =>
  values.length === 0 ? '–' : `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;

function rows(r: SizeResult): [string, string][] {
  const all = r.samples.map((s) => s.total);
  const of = (verb: Sample['verb']) => r.samples.filter((s) => s.verb === verb).map((s) => s.total);
  const out: [string, string][] = [
    ['containers on the host', String(r.hostContainers)],
    ['event → patch applied, median / p95', medP95(all)],
    ['  max', ms(Math.max(...all))],
    ['  starts (from `start`)', medP95(of('start'))],
    ['  stops (from `die`)', medP95(of('stop'))],
    ['from the docker CLI call', medP95(r.samples.map((s) => s.fromCall))],
  ];
  for (const stage of STAGES) {
    const values = r.samples.map((s) => s.stages[stage]).filter((v): v is number => v !== undefined);
    out.push([`  stage ${stage}`, medP95(values)]);
  }
  out.push([
    `missed (not applied within ${CYCLE_DEADLINE_MS / 1000} s)`,
    String(r.samples.filter((s) => s.timedOut).length),
  ]);
  out.push(['host:patch, average KiB', (r.patchBytes / 1024).toFixed(1)]);
  out.push(['host:counters per poll, average KiB', (r.countersBytesPerPoll / 1024).toFixed(1)]);
  out.push(['transient warnings sent', String(r.transientWarnings)]);
  return out;
}

export function printTable(results: SizeResult[], cycles: number): void {
  if (results.length === 0) return;
  const columns = results.map(rows);
  const names = columns[0]?.map(([name]) => name) ?? [];
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const colWidth = Math.max(14, ...results.map((r) => r.label.length + 2));
  console.log(
    `\nDocker event → patch applied at a WebSocket client of netlens serve, ${cycles} start/stop cycles per size (ms)`,
  );
  console.log(`${''.padEnd(width)}${results.map((r) => r.label.padStart(colWidth)).join('')}`);
  names.forEach((name, i) => {
    console.log(`${name.padEnd(width)}${columns.map((c) => (c[i]?.[1] ?? '').padStart(colWidth)).join('')}`);
  });
  // The slowest sample of each size with its stages: what a p95 or max outlier was made of.
  for (const r of results) {
    const worst = [...r.samples].sort((a, b) => b.total - a.total)[0];
    if (!worst) continue;
    const stages = STAGES.filter((st) => worst.stages[st] !== undefined)
      .map((st) => `${st} ${ms(worst.stages[st] ?? NaN)}`)
      .join(', ');
    console.log(
      `slowest at ${r.label}: ${worst.verb} ${ms(worst.total)} ms${worst.timedOut ? ' (missed)' : ''}${stages ? ` (${stages})` : ''}`,
    );
  }
  console.log(
    '  (stages: wait = event to capture start (delivery, 20 ms debounce, a capture in progress); docker and\n' +
      '   exec run side by side; send = handed to emit → arrived at the client; apply = parse + applyPatch)',
  );
}
