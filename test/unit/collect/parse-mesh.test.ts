// The routing mesh's texts as a Swarm sandbox holds them: /proc/net/ip_vs written exactly the way the
// kernel prints it (ip_vs_info_seq_show in net/netfilter/ipvs/ip_vs_ctl.c; this kernel has no ip_vs to
// record from, so each line below follows its format string, trailing spaces and column widths
// included), and the mangle MARK rules of `iptables-save -t mangle` in ingress_sbox; hostile lines
// (garbage, huge numbers, lines cut short) become problems, never values.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpvs, parseMeshMarks } from '../../../src/collect/kernel/parse-mesh.js';

// The kernel's format strings, one function each.
const HEADER = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn',
];
/** `%s  %08X:%04X %s %s ` then `persistent %d %08X` or nothing, then `\n`. */
const svc4 = (proto: string, addr: string, port: string, sched: string, ops = false, persist = '') =>
  `${proto}  ${addr}:${port} ${sched} ${ops ? 'ops ' : ''} ${persist}`;
/** `FWM  %08X %s %s` then the same tail. */
const fwm = (mark: string, sched: string, ops = false, persist = '') =>
  `FWM  ${mark} ${sched} ${ops ? 'ops ' : ''}${persist}`;
/** `%s  [%pI6]:%04X %s ` (no ops flag in the IPv6 branch). */
const svc6 = (proto: string, addr: string, port: string, sched: string) =>
  `${proto}  [${addr}]:${port} ${sched} `;
/** `  -> %08X:%04X      %-7s %-6d %-10d %-10d` (or `[%pI6]`). */
const dest = (addr: string, port: string, fwd: string, w: number, a: number, i: number) =>
  `  -> ${addr}:${port}      ${fwd.padEnd(7)} ${String(w).padEnd(6)} ${String(a).padEnd(10)} ${String(i).padEnd(10)}`;

// ingress_sbox on a node with IPVS: `-p 8080:80` (mark 0x100) with two tasks, the ingress VIP's
// service, and an lb_ style address service; then what ipvsadm could add by hand.
const RECORDED = [
  ...HEADER,
  svc4('TCP', '0A000002', '0050', 'rr'),
  dest('0A000007', '0050', 'Masq', 1, 0, 0),
  fwm('00000100', 'rr'),
  dest('0A000007', '0000', 'Masq', 1, 0, 3),
  dest('0A000008', '0000', 'Masq', 1, 2, 12),
  fwm('00000101', 'wrr', true, 'persistent 360 FFFFFFFF'),
  svc4('UDP', 'C0A80001', '0035', 'sh', false, 'persistent 60 FFFFFF00'),
  dest('C0A80002', '0035', 'Route', 0, 0, 0),
  svc6('TCP', '2001:0db8:0000:0000:0000:0000:0000:0001', '1F90', 'rr'),
  dest('[2001:0db8:0000:0000:0000:0000:0000:0007]', '1F90', 'Masq', 1, 0, 0),
  '',
].join('\n');

