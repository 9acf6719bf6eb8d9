// The capture against a real dockerd, checked fact by fact against the kernel read independently.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../src/capture/capturer.js';
import { createLocalConnection } from '../../src/connection/local.js';
import { Snapshot } from '../../src/model/snapshot.js';
import type { Interface, Snapshot as SnapshotT } from '../../src/model/snapshot.js';
import {
  HOSTILE_IFNAMES,
  HOSTILE_NETWORK,
  createCaptureLab,
  removeCaptureLab,
} from '../support/capture-lab.js';
import { docker, dockerAvailable, waitFor } from '../support/lab.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';
import { connect } from '../../src/connection/connect.js';

const enabled = dockerAvailable() && sshdSkipReason() === undefined;
const UNKNOWN_DNAT = [
  '-t',
  'nat',
  '-A',
  'DOCKER',
  '-p',
  'tcp',
  '--dport',
  '28999',
  '-j',
  'DNAT',
  '--to-destination',
  '10.231.1.250:80',
];

function inspect(name: string): {
  Id: string;
  State: { Pid: number };
  NetworkSettings: {
    SandboxKey: string;
    Networks: Record<string, { IPAddress: string; MacAddress: string }>;
  };
} {
  return (JSON.parse(docker('inspect', name)) as never[])[0] as never;
}

/** The kernel's own view of a container's interfaces: name → ifindex and peer ifindex (iflink). */
function kernelLinks(pid: number): Map<string, { ifindex: number; iflink: number; mtu: number }> {
  const out = execFileSync('nsenter', ['-t', String(pid), '-n', 'ip', '-o', 'link', 'show'], {
    encoding: 'utf8',
  });
  const links = new Map<string, { ifindex: number; iflink: number; mtu: number }>();
  for (const line of out.trim().split('\n')) {
    const m = /^(\d+): ([^:@]+)(?:@if(\d+))?: .* mtu (\d+)/.exec(line);
    if (m)
      links.set(m[2] as string, { ifindex: Number(m[1]), iflink: Number(m[3] ?? m[1]), mtu: Number(m[4]) });
  }
  return links;
}

function hostIfname(ifindex: number): string {
  const out = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith(`${ifindex}: `));
  return /^\d+: ([^:@]+)/.exec(line ?? '')?.[1] ?? '';
}

/**
 * The lab's part of a snapshot, without what legitimately changes between two captures of one
 * state (time, counters): other containers on a shared engine may come and go meanwhile.
 */
const stable = (s: SnapshotT) => {
  const lab = (id: string | null) => id !== null && id.startsWith('container:nlc-');
  return JSON.stringify({
    host: s.host,
    namespaces: s.namespaces.filter((n) => lab(n.id)),
    interfaces: s.interfaces
      .filter((i) => lab(i.namespace) || lab(i.peer) || i.name.startsWith('nlc'))
      .map((i) => ({ ...i, counters: null })),
    networks: s.networks.filter((n) => n.name.startsWith('nlc-')),
    containers: s.containers.filter((c) => c.name.startsWith('nlc-')),
    natFlows: s.natFlows.filter((f) => (f.kind === 'dnat' ? f.container : f.network)?.startsWith('nlc-')),
    findings: s.findings.filter((f) => f.subjects.some((x) => x.includes('nlc-'))),
  });
};

const iface = (s: SnapshotT, id: string): Interface | undefined => s.interfaces.find((i) => i.id === id);

