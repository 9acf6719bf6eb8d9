// Every parser against 2,000 mutated recorded inputs: no crash, each bad input an allowed, clear
// error (issue #13). `npm run fuzz` runs the same targets 100,000 times each.
import { afterAll, describe, expect, it } from 'vitest';
import { fuzz, fuzzEnv } from '../../fuzz/harness.js';

const env = fuzzEnv();
afterAll(() => env.dispose());

describe('fuzzing the parsers', () => {
  it.each(env.targets.map((t) => [t.name, t] as const))(
    '%s: 2,000 inputs, no crash',
    async (_name, target) => {
      const figures = await fuzz(target, 2_000);
      expect(figures.crash).toBeNull();
      expect(figures.runs).toBe(2_000);
    },
  );
});
