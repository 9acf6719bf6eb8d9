import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/session/backoff.js';

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to the 30 s cap without jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffDelay(n, { jitter: 0 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads by the jitter fraction and never passes the cap', () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(400);
    expect(backoffDelay(1, { random: () => 1 })).toBe(600);
    expect(backoffDelay(50, { random: () => 1 })).toBe(30000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3);
      expect(d).toBeGreaterThanOrEqual(1600);
      expect(d).toBeLessThanOrEqual(2400);
    }
  });
});
