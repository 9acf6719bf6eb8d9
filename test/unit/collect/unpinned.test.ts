// What a live session keeps from one update to the next (the sections it did not read again, the
// firewall facts of unchanged lines) must not keep the whole output it was cut from: V8 keeps a piece
// of a long string as a view into it. Measured on the heap after a collection, over 40 outputs of
// ~0.5 MB each, keeping a small piece of each: without the copies the heap keeps ~20 MB more.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../../src/collect/firewall/parse-iptables-save.js';
import { parseSections } from '../../../src/collect/kernel/parse-sections.js';
import type { RuleFact } from '../../../src/collect/facts.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const OUTPUTS = 40;
/** ~0.5 MB of rules, different in each output. */
const filler = (i: number) =>
  Array.from(
    { length: 5000 },
    (_, j) =>
      `-A DOCKER -d 10.1.${String(i % 250)}.${String(j % 250)}/32 -p tcp -m tcp --dport ${String(j)} -j ACCEPT`,
  ).join('\n');

/** Heap growth (MB) while `keep` holds what it returns for each of OUTPUTS fresh outputs. */
function retained(keep: (i: number) => unknown): number {
  const kept: unknown[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < OUTPUTS; i++) kept.push(keep(i));
  gc();
  const growth = (process.memoryUsage().heapUsed - before) / 1e6;
  expect(kept).toHaveLength(OUTPUTS);
  return growth;
}

describe('pieces kept across live updates', () => {
  it('a kept section (its name, arguments and one-line body) does not keep the script output', () => {
    const nonce = 'ab'.repeat(16);
    const growth = retained((i) => {
      const stdout = [
        `@@${nonce} start 2 root`,
        `@@${nonce} begin ns r:/var/run/docker/netns/c${String(i)} 4026531${String(i)}`,
        'one line',
        `@@${nonce} end 0`,
        `@@${nonce} begin fw iptables-nft-save`,
        filler(i),
        '',
        `@@${nonce} end 0`,
        `@@${nonce} done`,
        '',
      ].join('\n');
      const ns = parseSections(stdout, '', nonce).sections.find((s) => s.name === 'ns');
      expect(ns?.args[0]).toBe(`r:/var/run/docker/netns/c${String(i)}`);
      return ns;
    });
    expect(growth).toBeLessThan(5);
  });

  it('a firewall fact kept for its line does not keep the table it was read in', () => {
    const rules = filler(0);
    const tableWith = (line: string) => `*filter\n:DOCKER - [0:0]\n${line}\n${rules}\nCOMMIT\n`;
    // The last reading: its facts are those of every unchanged line below.
    let known: Map<string, RuleFact> | undefined = new Map();
    parseIptablesSave(tableWith(''), 'iptables-nft', 'ipv4', [], undefined, known);
    const growth = retained((i) => {
      const seen = new Map<string, RuleFact>();
      // One new rule per table (a new container's), the rest as before.
      const text = tableWith(
        `-A DOCKER -d 10.9.${String(i)}.2/32 ! -i br-945777abd3bc -o br-945777abd3bc -p tcp -m tcp --dport 80 -j ACCEPT`,
      );
      const [table] = parseIptablesSave(text, 'iptables-nft', 'ipv4', [], known, seen);
      known = seen;
      return table?.rules[0];
    });
    expect(growth).toBeLessThan(5);
  });
});
