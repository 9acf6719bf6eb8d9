import { describe, expect, it } from 'vitest';
import { rewriteTokens, type Token } from '../../../src/diff/text-scan.js';

function tokens(text: string): Token[] {
  const seen: Token[] = [];
  rewriteTokens(text, (t) => {
    seen.push(t);
    return undefined;
  });
  return seen;
}
const typed = (text: string, type: Token['type']) =>
  tokens(text)
    .filter((t) => t.type === type)
    .map((t) => t.value);

describe('rewriteTokens', () => {
  it('finds addresses with prefixes and ports in iptables text', () => {
    const rule =
      '-A DOCKER -d 10.10.0.3/32 ! -i br-3239d88a8b6b -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.10.0.3:80';
    expect(typed(rule, 'ipv4')).toEqual(['10.10.0.3/32', '10.10.0.3']);
    expect(tokens(rule).find((t) => t.type === 'ipv4')).toMatchObject({ address: '10.10.0.3', prefix: 32 });
    expect(typed(rule, 'word')).toContain('br-3239d88a8b6b');
  });

  it('finds IPv6 addresses, bracketed or with a prefix, and MACs', () => {
    const text =
      'to [fd00::3]:80 from fd00:dead:beef::/48 via fe80::42:acff:fe11:2 mac 02:42:ac:11:00:02 any [::]:8080';
    expect(typed(text, 'ipv6')).toEqual(['fd00::3', 'fd00:dead:beef::/48', 'fe80::42:acff:fe11:2', '::']);
    expect(typed(text, 'mac')).toEqual(['02:42:ac:11:00:02']);
  });

  it('leaves ids, times and versions alone', () => {
    const text =
      'iptables-nft:ipv6:nat:DOCKER:-A DOCKER at 12:30:45 on kernel 6.1.0-18-amd64, docker 20.10.24, namespace container:web/eth0.';
    expect(typed(text, 'ipv6')).toEqual([]);
    expect(typed(text, 'ipv4')).toEqual([]);
    expect(typed(text, 'mac')).toEqual([]);
    expect(rewriteTokens(text, (t) => (t.type === 'word' && t.value === 'web' ? 'W' : undefined))).toBe(
      text.replace(':web/', ':W/'),
    );
  });

  it('ends an address before a sentence full stop', () => {
    expect(typed('sends it to 10.10.0.3.', 'ipv4')).toEqual(['10.10.0.3']);
    expect(rewriteTokens('a 10.0.0.1, b 10.0.0.2.', (t) => (t.type === 'ipv4' ? 'X' : undefined))).toBe(
      'a X, b X.',
    );
  });
});
