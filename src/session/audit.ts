// The live-session auditor (debug and test mode): every N seconds a fresh full capture with a capturer
// of its own is compared by meaning (src/diff: counters, capture times and what the kernel makes by
// itself are ignored) with what the session currently shows. A difference right after a change is a
// race (the session has not captured it yet); one still there after the session finished a capture
// that began after the audit first saw it outlived a reconcile: the session looked again and still
// shows the host wrongly. Those are counted (once each); the issue #13 soak wants 0 of them.
import { diffSnapshots } from '../diff/index.js';
import type { Change } from '../model/diff-types.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Disposables } from './disposables.js';

export interface AuditOptions {
  /** Time between the end of one audit and the start of the next. */
  intervalMs: number;
  /** Called after each audit (also when nothing differs). */
  onReport: (report: AuditReport) => void;
  /** Benchmarks: the three snapshots compared by an audit that found a difference. */
  onEvidence?: (evidence: { report: AuditReport; before: Snapshot; live: Snapshot; fresh: Snapshot }) => void;
}

/** One way the live view differs from the host, as a person reads it. */
export interface Divergence {
  /**
   * The same while the live view stays wrong the same way: collection, kind, item key, the paths that
   * differ and the live view's values there (not the host's: a live view stuck on one value while the
   * host moves on is one lasting divergence; a live value that changed is the session moving).
   */
  id: string;
  text: string;
}

export interface AuditReport {
  hostId: string;
  /** When the comparison was made (ISO). */
  at: string;
  /** Milliseconds the fresh capture took. */
  captureMs: number;
  /** What differs now, both before and after the fresh capture (see confirmed()). */
  divergences: Divergence[];
  /** Of those, the ones that just outlived a reconcile (each is reported here once). */
  lasting: Divergence[];
  /** Totals since the session started. */
  audits: number;
  lastingTotal: number;
}

/** Session progress the auditor reads: captures begun, and the begin number of the last one finished. */
export interface CaptureProgress {
  begun: number;
  finishedBegun: number;
}

const MAX_SHOWN = 160;
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
};

function describe(c: Change, run: string): Divergence {
  const paths = c.fields.map((f) => f.path);
  const live = c.fields.length ? ` live ${JSON.stringify(c.fields.map((f) => f.before))}` : '';
  // The label joins the key when it says more: a host veth is keyed by its peer, and two restarts of
  // one container give two veths under one key (the soak counted that as one lasting divergence).
  const named = c.label.endsWith(c.key) ? '' : ` [${c.label}]`;
  const id = `${c.collection} ${c.kind} ${c.key}${named}${run}${paths.length ? ` ${paths.join(',')}` : ''}${live}`;
  if (c.kind === 'added') return { id, text: `${c.label} is missing from the live view` };
  if (c.kind === 'removed') return { id, text: `${c.label} is in the live view but not on the host` };
  const fields = c.fields.map((f) => `${f.path} live ${show(f.before)}, host ${show(f.after)}`);
  return { id, text: `${c.label} differs: ${fields.join('; ')}` };
}

/**
 * How the live view differs from a fresh capture of the same host (empty when it is right). What
 * belongs to a container carries the run (pid) of it in the snapshot that has the item (the host's
 * for what the live view lacks, the live view's otherwise): a container stopped and started again
 * between two audits is another run, and its namespace lacking from a live view that was right at
 * each moment (stopped, then not yet seen started) is two races, not one lasting divergence; a run
 * the live view really misses keeps its pid.
 */
export function divergences(live: Snapshot, fresh: Snapshot): Divergence[] {
  const diff = diffSnapshots(live, fresh, { a: 'live', b: 'fresh' }, { byRole: false, crossHost: false });
  const pids = (s: Snapshot) => new Map(s.containers.map((c) => [c.name, c.pid]));
  const livePids = pids(live);
  const freshPids = pids(fresh);
  const unsure = unpairedInFresh(fresh);
  return diff.changes
    .filter((c) => !(c.collection === 'interface' && unsure.has(c.ids.b ?? c.ids.a ?? '')))
    .map((c) => {
      const pid =
        c.owner.kind === 'container'
          ? (c.kind === 'added' ? freshPids : livePids).get(c.owner.name)
          : undefined;
      return describe(c, pid === undefined ? '' : ` @${pid ?? '-'}`);
    });
}

/**
 * Host veths the fresh capture caught between states, which it cannot say what they are: a peer the
 * kernel puts in another namespace (a netnsid) that was not read (being made or torn down, or no
 * answer within the per-namespace timeout of a loaded host), or a pair with both ends down in the
 * host (Docker makes a pair there before it moves one end into the container's namespace, and moves
 * it back before it deletes the pair). In the soak such veths were caught so in two audits in a row
 * while each live view was right, one "lasting" divergence each. Veths the fresh capture paired
 * across namespaces, and pairs up in the host, are compared as ever.
 */
function unpairedInFresh(fresh: Snapshot): Set<string> {
  const hostVeths = fresh.interfaces.filter((i) => i.namespace === 'host' && i.kind === 'veth');
  const byId = new Map(hostVeths.map((i) => [i.id, i]));
  const passing = (i: (typeof hostVeths)[number]) => {
    if (i.peer === null) return i.linkNetnsId !== null;
    const peer = byId.get(i.peer);
    return peer !== undefined && i.state !== 'UP' && peer.state !== 'UP';
  };
  return new Set(hostVeths.filter(passing).map((i) => i.id));
}

