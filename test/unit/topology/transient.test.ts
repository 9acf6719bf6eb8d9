// Containers caught between states: shown starting or stopping, not warned about, until a reconcile
// finds them still so; and what a capturer remembers of them.
import { describe, expect, it } from 'vitest';
import type { DockerContainerFact, DockerFacts } from '../../../src/collect/docker/docker-facts.js';
import type { KernelFacts } from '../../../src/collect/facts.js';
import { TransientMemory } from '../../../src/capture/transient-memory.js';
import { buildSnapshot } from '../../../src/topology/build.js';
import { incarnation, type TransientInput } from '../../../src/topology/transient.js';

const key = (name: string) => `/var/run/docker/netns/${name}0000`;
const container = (name: string, ports = false): DockerContainerFact => ({
  id: `id-${name}`,
  name,
  image: 'busybox',
  state: 'running',
  running: true,
  pid: 100,
  networkMode: 'bridge',
  sandboxKey: key(name),
  endpoints: [],
  ports: ports ? [{ protocol: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8080 }] : [],
  requestedPorts: ports ? [{ protocol: 'tcp', containerPort: 80, hostIp: '', hostPort: 8080 }] : [],
  labels: {},
});
const docker = (containers: DockerContainerFact[]): DockerFacts => ({
  engine: 'docker',
  engineName: 'Docker Engine - Community',
  desktop: false,
  swarm: null,
  services: [],
  version: '20.10',
  apiVersion: '1.41',
  kernel: null,
  os: null,
  name: 'h',
  rootless: false,
  firewallDriver: null,
  containers,
  networks: [],
  problems: [],
});
/** The kernel view: the host, and the namespaces of the containers named in `read`. */
const kernel = (
  read: string[],
  gone: string[] = [],
  privilege: KernelFacts['privilege'] = 'root',
): KernelFacts => ({
  hostname: 'h',
  kernel: null,
  os: null,
  privilege,
  host: { path: null, inode: 1, links: [], routes: [], error: null },
  namespaces: read.map((n, i) => ({ path: key(n), inode: 10 + i, links: [], routes: [], error: null })),
  gone: gone.map(key),
  problems: [],
});
const build = (
  k: KernelFacts,
  transient?: TransientInput,
  containers = [container('a'), container('b', true)],
) =>
  buildSnapshot({
    target: 'h',
    capturedAt: 't',
    docker: docker(containers),
    kernel: k,
    firewall: null,
    ...(transient ? { transient } : {}),
  });
const states = (s: ReturnType<typeof build>) =>
  Object.fromEntries(s.containers.map((c) => [c.name, c.state]));
const unreadWarnings = (s: ReturnType<typeof build>) =>
  s.warnings.filter((w) => w.code === 'namespace-unread');
const none = { seen: new Set<string>(), overdue: new Set<string>() };

describe('containers between states', () => {
  it('shows a running container without a namespace yet as starting, without a warning', () => {
    const s = build(kernel(['a']), none);
    expect(states(s)).toEqual({ a: 'running', b: 'starting' });
    expect(unreadWarnings(s)).toEqual([]);
    // Its published port has no DNAT rule yet: not a finding while it starts.
    expect(s.findings.filter((f) => f.code === 'published-port-without-dnat')).toEqual([]);
  });

  it('shows one whose namespace was read before, or is gone, as stopping', () => {
    expect(states(build(kernel(['a']), { ...none, seen: new Set([key('b')]) }))).toMatchObject({
      b: 'stopping',
    });
    expect(states(build(kernel(['a'], ['b']), none))).toMatchObject({ b: 'stopping' });
  });

  it('warns when it lasts past a reconcile, when nothing is known from before, and without privilege', () => {
    const overdue = build(kernel(['a']), { ...none, overdue: new Set([incarnation(container('b'))]) });
    expect(states(overdue)).toMatchObject({ b: 'running' });
    expect(unreadWarnings(overdue)).toHaveLength(1);
    expect(unreadWarnings(build(kernel(['a'])))).toHaveLength(1);
    expect(states(build(kernel([], [], 'none'), none))).toEqual({ a: 'running', b: 'running' });
  });
});

describe('TransientMemory', () => {
  it('calls overdue, in a reconcile, only what was already between states before it, and keeps warning', () => {
    const memory = new TransientMemory();
    const seen = new Set<string>();
    const capture = (read: string[], full: boolean, at: number) => {
      const input = memory.input(seen, full ? memory.pending() : undefined);
      const s = build(kernel(read), input);
      return { s, shown: memory.note(s, input, at) };
    };
    expect(capture(['a'], false, 1000).shown).toEqual(['id-b']);
    // An update does not warn; a reconcile does, and later updates go on warning while it lasts.
    expect(unreadWarnings(capture(['a'], false, 2000).s)).toEqual([]);
    expect(unreadWarnings(capture(['a'], true, 3000).s)).toHaveLength(1);
    const after = capture(['a'], false, 4000);
    expect(unreadWarnings(after.s)).toHaveLength(1);
    expect(after.shown).toEqual([]);
    // Once its namespace is read, it is forgotten: the memory holds only what is missing.
    capture(['a', 'b'], false, 5000);
    expect(memory.size).toBe(0);
    expect(capture(['a'], false, 6000).shown).toEqual(['id-b']);
  });

  it('does not call a container restarted since (another pid) overdue: under churn each race is new', () => {
    const memory = new TransientMemory();
    const seen = new Set<string>();
    const run = (pid: number) => [container('a'), { ...container('b', true), pid }];
    const capture = (pid: number, full: boolean, at: number) => {
      const input = memory.input(seen, full ? memory.pending() : undefined);
      const s = build(kernel(['a']), input, run(pid));
      memory.note(s, input, at);
      return s;
    };
    // Caught between states by every capture, each time in another run: never a warning.
    capture(101, false, 1000);
    expect(unreadWarnings(capture(102, true, 2000))).toEqual([]);
    expect(unreadWarnings(capture(103, true, 3000))).toEqual([]);
    expect(memory.size).toBe(1);
    // The same run still so in the next reconcile: that one lasts, it is warned about.
    expect(unreadWarnings(capture(103, true, 4000))).toHaveLength(1);
  });

  it('in a reconcile in slices, calls overdue what lacked its namespace when the rotation began', () => {
    const memory = new TransientMemory();
    const seen = new Set<string>();
    const capture = (read: string[], reconcile: ReadonlySet<string> | undefined, at: number) => {
      const input = memory.input(seen, reconcile);
      const s = build(kernel(read), input);
      memory.note(s, input, at);
      return s;
    };
    // b is caught between states after the rotation began: its last slice does not warn about it.
    const began = memory.pending();
    capture(['a'], undefined, 1000);
    expect(unreadWarnings(capture(['a'], began, 2000))).toEqual([]);
    // Still so when the next rotation began, and at its end: it lasted, it is warned about.
    const next = memory.pending();
    capture(['a'], undefined, 3000);
    expect(unreadWarnings(capture(['a'], next, 4000))).toHaveLength(1);
  });
});
