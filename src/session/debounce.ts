// Coalesces bursts of Docker events into one re-capture: runs `waitMs` after the last trigger, but
// never later than `maxWaitMs` after the first, so a steady storm still produces updates.
import type { Disposables } from './disposables.js';

export interface Debouncer {
  trigger(): void;
  cancel(): void;
  readonly pending: boolean;
}

export function createDebouncer(
  run: () => void,
  options: { waitMs: number; maxWaitMs: number; timers: Disposables; now?: () => number },
): Debouncer {
  const now = options.now ?? Date.now;
  let firstAt: number | null = null;
  let cancelTimer: (() => void) | null = null;
  const fire = () => {
    cancelTimer = null;
    firstAt = null;
    run();
  };
  return {
    trigger() {
      const t = now();
      firstAt ??= t;
      cancelTimer?.();
      const delay = Math.max(0, Math.min(options.waitMs, firstAt + options.maxWaitMs - t));
      cancelTimer = options.timers.timeout('debounce timer', delay, fire);
    },
    cancel() {
      cancelTimer?.();
      cancelTimer = null;
      firstAt = null;
    },
    get pending() {
      return cancelTimer !== null;
    },
  };
}
