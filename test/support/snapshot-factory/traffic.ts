// Made-up traffic counters from a seed (mulberry32), so a drawing has busy and quiet cables and rules
// with hits; without a seed every counter is 0, as on a host that just started.
import type { Counters, Rule } from '../../../src/model/snapshot.js';
import { ZERO } from './parts.js';

/** Small deterministic PRNG (mulberry32): numbers in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Traffic {
  /** Counters of one interface (4 in 10 are busy: up to 500 MB received). */
  iface(): Counters;
  /** The same traffic seen from the other end of a veth pair. */
  mirror(c: Counters): Counters;
  rule(): NonNullable<Rule['counters']>;
}

export function traffic(seed: number | undefined): Traffic {
  const random = seed === undefined ? null : rng(seed);
  return {
    iface() {
      if (!random) return { ...ZERO };
      const bytes = Math.floor(random() * (random() < 0.4 ? 5e8 : 2e4));
      const packets = Math.floor(bytes / 700);
      return {
        ...ZERO,
        rxBytes: bytes,
        rxPackets: packets,
        txBytes: Math.floor(bytes / 3),
        txPackets: Math.floor(packets / 2),
      };
    },
    mirror: (c) => ({
      ...c,
      rxBytes: c.txBytes,
      rxPackets: c.txPackets,
      txBytes: c.rxBytes,
      txPackets: c.rxPackets,
    }),
    rule() {
      const packets = random ? Math.floor(random() * 500) : 0;
      return { packets, bytes: packets * 60 };
    },
  };
}
