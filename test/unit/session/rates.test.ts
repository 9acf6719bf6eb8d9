import { describe, expect, it } from 'vitest';
import type { CountersSample } from '../../../src/collect/counters/counters.js';
import { computeRates } from '../../../src/session/rates.js';

const sample = (at: number, bytes: number, ruleBytes: number): CountersSample => ({
  at,
  interfaces: new Map([
    ['host/eth0', { rxBytes: bytes, txBytes: bytes * 2, rxPackets: bytes / 100, txPackets: 0 }],
  ]),
  rules: new Map([['r', { packets: ruleBytes / 100, bytes: ruleBytes }]]),
  problems: [],
});

describe('computeRates', () => {
  it('is zero on the first sample and per second afterwards', () => {
    const first = computeRates(null, sample(1000, 5000, 100), 2000);
    expect(first.intervalMs).toBe(2000);
    expect(first.interfaces[0]).toEqual({
      id: 'host/eth0',
      rxBytes: 5000,
      txBytes: 10000,
      rxPackets: 50,
      txPackets: 0,
      rxBps: 0,
      txBps: 0,
      rxPps: 0,
      txPps: 0,
    });
    const next = computeRates(sample(1000, 5000, 100), sample(3000, 9000, 500), 2000);
    expect(next.intervalMs).toBe(2000);
    expect(next.interfaces[0]).toMatchObject({ rxBps: 2000, txBps: 4000, rxPps: 20, txPps: 0 });
    expect(next.rules[0]).toEqual({ id: 'r', packets: 5, bytes: 500, pps: 2, bps: 200 });
    expect(next.at).toBe(new Date(3000).toISOString());
  });

  it('restarts from zero when a total goes down (interface re-created)', () => {
    const r = computeRates(sample(0, 9000, 500), sample(1000, 100, 0), 2000);
    expect(r.interfaces[0]).toMatchObject({ rxBps: 0, txBps: 0 });
    expect(r.rules[0]).toMatchObject({ bps: 0, pps: 0 });
  });
});
