import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressMapper, formatV6, parseV6 } from '../../../src/redact/ip-map.js';

const v4Bits = (ip: string) =>
  ip
    .split('.')
    .map((p) => Number(p).toString(2).padStart(8, '0'))
    .join('');
const v6Bits = (ip: string) => parseV6(ip).toString(2).padStart(128, '0');
const common = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
};
function kind(ip: string): 'special' | 'private' | 'public' {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254)) return 'special';
  if (
    a === 10 ||
    (a === 192 && b === 168) ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 100 && b >= 64 && b < 128)
  )
    return 'private';
  return 'public';
}
const v4 = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

describe('AddressMapper', () => {
  it('is keyed and consistent', () => {
    const m1 = new AddressMapper('key-1');
    expect(m1.map('10.10.0.3')).toBe(new AddressMapper('key-1').map('10.10.0.3'));
    expect(m1.map('10.10.0.3')).not.toBe(new AddressMapper('key-2').map('10.10.0.3'));
  });

  it('keeps special addresses and the kind of space an address lives in', () => {
    const m = new AddressMapper('k');
    for (const keep of [
      '0.0.0.0',
      '127.0.0.1',
      '169.254.1.1',
      '224.0.0.251',
      '255.255.255.255',
      '::',
      '::1',
      'ff02::1',
    ]) {
      expect(m.map(keep)).toBe(keep);
    }
    expect(m.map('10.1.2.3')).toMatch(/^10\./);
    expect(m.map('192.168.1.10')).toMatch(/^192\.168\./);
    const inBlock = m.map('172.17.0.2').split('.').map(Number);
    expect(inBlock[0]).toBe(172);
    expect(inBlock[1]).toBeGreaterThanOrEqual(16);
    expect(inBlock[1]).toBeLessThan(32);
    expect(m.map('10.1.2.3').endsWith('.3')).toBe(true);
    expect(m.map('fd00:dead:beef::2')).toMatch(/^fd[0-9a-f]{2}:/);
    expect(m.map('fe80::42:acff:fe11:2')).toMatch(/^fe80::/);
    expect(m.map('fe80::42:acff:fe11:2')).not.toBe('fe80::42:acff:fe11:2');
    expect(m.map('::ffff:192.168.1.10')).toMatch(/^::ffff:192\.168\.\d+\.10$/);
  });

  it('keeps networks networks: host bits of a CIDR stay zero, members stay inside', () => {
    const m = new AddressMapper('k');
    const net = m.map('10.10.0.0', 24);
    expect(net).toMatch(/\.0$/);
    expect(v4Bits(m.map('10.10.0.77')).slice(0, 24)).toBe(v4Bits(net).slice(0, 24));
    const wide = m.map('172.18.0.0', 16);
    expect(wide).toMatch(/^172\.\d+\.0\.0$/);
    expect(v4Bits(m.map('172.18.5.9')).slice(0, 16)).toBe(v4Bits(wide).slice(0, 16));
    expect(m.map('0.0.0.0', 0)).toBe('0.0.0.0');
    const v6net = m.map('fd00:1:2::', 48);
    expect(v6Bits(m.map('fd00:1:2::5')).slice(0, 48)).toBe(v6Bits(v6net).slice(0, 48));
    expect(v6Bits(v6net).slice(48)).toBe('0'.repeat(80));
  });

  it('preserves common prefixes exactly within a private block and ULA space (property)', () => {
    const m = new AddressMapper('prop');
    const private10 = fc.integer({ min: 0, max: 2 ** 24 - 1 }).map((n) => v4(0x0a000000 + n));
    fc.assert(
      fc.property(private10, private10, (a, b) => {
        expect(common(v4Bits(m.map(a)), v4Bits(m.map(b)))).toBe(common(v4Bits(a), v4Bits(b)));
      }),
    );
    const ula = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }).map(
      (g) =>
        `fd${(g[0] ?? 0).toString(16).padStart(2, '0').slice(-2)}:${g
          .slice(1)
          .map((x) => x.toString(16))
          .join(':')}:1`,
    );
    fc.assert(
      fc.property(ula, ula, (a, b) => {
        expect(common(v6Bits(m.map(a)), v6Bits(m.map(b)))).toBe(common(v6Bits(a), v6Bits(b)));
      }),
    );
  });

  it('maps distinct addresses to distinct valid addresses, public ones to public ones (property)', () => {
    const m = new AddressMapper('bij');
    const any = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(v4);
    fc.assert(
      fc.property(any, any, (a, b) => {
        const [x, y] = [m.map(a), m.map(b)];
        expect(isIPv4(x)).toBe(true);
        expect(x === y).toBe(a === b);
        expect(kind(x)).toBe(kind(a));
      }),
      { numRuns: 300 },
    );
  });

  it('prints IPv6 in canonical short form', () => {
    for (const text of [
      '::',
      '::1',
      'fd00::2',
      '2001:db8::1:0:0:1',
      'fe80::42:acff:fe11:2',
      '1:2:3:4:5:6:7:8',
      '1::8',
    ]) {
      expect(formatV6(parseV6(text))).toBe(text);
      expect(isIPv6(formatV6(parseV6(text)))).toBe(true);
    }
    expect(formatV6(parseV6('2001:0db8:0000:0000:0001:0000:0000:0001'))).toBe('2001:db8::1:0:0:1');
    expect(formatV6(parseV6('::ffff:10.0.0.1'))).toBe('::ffff:a00:1');
  });
});
