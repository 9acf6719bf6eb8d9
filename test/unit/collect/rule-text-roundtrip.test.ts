// The rule text is what snapshots keep; the path views re-read it. These check that reading it back
// gives what the parsers saw, for arbitrary quoted strings and for every recorded rule.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRuleLine, tokenize } from '../../../src/model/rules/iptables-rule.js';
import { parseNftRuleset } from '../../../src/collect/firewall/parse-nft.js';
import { parseNftRuleText, quoteNft } from '../../../src/model/rules/nft-text.js';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { fixtureText, loadOutputs } from './firewall-fixtures.js';

const iptQuote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

describe('quoted strings survive a round trip', () => {
  it('iptables comments', () => {
    fc.assert(
      fc.property(fc.string(), (comment) => {
        const parsed = parseRuleLine(`-A X -m comment --comment ${iptQuote(comment)} -j ACCEPT`);
        expect(parsed?.spec.args.comment).toBe(comment);
        expect(parsed?.target).toBe('ACCEPT');
      }),
    );
  });

  it('nft comments and interface names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (comment, ifname) => {
        const spec = parseNftRuleText(
          `iifname != ${quoteNft(ifname)} counter accept comment ${quoteNft(comment)}`,
        );
        expect(spec.args.comment).toBe(comment);
        expect(spec.args.inInterface).toBe(ifname);
        expect(spec.action).toEqual({ kind: 'accept' });
      }),
    );
  });

  it('tokenize never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => void tokenize(s)));
  });
});

describe('every recorded Docker rule is fully understood when read back from its text', () => {
  it('nft rules of the native ruleset', () => {
    for (const table of parseNftRuleset(fixtureText('nftables', 'nft-ruleset.out'))) {
      for (const rule of table.rules) {
        const spec = parseNftRuleText(rule.text);
        expect({ text: rule.text, unknown: spec.unknown }).toEqual({ text: rule.text, unknown: [] });
        expect(spec.args).toEqual(rule.args);
      }
    }
  });

  it('iptables rules of the Docker layouts (the deliberate extras in DOCKER-USER aside)', () => {
    for (const scenario of ['docker20', 'docker28', 'docker29', 'legacy'] as const) {
      for (const table of parseFirewall(loadOutputs(scenario)).tables) {
        for (const rule of table.rules) {
          if (rule.chain === 'DOCKER-USER' && rule.target !== 'RETURN') continue;
          const parsed = parseRuleLine(rule.text);
          expect({ text: rule.text, unknown: parsed?.spec.unknown }).toEqual({
            text: rule.text,
            unknown: [],
          });
          expect(parsed?.spec.args).toEqual(rule.args);
        }
      }
    }
  });
});
