// Counters as deltas: after one full table, a `host:counters` event carries only the interfaces and
// rules whose totals or rates changed since the last event, and the ids that are gone. An idle host
// then costs a few bytes per poll instead of every counter of every veth and rule. Rates are rounded
// to what the screen shows (3 significant digits), so a rate that moves below that is not news.
import type { CountersSample } from '../collect/counters/counters.js';
import type { CountersEvent, InterfaceRate, RuleRate } from '../model/wire.js';
import { computeRates } from './rates.js';

/** What the clients hold: the last full table with every delta applied. */
export interface CountersTable {
  at: string;
  intervalMs: number;
  interfaces: Map<string, InterfaceRate>;
  rules: Map<string, RuleRate>;
}

/** 3 significant digits: 1234.56 → 1230, 0.01234 → 0.0123. */
export function roundRate(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  return Number(value.toPrecision(3));
}

function roundInterface(i: InterfaceRate): InterfaceRate {
  return {
    ...i,
    rxBps: roundRate(i.rxBps),
    txBps: roundRate(i.txBps),
    rxPps: roundRate(i.rxPps),
    txPps: roundRate(i.txPps),
  };
}

const roundRule = (r: RuleRate): RuleRate => ({ ...r, pps: roundRate(r.pps), bps: roundRate(r.bps) });

const sameInterface = (a: InterfaceRate, b: InterfaceRate) =>
  a.rxBytes === b.rxBytes &&
  a.txBytes === b.txBytes &&
  a.rxPackets === b.rxPackets &&
  a.txPackets === b.txPackets &&
  a.rxBps === b.rxBps &&
  a.txBps === b.txBps &&
  a.rxPps === b.rxPps &&
  a.txPps === b.txPps;

const sameRule = (a: RuleRate, b: RuleRate) =>
  a.packets === b.packets && a.bytes === b.bytes && a.pps === b.pps && a.bps === b.bps;

function changed<T extends { id: string }>(
  before: ReadonlyMap<string, T> | undefined,
  now: ReadonlyMap<string, T>,
  same: (a: T, b: T) => boolean,
): { items: T[]; gone: string[] } {
  const items: T[] = [];
  for (const [id, item] of now) {
    const old = before?.get(id);
    if (!old || !same(old, item)) items.push(item);
  }
  const gone = before ? [...before.keys()].filter((id) => !now.has(id)) : [];
  return { items, gone };
}

/** The full table of a poll's rates (rounded), which the next delta is computed against. */
export function tableOf(rates: CountersEvent): CountersTable {
  return {
    at: rates.at,
    intervalMs: rates.intervalMs,
    interfaces: new Map(rates.interfaces.map((i) => [i.id, roundInterface(i)])),
    rules: new Map(rates.rules.map((r) => [r.id, roundRule(r)])),
  };
}

/** The table as one full event (first event of a link, and the `session:counters` answer). */
export function fullEvent(table: CountersTable): CountersEvent {
  return {
    at: table.at,
    intervalMs: table.intervalMs,
    full: true,
    interfaces: [...table.interfaces.values()],
    rules: [...table.rules.values()],
  };
}

/** What turns `sent` into `next`: only what changed (and what is gone); a full event without `sent`. */
export function deltaEvent(sent: CountersTable | null, next: CountersTable): CountersEvent {
  if (!sent) return fullEvent(next);
  const interfaces = changed(sent.interfaces, next.interfaces, sameInterface);
  const rules = changed(sent.rules, next.rules, sameRule);
  const event: CountersEvent = {
    at: next.at,
    intervalMs: next.intervalMs,
    full: false,
    interfaces: interfaces.items,
    rules: rules.items,
  };
  if (interfaces.gone.length > 0 || rules.gone.length > 0)
    event.gone = { interfaces: interfaces.gone, rules: rules.gone };
  return event;
}

/** One link's counters: rates from consecutive samples, sent as deltas against what the clients hold. */
export class CountersFeed {
  private last: CountersSample | null = null;
  private sent: CountersTable | null = null;

  constructor(private readonly defaultIntervalMs: number) {}

  /** The event to send for this sample; null when nothing moved (then nothing is sent). */
  push(sample: CountersSample): CountersEvent | null {
    const table = tableOf(computeRates(this.last, sample, this.defaultIntervalMs));
    const event = deltaEvent(this.sent, table);
    this.last = sample;
    this.sent = table;
    const moved = event.interfaces.length > 0 || event.rules.length > 0 || event.gone !== undefined;
    return event.full || moved ? event : null;
  }

  /** The clients' table (the last poll's rates), or null before the first poll. */
  get table(): CountersTable | null {
    return this.sent;
  }
}