/**
 * The divergences the live view had both before the fresh capture began and after it ended. A fresh
 * capture takes time: a change during it shows against only one of the two (the view before is
 * older than the capture, the view after may be newer), so it is a race, not the session's fault.
 */
export function confirmed(before: Snapshot, after: Snapshot, fresh: Snapshot): Divergence[] {
  const earlier = new Set(divergences(before, fresh).map((d) => d.id));
  return divergences(after, fresh).filter((d) => earlier.has(d.id));
}

/** Remembers each divergence from the audit that first saw it until one no longer sees it. */
export class DivergenceTracker {
  private open = new Map<string, { begun: number; counted: boolean }>();
  audits = 0;
  lastingTotal = 0;

  /**
   * Records one audit's divergences; returns the ones that outlived a reconcile just now. `progress`
   * is the session's as the audit compared, `atStart` as its fresh capture began (default: the same).
   * A reconcile counts only if it had finished by then: the live view before the fresh capture must
   * be its result too. Else the view before is older than the reconcile, and a container created
   * after it and removed during the fresh capture (missing from both live views, which were right
   * each time) read as a lasting divergence: the soak counted containers that lived 20 s during
   * 20-s updates so.
   */
  observe(now: Divergence[], progress: CaptureProgress, atStart: CaptureProgress = progress): Divergence[] {
    this.audits += 1;
    const next = new Map<string, { begun: number; counted: boolean }>();
    const lasting: Divergence[] = [];
    for (const d of now) {
      const seen = this.open.get(d.id);
      if (!seen) {
        next.set(d.id, { begun: progress.begun, counted: false });
        continue;
      }
      // A capture that began after the first sighting finished, and the live view is still wrong.
      const outlived = atStart.finishedBegun > seen.begun;
      if (outlived && !seen.counted) {
        lasting.push(d);
        this.lastingTotal += 1;
      }
      next.set(d.id, { begun: seen.begun, counted: seen.counted || outlived });
    }
    this.open = next;
    return lasting;
  }
}

export interface AuditLoop {
  /** The session: its id, what it shows now, whether it has events or a capture pending, its progress. */
  hostId: string;
  live: () => Snapshot | null;
  busy: () => boolean;
  progress: () => CaptureProgress;
  /** A full capture with a capturer that shares nothing with the session's. */
  capture: () => Promise<Snapshot>;
  /** Whether the session still runs this loop (a new connection starts a new one). */
  current: () => boolean;
  res: Disposables;
  track: <T>(p: Promise<T>) => Promise<T>;
  /** Longest wait for the session to settle before comparing anyway. Default 5000. */
  settleMs?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts auditing a live link; stops by itself once `current()` is false. */
export function startAudit(loop: AuditLoop, options: AuditOptions): void {
  const tracker = new DivergenceTracker();
  const settleMs = loop.settleMs ?? 5000;

  async function once(): Promise<void> {
    const started = Date.now();
    const atStart = loop.progress();
    const before = loop.live();
    const fresh = await loop.capture();
    const captureMs = Date.now() - started;
    // Compare with what the session shows once it has captured the events it already received.
    const deadline = Date.now() + settleMs;
    while (loop.busy() && Date.now() < deadline && loop.current()) await pause(20);
    const live = loop.live();
    if (!before || !live || !loop.current()) return;
    const now = confirmed(before, live, fresh);
    const lasting = tracker.observe(now, loop.progress(), atStart);
    const report: AuditReport = {
      hostId: loop.hostId,
      at: new Date().toISOString(),
      captureMs,
      divergences: now,
      lasting,
      audits: tracker.audits,
      lastingTotal: tracker.lastingTotal,
    };
    options.onReport(report);
    if (now.length > 0) options.onEvidence?.({ report, before, live, fresh });
  }

  function schedule(): void {
    if (!loop.current()) return;
    loop.res.timeout('audit timer', options.intervalMs, () => {
      // A failed capture is the session's business (it sees the same connection fail).
      void loop
        .track(once())
        .catch(() => undefined)
        .finally(schedule);
    });
  }
  schedule();
}

const LIST_MAX = 10;
const list = (ds: Divergence[]) =>
  ds
    .slice(0, LIST_MAX)
    .map((d) => d.text)
    .join('; ') + (ds.length > LIST_MAX ? `; and ${ds.length - LIST_MAX} more` : '');

/** One line for a log: quiet (null) when the live view is right. */
export function formatAuditReport(r: AuditReport): string | null {
  if (r.divergences.length === 0 && r.lasting.length === 0) return null;
  const head = `audit ${r.hostId}: the live view differs from a fresh capture in ${r.divergences.length} item(s)`;
  const lasting = r.lasting.length
    ? `; ${r.lasting.length} outlived a reconcile (${r.lastingTotal} so far): ${list(r.lasting)}`
    : `; ${r.lastingTotal} outlived a reconcile so far`;
  return `${head}: ${list(r.divergences)}${lasting}`;
}

/** `NETLENS_AUDIT=<seconds>` turns the auditor on; anything else (or unset) leaves it off. */
export function auditIntervalFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env.NETLENS_AUDIT;
  if (raw === undefined || !/^\d{1,6}(\.\d{1,3})?$/.test(raw.trim())) return null;
  const seconds = Number(raw);
  return seconds > 0 ? Math.round(seconds * 1000) : null;
}
