// Reconnect delays: exponential from 0.5 s to a 30 s cap, with jitter so many hosts do not retry in step.
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay that is random: 0.2 → delay × [0.8, 1.2], still capped. */
  jitter?: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs = 500, maxMs = 30_000, factor = 2, jitter = 0.2, random = Math.random } = options;
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(maxMs, initialMs * factor ** Math.min(exponent, 64));
  const spread = base * jitter * (2 * random() - 1);
  return Math.round(Math.max(0, Math.min(maxMs, base + spread)));
}
