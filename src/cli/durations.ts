// Durations (`90s`, `15m`, `1h30m`, `2d`) and sizes (`512k`, `64M`, `1G`, bytes) as people type them
// on the command line. Light on purpose: command declarations use it to check options.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNIT_BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Milliseconds of `1h30m`-style text; throws a one-line error naming the option. */
export function parseDuration(text: string, option = 'duration'): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || whole !== text.trim())
    throw new Error(`${option} ${text}: use a duration such as 90s, 15m, 1h30m or 2d`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 1000), 0);
}

/** Bytes of `64M`-style text (k, M, G are powers of 1024; a trailing B or iB is allowed). */
export function parseSize(text: string, option = 'size'): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) throw new Error(`${option} ${text}: use a size such as 512k, 64M or 1G`);
  return Math.floor(Number(m[1]) * (UNIT_BYTES[(m[2] ?? '').toLowerCase()] ?? 1));
}

/** A commander option parser from one of the above: a bad value is a usage error, not a crash. */
export function asOption<T>(parse: (text: string) => T, invalid: (message: string) => Error) {
  return (text: string): T => {
    try {
      return parse(text);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
  };
}
