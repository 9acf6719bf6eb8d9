// "Watch it happen": which hops of the packet path moved in the last counters interval. A rule moved
// when its packet counter grew; a device or cable when its interface (either end of a cable) did.
// Sending traffic while a path is shown then points at the rule that really matched.
import type { PathHop } from '../../../src/model/path/types.js';
import { isIdle, type Rate, type RateIndex } from './rates.js';

const ifaceRate = (rates: RateIndex, id: string | null): Rate | null => {
  const i = id ? rates.iface.get(id) : undefined;
  return i ? { bps: i.rxBps + i.txBps, pps: i.rxPps + i.txPps } : null;
};

/** What moved on a drawn item: an interface, either end of a cable, or a NAT flow's rule. */
export function itemMoved(id: string, rates: RateIndex, ruleOf: (flowId: string) => string | null): boolean {
  if (id.startsWith('cable:')) {
    const [a = '', b = ''] = id.slice('cable:'.length).split('|');
    return !isIdle(ifaceRate(rates, a)) || !isIdle(ifaceRate(rates, b));
  }
  const rule = ruleOf(id);
  const r = rule ? rates.rule.get(rule) : undefined;
  if (r && r.pps > 0) return true;
  return !isIdle(ifaceRate(rates, id));
}

/** Packets per second through a hop's rule, when its counter moved; null otherwise. */
export function ruleMoved(hop: PathHop, rates: RateIndex): number | null {
  const r = hop.rule ? rates.rule.get(hop.rule.id) : undefined;
  return r && r.pps > 0 ? r.pps : null;
}

export function hopMoved(hop: PathHop, rates: RateIndex, ruleOf: (flowId: string) => string | null): boolean {
  return ruleMoved(hop, rates) !== null || (hop.item !== null && itemMoved(hop.item, rates, ruleOf));
}
