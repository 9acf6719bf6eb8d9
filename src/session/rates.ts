// Rates from two consecutive counter samples. A total that went down (interface re-created, rules
// reloaded) restarts from zero instead of giving a negative rate.
import type { CountersEvent, InterfaceRate, RuleRate } from '../api/contract.js';
import type { CountersSample } from '../collect/counters/counters.js';

const perSecond = (now: number, before: number | undefined, seconds: number) =>
  before === undefined || seconds <= 0 || now < before ? 0 : (now - before) / seconds;

export function computeRates(
  prev: CountersSample | null,
  next: CountersSample,
  defaultIntervalMs: number,
): CountersEvent {
  const intervalMs = prev ? Math.max(0, next.at - prev.at) : defaultIntervalMs;
  const s = prev ? intervalMs / 1000 : 0;
  const interfaces: InterfaceRate[] = [];
  for (const [id, t] of next.interfaces) {
    const p = prev?.interfaces.get(id);
    interfaces.push({
      id,
      ...t,
      rxBps: perSecond(t.rxBytes, p?.rxBytes, s),
      txBps: perSecond(t.txBytes, p?.txBytes, s),
      rxPps: perSecond(t.rxPackets, p?.rxPackets, s),
      txPps: perSecond(t.txPackets, p?.txPackets, s),
    });
  }
  const rules: RuleRate[] = [];
  for (const [id, t] of next.rules) {
    const p = prev?.rules.get(id);
    rules.push({ id, ...t, pps: perSecond(t.packets, p?.packets, s), bps: perSecond(t.bytes, p?.bytes, s) });
  }
  return { at: new Date(next.at).toISOString(), intervalMs, full: true, interfaces, rules };
}