describe.skipIf(!enabled)('capture of a real Docker host', () => {
  let snap: SnapshotT;
  let hidden: ChildProcess | undefined;

  beforeAll(async () => {
    createCaptureLab();
    // A veth whose peer lives in a namespace no file names: the capture must call it dangling.
    hidden = spawn('unshare', ['-n', 'sleep', '600'], { stdio: 'ignore' });
    const pid = hidden.pid as number;
    await waitFor(
      () => readlinkSync(`/proc/${pid}/ns/net`) !== readlinkSync('/proc/self/ns/net'),
      5000,
      'unshare',
    );
    execFileSync('ip', ['link', 'add', 'nlc-dang0', 'type', 'veth', 'peer', 'name', 'nlc-dang1']);
    execFileSync('ip', ['link', 'set', 'nlc-dang1', 'netns', String(pid)]);
    execFileSync('iptables', UNKNOWN_DNAT);
    execFileSync('nsenter', [
      '-t',
      String(inspect('nlc-cust').State.Pid),
      '-n',
      'ip',
      'link',
      'set',
      'eth0',
      'mtu',
      '1400',
    ]);
    snap = await capture(createLocalConnection());
  });

  afterAll(() => {
    try {
      execFileSync(
        'iptables',
        UNKNOWN_DNAT.map((a) => (a === '-A' ? '-D' : a)),
      );
    } catch {
      // already gone
    }
    hidden?.kill('SIGKILL');
    try {
      execFileSync('ip', ['link', 'del', 'nlc-dang0']);
    } catch {
      // went with the namespace
    }
    removeCaptureLab();
  });

  it('is a valid netlens.snapshot/v1 document', () => {
    expect(() => Snapshot.parse(snap)).not.toThrow();
    expect(snap.host.privilege).toBe('root');
    expect(snap.host.collected).toEqual({ docker: true, kernel: true, firewall: true });
  });

  it('lists every container interface the kernel has, with the peer and bridge the kernel says', () => {
    for (const name of ['nlc-web', 'nlc-db', 'nlc-udp', 'nlc-range', 'nlc-int1', 'nlc-cust', 'nlc-evil']) {
      const c = inspect(name);
      const ns = snap.namespaces.find((n) => n.id === `container:${name}`);
      expect(ns?.path, name).toBe(c.NetworkSettings.SandboxKey);
      const links = kernelLinks(c.State.Pid);
      expect(new Set(ns?.interfaces)).toEqual(
        new Set([...links.keys()].map((l) => `container:${name}/${l}`)),
      );
      for (const [ifname, k] of links) {
        const got = iface(snap, `container:${name}/${ifname}`);
        expect(got?.ifindex).toBe(k.ifindex);
        expect(got?.mtu).toBe(k.mtu);
        if (ifname === 'lo') continue;
        const hostName = hostIfname(k.iflink);
        expect(got?.peer, `${name}/${ifname}`).toBe(`host/${hostName}`);
        const master = readlinkSync(`/sys/class/net/${hostName}/master`).split('/').pop();
        expect(iface(snap, `host/${hostName}`)?.master).toBe(`host/${master}`);
        expect(iface(snap, `host/${hostName}`)?.peer).toBe(`container:${name}/${ifname}`);
      }
    }
  });

  it('joins each Docker network to its bridge and each endpoint to its interface', () => {
    const net = (name: string) => snap.networks.find((n) => n.name === name);
    expect(net('bridge')?.bridge).toBe('host/docker0');
    expect(net('nlc-custom')?.bridge).toBe('host/nlc-br0');
    const appId = docker('network', 'inspect', '-f', '{{.Id}}', 'nlc-app');
    expect(net('nlc-app')?.bridge).toBe(`host/br-${appId.slice(0, 12)}`);
    expect(net('nlc-int')?.internal).toBe(true);
    expect(net(HOSTILE_NETWORK)?.endpoints.map((e) => e.container)).toEqual(['nlc-evil']);
    const db = snap.containers.find((c) => c.name === 'nlc-db');
    expect(db?.endpoints.map((e) => e.network)).toEqual(['nlc-app', 'nlc-db']);
    const dbInspect = inspect('nlc-db');
    for (const e of db?.endpoints ?? []) {
      const mac = dbInspect.NetworkSettings.Networks[e.network]?.MacAddress;
      expect(iface(snap, e.interface ?? '')?.mac).toBe(mac);
      expect(e.ipv4).toBe(dbInspect.NetworkSettings.Networks[e.network]?.IPAddress);
    }
  });

  it('places shared, host, none, macvlan and stopped containers where they live', () => {
    const web = snap.namespaces.find((n) => n.id === 'container:nlc-web');
    expect(web?.containers).toEqual(['nlc-web', 'nlc-side']);
    expect(snap.containers.find((c) => c.name === 'nlc-side')?.networkMode).toBe('container:nlc-web');
    expect(snap.namespaces.find((n) => n.id === 'host')?.containers).toContain('nlc-host');
    expect(snap.namespaces.find((n) => n.id === 'container:nlc-none')?.interfaces).toEqual([
      'container:nlc-none/lo',
    ]);
    expect(snap.containers.find((c) => c.name === 'nlc-stopped')?.namespace).toBeNull();
    const mac = snap.interfaces.find((i) => i.namespace === 'container:nlc-mac1' && i.kind === 'macvlan');
    expect(mac?.parent).toBe('host/nlc-vp0');
  });

  it('turns each published port into a NAT flow joined to the rule and the container', () => {
    const web = inspect('nlc-web').NetworkSettings.Networks['nlc-app']?.IPAddress;
    const rules = execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' });
    expect(rules).toContain(`--dport 28080 -j DNAT --to-destination ${web}:80`);
    const flow = (id: string) => snap.natFlows.find((f) => f.id === id);
    const f8080 = flow('tcp/0.0.0.0:28080');
    expect(f8080).toMatchObject({
      kind: 'dnat',
      toAddress: web,
      toPort: 80,
      container: 'nlc-web',
      network: 'nlc-app',
      published: true,
    });
    expect(f8080?.kind === 'dnat' && f8080.endpoint).toBe(
      snap.containers.find((c) => c.name === 'nlc-web')?.endpoints[0]?.interface,
    );
    expect(flow('udp/127.0.0.1:28053')).toMatchObject({ toPort: 53, container: 'nlc-udp' });
    expect(flow('tcp/0.0.0.0:28100')).toMatchObject({ toPort: 9000, container: 'nlc-range' });
    expect(flow('tcp/0.0.0.0:28101')).toMatchObject({ toPort: 9001, container: 'nlc-range' });
    const masq = snap.natFlows.find((f) => f.kind === 'masquerade' && f.source === '10.231.1.0/24');
    expect(masq).toMatchObject({ network: 'nlc-app' });
  });

  it('points out the problems planted in the lab, and no others of its containers', () => {
    const codes = snap.findings.map((f) => `${f.code} ${f.subjects.join(',')}`);
    expect(codes).toContain(
      'dnat-to-unknown-address tcp/0.0.0.0:28999,' +
        snap.natFlows.find((f) => f.id === 'tcp/0.0.0.0:28999')?.rule,
    );
    expect(codes.some((c) => c.startsWith('veth-peer-missing host/nlc-dang0'))).toBe(true);
    expect(codes.some((c) => c.startsWith('mtu-mismatch container:nlc-cust/eth0'))).toBe(true);
    expect(codes.filter((c) => c.startsWith('published-port-without-dnat'))).toEqual([]);
  });

  it('keeps hostile names as data and runs none of them', () => {
    expect(iface(snap, `host/${HOSTILE_IFNAMES[0]}`)?.peer).toBe(`host/${HOSTILE_IFNAMES[1]}`);
    expect(snap.containers.find((c) => c.name === 'nlc-evil')?.compose).toEqual({
      project: '$(touch q)',
      service: ';touch q',
    });
    for (const dir of [process.cwd(), homedir(), '/']) expect(existsSync(`${dir}/q`)).toBe(false);
  });

  it('gives the same JSON for the same state', async () => {
    const again = await capture(createLocalConnection());
    expect(stable(again)).toBe(stable(snap));
  });

  it('captures the same snapshot over SSH, in one exec round trip', async () => {
    const sshd = await startSshd();
    try {
      const conn = await connect(`ssh://root@127.0.0.1:${sshd.port}`, {
        identityFile: sshd.identityFile,
        knownHostsPath: sshd.knownHostsFile,
      });
      try {
        const before = conn.stats.execs;
        const remote = await capture(conn, { target: 'local' });
        expect(conn.stats.execs - before).toBe(1);
        expect(stable(remote)).toBe(stable(snap));
      } finally {
        await conn.close();
      }
      expect(sshd.acceptedLogins()).toBe(1);
    } finally {
      await sshd.dispose();
    }
  });
});