describe('parseIpvs', () => {
  it('reads services and real servers in the kernel format: hex addresses and ports, FWM marks, flags', () => {
    const problems: string[] = [];
    const services = parseIpvs(RECORDED, problems);
    expect(problems).toEqual([]);
    expect(services).toEqual([
      {
        fwmark: null,
        protocol: 'tcp',
        address: '10.0.0.2',
        port: 80,
        scheduler: 'rr',
        flags: [],
        destinations: [{ address: '10.0.0.7', port: 80, forward: 'Masq', weight: 1, active: 0, inactive: 0 }],
      },
      {
        fwmark: 256,
        protocol: null,
        address: null,
        port: null,
        scheduler: 'rr',
        flags: [],
        destinations: [
          { address: '10.0.0.7', port: 0, forward: 'Masq', weight: 1, active: 0, inactive: 3 },
          { address: '10.0.0.8', port: 0, forward: 'Masq', weight: 1, active: 2, inactive: 12 },
        ],
      },
      {
        fwmark: 257,
        protocol: null,
        address: null,
        port: null,
        scheduler: 'wrr',
        flags: ['ops', 'persistent 360'],
        destinations: [],
      },
      {
        fwmark: null,
        protocol: 'udp',
        address: '192.168.0.1',
        port: 53,
        scheduler: 'sh',
        flags: ['persistent 60'],
        destinations: [
          { address: '192.168.0.2', port: 53, forward: 'Route', weight: 0, active: 0, inactive: 0 },
        ],
      },
      {
        fwmark: null,
        protocol: 'tcp',
        address: '2001:db8::1',
        port: 8080,
        scheduler: 'rr',
        flags: [],
        destinations: [
          { address: '2001:db8::7', port: 8080, forward: 'Masq', weight: 1, active: 0, inactive: 0 },
        ],
      },
    ]);
  });

  it('an empty table (IPVS loaded, no service) is the header alone', () => {
    const problems: string[] = [];
    expect(parseIpvs(`${HEADER.join('\n')}\n`, problems)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('turns hostile lines into problems and keeps every line that fits', () => {
    const problems: string[] = [];
    const services = parseIpvs(
      [
        ...HEADER,
        dest('0A000009', '0000', 'Masq', 1, 0, 0), // a real server before any service
        fwm('00000100', 'rr'),
        'rm -rf / ; @@deadbeef end 0', // garbage
        dest('0A000007', '0000', 'Masq', 99999999999, 0, 0), // weight beyond %d
        dest('0A000007', '0000', 'Masq', 1, 2147483648, 0), // beyond a 32-bit int
        dest('0A000007', '10000', 'Masq', 1, 0, 0), // a five-digit port
        dest('0a000007', '0000', 'Masq', 1, 0, 0), // the kernel prints upper-case hex
        dest('0A000007', '0000', 'Teleport', 1, 0, 0), // no such forwarding method
        'FWM  1000000000 rr ', // a mark beyond 32 bits
        'TCP  0A000002:0050 rr  persistent 99999999999 FFFFFFFF',
        'TCP  [2001:db8::1]:0050 rr ', // IPv6 the kernel never prints (compressed)
        dest('0A000008', '0000', 'Masq', 1, 0, 0),
        '  -> 0A0000', // cut short
      ].join('\n'),
      problems,
    );
    expect(services).toEqual([
      {
        fwmark: 256,
        protocol: null,
        address: null,
        port: null,
        scheduler: 'rr',
        flags: [],
        destinations: [{ address: '10.0.0.8', port: 0, forward: 'Masq', weight: 1, active: 0, inactive: 0 }],
      },
    ]);
    expect(problems).toHaveLength(11);
    expect(problems[0]).toMatch(/^\/proc\/net\/ip_vs line 4: a real server before any service/);
    expect(problems.at(-1)).toBe('/proc/net/ip_vs: 1 more unreadable lines');
  });

  it('refuses a text that is not the IPVS table at all', () => {
    const problems: string[] = [];
    expect(parseIpvs('hello\nworld\n', problems)).toEqual([]);
    expect(problems.map((p) => p.slice(0, 40))).toEqual([
      '/proc/net/ip_vs line 1: not the IPVS hea',
      '/proc/net/ip_vs line 2: not the IPVS hea',
    ]);
  });

  it('bounds what a huge table costs', () => {
    const lines = [...HEADER];
    for (let i = 0; i < 5000; i++) lines.push(fwm(i.toString(16).toUpperCase().padStart(8, '0'), 'rr'));
    const problems: string[] = [];
    expect(parseIpvs(lines.join('\n'), problems)).toHaveLength(4096);
    expect(problems.at(-1)).toBe('/proc/net/ip_vs: 894 more unreadable lines');
  });
});

// `iptables-save -t mangle` in ingress_sbox after `docker service create -p 8080:80` (moby's fwMarker:
// `-t mangle -A PREROUTING -p tcp --dport 8080 -j MARK --set-mark 256`, and the VIP rule).
const MANGLE = [
  '# Generated by iptables-save v1.8.9 (nf_tables) on Mon Nov 30 02:00:00 2026',
  '*mangle',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff',
  '-A PREROUTING -p udp -m udp --dport 5353 -j MARK --set-xmark 0x102/0xffffffff',
  '-A INPUT -d 10.0.0.2/32 -j MARK --set-xmark 0x100/0xffffffff',
  '-A OUTPUT -d 10.0.1.5/32 -j MARK --set-mark 259',
  '-A PREROUTING -j MARK --set-xmark 0x1/0xff', // sets some bits only: no single mark
  '-A PREROUTING -p tcp ! --dport 22 -j MARK --set-xmark 0x5/0xffffffff', // negated
  '-A PREROUTING -p tcp -j MARK --set-xmark 0x1ffffffff/0xffffffff', // beyond 32 bits
  '-A PREROUTING -p tcp -j MARK --set-xmark', // cut short
  '-A PREROUTING -m comment --comment "unterminated -j MARK --set-xmark 0x7',
  '-A PREROUTING -p tcp --dport 80 -j ACCEPT',
  'COMMIT',
  '*nat',
  '-A OUTPUT -p tcp --dport 9 -j MARK --set-xmark 0x9/0xffffffff', // another table
  'COMMIT',
].join('\n');

describe('parseMeshMarks', () => {
  it('reads which port or VIP gets which mark, and reports what it cannot read', () => {
    const problems: string[] = [];
    const marks = parseMeshMarks(MANGLE, problems);
    expect(marks.map(({ rule: _, ...m }) => m)).toEqual([
      { mark: 256, chain: 'PREROUTING', protocol: 'tcp', port: 8080, destination: null },
      { mark: 258, chain: 'PREROUTING', protocol: 'udp', port: 5353, destination: null },
      { mark: 256, chain: 'INPUT', protocol: null, port: null, destination: '10.0.0.2/32' },
      { mark: 259, chain: 'OUTPUT', protocol: null, port: null, destination: '10.0.1.5/32' },
    ]);
    expect(marks[0]?.rule).toBe(
      '-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff',
    );
    expect(problems).toEqual([
      'mangle: unreadable mark in "-A PREROUTING -p tcp -j MARK --set-xmark 0x1ffffffff/0xffffffff"',
      'mangle: unreadable mark in "-A PREROUTING -p tcp -j MARK --set-xmark"',
      'mangle: not a rule: "-A PREROUTING -m comment --comment \\"unterminated -j MARK --set-xmark 0x7"',
    ]);
  });
});

describe('the recorded-format fixtures (the fuzz seeds)', () => {
  it('read clean', () => {
    const problems: string[] = [];
    const dir = 'test/fixtures/kernel/mesh';
    expect(
      parseIpvs(readFileSync(`${dir}/ip_vs.txt`, 'utf8'), problems).map((s) => s.destinations.length),
    ).toEqual([1, 2, 0, 1]);
    expect(parseMeshMarks(readFileSync(`${dir}/mangle.rules`, 'utf8'), problems).map((m) => m.mark)).toEqual([
      256, 256,
    ]);
    expect(problems).toEqual([]);
  });
});
