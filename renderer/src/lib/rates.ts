// Live traffic from `host:counters` turned into what the drawing shows: a rate per cable and flow,
// a stroke width that grows with it, and a label only when something moves.
import type { CountersEvent, InterfaceRate, RuleRate } from '../../../src/api/contract.js';
import type { CableItem, FlowItem } from './layout/types.js';

export interface Rate {
  bps: number;
  pps: number;
}

export interface RateIndex {
  iface: Map<string, InterfaceRate>;
  rule: Map<string, RuleRate>;
}

export function indexRates(event: CountersEvent | null | undefined): RateIndex {
  return {
    iface: new Map((event?.interfaces ?? []).map((i) => [i.id, i])),
    rule: new Map((event?.rules ?? []).map((r) => [r.id, r])),
  };
}

/**
 * The client's table after one `host:counters` event: a full event replaces it; a delta (only what
 * changed since the previous event, and the ids that are gone) is merged into a copy, so reactive
 * state sees a new object.
 */
export function mergeRates(prev: RateIndex | null | undefined, event: CountersEvent): RateIndex {
  if (event.full || !prev) return indexRates(event);
  const iface = new Map(prev.iface);
  const rule = new Map(prev.rule);
  for (const id of event.gone?.interfaces ?? []) iface.delete(id);
  for (const id of event.gone?.rules ?? []) rule.delete(id);
  for (const i of event.interfaces) iface.set(i.id, i);
  for (const r of event.rules) rule.set(r.id, r);
  return { iface, rule };
}

const ifaceRate = (i: InterfaceRate | undefined): Rate | null =>
  i ? { bps: i.rxBps + i.txBps, pps: i.rxPps + i.txPps } : null;

/** A cable carries what its host end (or, without one, its namespace end) moves. */
export function cableRate(cable: CableItem, rates: RateIndex): Rate | null {
  if (cable.kind === 'bundle') return null;
  return ifaceRate(rates.iface.get(cable.to)) ?? ifaceRate(rates.iface.get(cable.from));
}

/** A NAT flow's rate is its rule's counter rate (the nat table sees the first packet of each connection). */
export function flowRate(
  flow: FlowItem,
  ruleOf: (flowId: string) => string | null,
  rates: RateIndex,
): Rate | null {
  const total: Rate = { bps: 0, pps: 0 };
  let found = false;
  for (const id of flow.members) {
    const rule = ruleOf(id);
    const r = rule ? rates.rule.get(rule) : undefined;
    if (!r) continue;
    found = true;
    total.bps += r.bps;
    total.pps += r.pps;
  }
  return found ? total : null;
}

export const IDLE_BPS = 1;

export function isIdle(rate: Rate | null): boolean {
  return !rate || (rate.bps < IDLE_BPS && rate.pps < 0.05);
}

/** Stroke width: thin when idle, up to 7 px on a log scale of bytes per second. */
export function strokeFor(rate: Rate | null, base = 1.5): number {
  if (isIdle(rate) || !rate) return base;
  const w = base + Math.log10(Math.max(1, rate.bps) / 10) * 0.9;
  return Math.round(Math.min(7, Math.max(base + 0.5, w)) * 10) / 10;
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

export function formatRate(rate: Rate | null): string {
  if (isIdle(rate) || !rate) return '';
  return `${formatBytes(rate.bps)}/s`;
}

export function formatPps(pps: number): string {
  return pps >= 10 ? `${Math.round(pps)}/s` : `${pps.toFixed(1)}/s`;
}
