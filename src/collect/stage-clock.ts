// Optional stage timing for benchmarks (bench:live prints where an update's time goes). Without a
// clock nothing is measured: timed() then only runs the function.
import { performance } from 'node:perf_hooks';

/** The stages of an update, from the Docker event to the patch applied at the client. */
export type Stage =
  'docker' | 'exec' | 'parse' | 'build' | 'canonicalise' | 'diff' | 'send' | 'apply' | 'wait';

/** Adds up milliseconds per stage (a stage run twice, say a second exec, counts twice). */
export interface StageClock {
  readonly ms: Partial<Record<Stage, number>>;
  add(stage: Stage, ms: number): void;
}

export function createStageClock(): StageClock {
  const ms: Partial<Record<Stage, number>> = {};
  return {
    ms,
    add(stage, value) {
      ms[stage] = (ms[stage] ?? 0) + value;
    },
  };
}

/** Epoch milliseconds, fractional: comparable across modules of one process. */
export const epochNow = () => performance.timeOrigin + performance.now();

/** Runs fn, adding its duration to `stage` when there is a clock. */
export function timed<T>(clock: StageClock | undefined, stage: Stage, fn: () => T): T {
  if (!clock) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    clock.add(stage, performance.now() - t0);
  }
}

/** The same for a promise: the time until it settles. */
export async function timedAsync<T>(
  clock: StageClock | undefined,
  stage: Stage,
  fn: () => Promise<T>,
): Promise<T> {
  if (!clock) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    clock.add(stage, performance.now() - t0);
  }
}
