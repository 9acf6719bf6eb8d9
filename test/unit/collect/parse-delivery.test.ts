// The kernel script's `sysctl`, `listen` and `proxy` sections, on output recorded on this machine's
// dockerd (test/fixtures/kernel/delivery; ss lines for `*`, `%lo`, `%eth0` and `[::1]` were added by
// hand in ss's format, as were the malformed lines).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compressV6,
  parseListeners,
  parseProxies,
  parseSysctls,
} from '../../../src/collect/kernel/parse-delivery.js';
import { NS_TIMEOUT_S } from '../../../src/collect/kernel/kernel-script.js';
import type { Section } from '../../../src/collect/kernel/parse-sections.js';
import type { KernelFacts } from '../../../src/collect/facts.js';
import { listenerKey } from '../../../src/model/order.js';
import { deliveryOf } from '../../../src/topology/delivery.js';

const fixture = (name: string) => readFileSync(join('test/fixtures/kernel/delivery', name), 'utf8');
const section = (name: string, stdout: string, args: string[] = []): Section => ({
  name,
  args,
  stdout,
  stderr: '',
  code: 0,
  complete: true,
});

describe('sysctls', () => {
  it('reads forwarding, br_netfilter and the per-interface values that differ from default', () => {
    const s = parseSysctls(section('sysctl', fixture('sysctl.out')));
    expect(s).toEqual({
      ipForward: true,
      ipv6Forwarding: true,
      bridgeNfCallIptables: true,
      bridgeNfCallIp6tables: true,
      routeLocalnet: {
        all: 0,
        default: null,
        interfaces: [
          { name: 'br-1baa2f4a370a', value: 0 },
          { name: 'br-3bda0f3c39ae', value: 0 },
          { name: 'br-42c84997c326', value: 0 },
          { name: 'docker0', value: 1 },
        ],
      },
      rpFilter: {
        all: 0,
        default: 2,
        interfaces: [
          { name: 'br-1baa2f4a370a', value: 0 },
          { name: 'br-3bda0f3c39ae', value: 0 },
          { name: 'br-42c84997c326', value: 0 },
          { name: 'eth0', value: 1 },
        ],
      },
    });
  });

  it('br_netfilter not loaded means bridged traffic skips iptables; an unreadable value is null', () => {
    const s = parseSysctls(
      section('sysctl', 'net/ipv4/ip_forward -\nnet/bridge/bridge-nf-call-iptables -\nbridge missing\n'),
    );
    expect(s).toMatchObject({ ipForward: null, bridgeNfCallIptables: false, bridgeNfCallIp6tables: false });
    expect(parseSysctls(undefined)).toBeNull();
  });
});

