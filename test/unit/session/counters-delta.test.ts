// Counters as deltas: only what changed (and what went) after one full table, and the renderer's merge
// of them giving back the full table.
import { describe, expect, it } from 'vitest';
import type { CountersEvent, InterfaceRate } from '../../../src/model/wire.js';
import { mergeRates } from '../../../renderer/src/lib/rates.js';
import { deltaEvent, fullEvent, roundRate, tableOf } from '../../../src/session/counters-delta.js';

const iface = (id: string, bytes: number, bps: number): InterfaceRate => ({
  id,
  rxBytes: bytes,
  txBytes: bytes,
  rxPackets: 1,
  txPackets: 1,
  rxBps: bps,
  txBps: bps,
  rxPps: 0,
  txPps: 0,
});
const poll = (
  at: string,
  interfaces: InterfaceRate[],
  rules: CountersEvent['rules'] = [],
): CountersEvent => ({
  at,
  intervalMs: 2000,
  full: true,
  interfaces,
  rules,
});

describe('counters deltas', () => {
  const idle = Array.from({ length: 200 }, (_, i) => iface(`host/veth${i}`, 5000, 0));

  it('sends the whole table first, then only what changed: nothing for idle interfaces', () => {
    const first = tableOf(poll('t1', [...idle, iface('host/eth0', 100, 0)]));
    expect(deltaEvent(null, first)).toMatchObject({ full: true });
    expect(deltaEvent(null, first).interfaces).toHaveLength(201);
    const second = tableOf(poll('t2', [...idle, iface('host/eth0', 900, 400)]));
    const delta = deltaEvent(first, second);
    expect(delta).toMatchObject({ full: false, at: 't2' });
    expect(delta.interfaces.map((i) => i.id)).toEqual(['host/eth0']);
    expect(delta.gone).toBeUndefined();
    // 200 idle veths: the delta is a few hundred bytes, not the whole table.
    expect(JSON.stringify(delta).length).toBeLessThan(400);
  });

  it('sends a rate falling back to zero once, and the ids that went', () => {
    const busy = tableOf(
      poll(
        't1',
        [iface('a', 900, 400), iface('b', 1, 0)],
        [{ id: 'r', packets: 1, bytes: 1, pps: 0, bps: 0 }],
      ),
    );
    const quiet = tableOf(poll('t2', [iface('a', 900, 0)]));
    const delta = deltaEvent(busy, quiet);
    expect(delta.interfaces).toEqual([iface('a', 900, 0)]);
    expect(delta.gone).toEqual({ interfaces: ['b'], rules: ['r'] });
    expect(deltaEvent(quiet, tableOf(poll('t3', [iface('a', 900, 0)]))).interfaces).toEqual([]);
  });

  it('rounds rates to what the screen shows, so noise below that is not news', () => {
    expect(roundRate(1234.5678)).toBe(1230);
    expect(roundRate(0.012345)).toBe(0.0123);
    const a = tableOf(poll('t1', [iface('a', 9, 1234.1)]));
    const b = tableOf(poll('t2', [iface('a', 9, 1234.4)]));
    expect(deltaEvent(a, b).interfaces).toEqual([]);
  });

  it('the renderer merging every event holds what a full event of the last poll holds', () => {
    const polls = [
      poll('t1', [iface('a', 1, 0), iface('b', 1, 0)]),
      poll('t2', [iface('a', 5, 2), iface('b', 1, 0), iface('c', 1, 0)]),
      poll('t3', [iface('a', 5, 0), iface('c', 3, 1)], [{ id: 'r', packets: 2, bytes: 2, pps: 1, bps: 1 }]),
    ];
    let sent: ReturnType<typeof tableOf> | null = null;
    let view = mergeRates(null, deltaEvent(null, tableOf(polls[0] as CountersEvent)));
    sent = tableOf(polls[0] as CountersEvent);
    for (const p of polls.slice(1)) {
      const table = tableOf(p);
      view = mergeRates(view, deltaEvent(sent, table));
      sent = table;
    }
    const whole = mergeRates(null, fullEvent(sent));
    expect(view).toEqual(whole);
    expect([...view.iface.keys()].sort()).toEqual(['a', 'c']);
  });
});
