// The packet path marks what moved in the last counters interval: the rule that matched, the cables
// and devices that carried the traffic; nothing when all is idle.
import { describe, expect, it } from 'vitest';
import { containerPath, dnatPath } from '../../../renderer/src/lib/packet-path.js';
import { hopMoved, itemMoved } from '../../../renderer/src/lib/path-activity.js';
import { indexRates } from '../../../renderer/src/lib/rates.js';
import { makeDecor } from '../../../renderer/src/lib/draw/decor.js';
import { lab } from '../model/path/lab.js';

const s = lab();
const ruleOf = (id: string) => s.natFlows.find((f) => f.id === id)?.rule ?? null;
const iface = (id: string, pps: number) => ({
  id,
  rxBytes: 0,
  txBytes: 0,
  rxPackets: 0,
  txPackets: 0,
  rxBps: pps * 100,
  txBps: 0,
  rxPps: pps,
  txPps: 0,
});

describe('path activity', () => {
  const path = dnatPath(s, 'tcp/0.0.0.0:8080');
  const accept = path.hops.find((h) => h.rule?.action === 'accept')!;

  it('marks the rule whose counter moved, and the cable whose interface moved', () => {
    const cable = path.hops.find((h) => h.kind === 'cable')!;
    const host = cable.item!.split('|')[1]!;
    const rates = indexRates({
      at: '',
      intervalMs: 2000,
      full: true,
      interfaces: [iface(host, 3)],
      rules: [{ id: accept.rule!.id, packets: 6, bytes: 360, pps: 3, bps: 180 }],
    });
    const moved = path.hops.filter((h) => hopMoved(h, rates, ruleOf));
    expect(moved).toContain(accept);
    expect(moved).toContain(cable);
    expect(moved.some((h) => h.kind === 'chain')).toBe(false);
    const decor = makeDecor({
      selected: new Set(),
      path: path.items,
      hover: new Set(),
      matched: null,
      marks: null,
      rates,
      ruleOf,
      motion: 0,
    });
    expect(decor.cls(cable.item!)).toContain('path-live');
    expect(decor.cls(path.items[0]!)).not.toContain('path-live');
  });

  it('marks nothing while everything is idle', () => {
    const idle = indexRates({ at: '', intervalMs: 2000, full: true, interfaces: [], rules: [] });
    const p = containerPath(s, 'web', 'api', { port: 80 });
    expect(p.hops.some((h) => hopMoved(h, idle, ruleOf))).toBe(false);
    expect(itemMoved('tcp/0.0.0.0:8080', idle, ruleOf)).toBe(false);
  });
});