describe('listening sockets', () => {
  it('ss: families, wildcards, IPv6-only `[::]` against dual-stack `*`, scope ids dropped', () => {
    const problems: string[] = [];
    const l = parseListeners(section('listen', fixture('ss.out'), ['ss']), problems);
    const brief = l?.map((x) => `${x.protocol} ${x.family} ${x.address} ${x.port} ${String(x.dualStack)}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        'udp ipv4 10.89.77.1 53 null',
        'tcp ipv4 0.0.0.0 32084 null',
        'tcp ipv6 :: 32084 false',
        'tcp ipv6 :: 22 true',
        'udp ipv4 127.0.0.53 53 null',
        'udp ipv6 fe80::1 123 false',
        'tcp ipv6 ::1 631 false',
      ]),
    );
    expect(problems).toEqual(['listening sockets: 1 line(s) of ss output could not be read']);
  });

  it('/proc/net where ss is missing: LISTEN (0A) TCP and unconnected (07) UDP, addresses decoded', () => {
    const l = parseListeners(section('listen', fixture('proc.out'), ['proc']), []);
    expect(l?.map((x) => `${x.protocol} ${x.address} ${x.port}`)).toEqual(
      expect.arrayContaining(['tcp 0.0.0.0 32084', 'tcp :: 32084', 'udp 10.89.77.1 53']),
    );
    expect(compressV6(['2001', 'db8', '0', '0', '1', '0', '0', '1'])).toBe('2001:db8::1:0:0:1');
    expect(compressV6(['0', '0', '0', '0', '0', '0', '0', '1'])).toBe('::1');
  });
});

describe('docker-proxy processes', () => {
  it('reads each proxy from its arguments and drops one whose arguments are not addresses and ports', () => {
    const problems: string[] = [];
    const p = parseProxies(section('proxy', fixture('proxy.out')), problems);
    expect(p?.[0]).toEqual({
      pid: 18329,
      protocol: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: 32004,
      containerIp: '10.213.4.2',
      containerPort: 80,
    });
    expect(p?.[1]).toMatchObject({ pid: 18352, hostIp: '::' });
    expect(p?.some((x) => x.pid === 99)).toBe(false);
    expect(problems).toEqual(['1 docker-proxy process(es) with a command line Netlens could not read']);
  });

  it('a reader killed by the section timeout (137) keeps nothing and says so; a process gone keeps the rest', () => {
    const problems: string[] = [];
    const cut = { ...section('proxy', fixture('proxy.out')), code: 137 };
    expect(parseProxies(cut, problems)).toBeNull();
    const listen = { ...section('listen', fixture('ss.out'), ['ss']), code: 137 };
    expect(parseListeners(listen, problems)).toBeNull();
    expect(problems).toEqual([
      `docker-proxy processes: no answer within ${NS_TIMEOUT_S} s`,
      `listening sockets: no answer within ${NS_TIMEOUT_S} s`,
    ]);
    // grep says 2 when a file vanished between the listing and the read: the others were read.
    expect(parseProxies({ ...section('proxy', fixture('proxy.out')), code: 2 }, [])?.length).toBe(3);
  });
});

describe('sockets an update already knows', () => {
  it('an unchanged ss line is the last reading’s very socket, a new one is new, and both equal a fresh parse', () => {
    const text = fixture('ss.out');
    const last = section('listen', text, ['ss']);
    const before = parseListeners(last, []) ?? [];
    const extra = 'tcp   LISTEN 0      4096         0.0.0.0:40404      0.0.0.0:*';
    const now = section('listen', `${text.trimEnd()}\n${extra}\n`, ['ss']);
    const after = parseListeners(now, [], last) ?? [];
    const at = (l: typeof after, port: number) => l.find((x) => x.port === port && x.family === 'ipv4');
    expect(at(after, 32084)).toBe(at(before, 32084));
    expect(at(after, 40404)).toMatchObject({ protocol: 'tcp', address: '0.0.0.0' });
    expect(after).toEqual(parseListeners(section('listen', now.stdout, ['ss']), []));
  });

  it('a socket with the same holders is the same object in the snapshot; new holders make a new one', () => {
    // A socket docker-proxy 18329 of the fixture holds (0.0.0.0:32004).
    const ss = `${fixture('ss.out').trimEnd()}\ntcp LISTEN 0 4096 0.0.0.0:32004 0.0.0.0:*\n`;
    const listeners = parseListeners(section('listen', ss, ['ss']), []) ?? [];
    const proxies = parseProxies(section('proxy', fixture('proxy.out')), []) ?? [];
    const facts = { listeners, proxies } as unknown as KernelFacts;
    const a = deliveryOf(facts).listeners ?? [];
    const b = deliveryOf(facts).listeners ?? [];
    expect(b).toEqual(a);
    expect(b.every((l, i) => l === a[i])).toBe(true);
    const held = a.find((l) => l.processes.length > 0);
    expect(held).toBeDefined();
    const c = deliveryOf({ ...facts, proxies: [] }).listeners ?? [];
    const same = c.find((l) => listenerKey(l) === listenerKey(held!));
    expect(same?.processes).toEqual([]);
    expect(same).not.toBe(held);
  });
});
