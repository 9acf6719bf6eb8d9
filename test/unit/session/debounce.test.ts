import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer } from '../../../src/session/debounce.js';
import { Disposables } from '../../../src/session/disposables.js';

describe('createDebouncer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, waitMs after the last trigger', () => {
    const timers = new Disposables();
    let runs = 0;
    const d = createDebouncer(() => runs++, { waitMs: 150, maxWaitMs: 1000, timers, now: () => Date.now() });
    d.trigger();
    vi.advanceTimersByTime(100);
    d.trigger();
    vi.advanceTimersByTime(100);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(50);
    expect(runs).toBe(1);
    expect(timers.size).toBe(0);
    expect(d.pending).toBe(false);
  });

  it('runs no later than maxWaitMs after the first trigger of a storm', () => {
    const timers = new Disposables();
    const runsAt: number[] = [];
    const start = Date.now();
    const d = createDebouncer(() => runsAt.push(Date.now() - start), { waitMs: 150, maxWaitMs: 500, timers });
    for (let t = 0; t < 1200; t += 50) {
      d.trigger();
      vi.advanceTimersByTime(50);
    }
    expect(runsAt[0]).toBe(500);
    expect(runsAt[1]).toBeLessThanOrEqual(1050);
  });

  it('cancel drops the pending run and its timer', () => {
    const timers = new Disposables();
    let runs = 0;
    const d = createDebouncer(() => runs++, { waitMs: 10, maxWaitMs: 10, timers });
    d.trigger();
    expect(timers.names()).toEqual(['debounce timer']);
    d.cancel();
    vi.advanceTimersByTime(100);
    expect(runs).toBe(0);
    expect(timers.size).toBe(0);
  });
});

describe('Disposables', () => {
  it('releases newest first, keeps going past a failure, and forgets on request', async () => {
    const d = new Disposables();
    const order: string[] = [];
    d.add('a', () => void order.push('a'));
    d.add('b', () => {
      throw new Error('boom');
    });
    const forget = d.add('c', () => void order.push('c'));
    d.add('d', () => Promise.resolve(void order.push('d')));
    forget();
    expect(d.names()).toEqual(['a', 'b', 'd']);
    await d.disposeAll();
    expect(order).toEqual(['d', 'a']);
    expect(d.size).toBe(0);
  });
});
