// An update capture (after Docker events) against a real dockerd: whatever changed since the capturer's
// last capture, it must give the snapshot a full capture gives, in one exec round trip.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer, type Captured } from '../../src/capture/capturer.js';
import { readKernel } from '../../src/collect/kernel/read-kernel.js';
import type Docker from 'dockerode';
import { connect } from '../../src/connection/connect.js';
import { createLocalConnection } from '../../src/connection/local.js';
import type { Connection } from '../../src/connection/types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { cleanupPrefix, docker, dockerAvailable, ensureTestImage } from '../support/lab.js';
import { sshdSkipReason, startSshd } from '../support/sshd.js';

const PREFIX = 'nlu-';
const root = process.getuid?.() === 0;
if (!root && process.env.CI === 'true') throw new Error('CI: the update capture test needs root');
const enabled = dockerAvailable() && root && sshdSkipReason() === undefined;

/**
 * This lab's part of a snapshot, without time and counters: other test files share the engine, so
 * their containers may come and go between two captures.
 */
function labPart(s: Snapshot): unknown {
  const mine = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.includes(PREFIX) || text.includes('10.243.');
  };
  const networks = s.networks.filter(mine);
  const bridges = JSON.stringify(networks);
  const strip = (value: unknown) =>
    JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'counters' ? null : v))) as unknown;
  return strip({
    host: s.host,
    namespaces: s.namespaces.filter(mine),
    interfaces: s.interfaces.filter((i) => mine(i) || bridges.includes(`"${i.id}"`)),
    routes: s.routes.filter(mine),
    networks,
    containers: s.containers.filter(mine),
    rules: s.firewall.rules.filter(mine),
    natFlows: s.natFlows.filter(mine),
    findings: s.findings.filter(mine),
    warnings: s.warnings.filter(mine),
  });
}

/** `conn` with the stdout of every exec kept, in order. */
function recorded(conn: Connection): { recording: Connection; outputs: string[] } {
  const outputs: string[] = [];
  const recording: Connection = {
    ...conn,
    exec: async (argv, options) => {
      const result = await conn.exec(argv, options);
      outputs.push(result.stdout);
      return result;
    },
  };
  return { recording, outputs };
}

describe.skipIf(!enabled)('update capture on a real Docker host', () => {
  const conn = createLocalConnection();
  let image: string;
  const id = (name: string) => docker('inspect', '-f', '{{.Id}}', name);
  /** `docker run -d` or `docker create` of a sleeping busybox on network `${PREFIX}<network>`. */
  const container = (verb: 'run' | 'create', name: string, network: string, ...args: string[]) =>
    docker(
      verb,
      ...(verb === 'run' ? ['-d'] : []),
      '--name',
      name,
      '--network',
      `${PREFIX}${network}`,
      ...args,
      image,
      'sleep',
      '3600',
    );

  beforeAll(() => {
    image = ensureTestImage();
    cleanupPrefix(PREFIX);
    docker('network', 'create', '--subnet', '10.243.1.0/24', `${PREFIX}net`);
    docker('network', 'create', '--subnet', '10.243.2.0/24', `${PREFIX}net2`);
    container('run', `${PREFIX}web`, 'net', '-p', '127.0.0.1:28431:80');
    container('run', `${PREFIX}app`, 'net');
    container('run', `${PREFIX}db`, 'net');
    container('create', `${PREFIX}idle`, 'net', '-p', '28432:81');
  });
  afterAll(async () => {
    await conn.close();
    cleanupPrefix(PREFIX);
  });

  /** `ip …` inside the app container's namespace, as a user with nsenter would (Docker hears nothing). */
  const ipInApp = (...args: string[]) =>
    execFileSync('nsenter', [
      '-t',
      docker('inspect', '-f', '{{.State.Pid}}', `${PREFIX}app`),
      '-n',
      'ip',
      ...args,
    ]);
  const appAddresses = (c: Captured) =>
    JSON.stringify(c.snapshot.interfaces.find((i) => i.id === `container:${PREFIX}app/eth0`)?.addresses);

  async function expectSameAsFull(update: Captured): Promise<void> {
    const full = await createCapturer(conn).capture({ full: true });
    expect(update.kind).toBe('update');
    expect(labPart(update.snapshot)).toEqual(labPart(full.snapshot));
  }

  it('follows starts, stops, connects, renames and new containers without being told which', async () => {
    const capturer = createCapturer(conn);
    const base = await capturer.capture();
    expect(base.kind).toBe('full');
    docker('start', `${PREFIX}idle`);
    docker('stop', '-t', '0', `${PREFIX}web`);
    docker('network', 'connect', `${PREFIX}net2`, `${PREFIX}app`);
    docker('rename', `${PREFIX}db`, `${PREFIX}db2`);
    container('run', `${PREFIX}new`, 'net2', '-p', '28433:82');
    const execs = conn.stats.execs;
    const update = await capturer.capture({ changed: [] });
    // No event named them: the Docker answers show what changed, and the kernel is read once more for it.
    expect(conn.stats.execs - execs).toBe(2);
    const names = update.snapshot.containers.filter((c) => c.name.startsWith(PREFIX));
    expect(names.map((c) => `${c.name}:${c.state}`).sort()).toEqual([
      `${PREFIX}app:running`,
      `${PREFIX}db2:running`,
      `${PREFIX}idle:running`,
      `${PREFIX}new:running`,
      `${PREFIX}web:exited`,
    ]);
    await expectSameAsFull(update);
  });

  it('re-reads the namespace of a container an event names even when its list entry did not move', async () => {
    const capturer = createCapturer(conn);
    await capturer.capture();
    // A change inside the namespace that Docker does not list: only the event's id makes it re-read.
    ipInApp('addr', 'add', '10.243.9.9/32', 'dev', 'eth0');
    const execs = conn.stats.execs;
    const update = await capturer.capture({ changed: [id(`${PREFIX}app`)] });
    expect(conn.stats.execs - execs).toBe(1);
    expect(appAddresses(update)).toContain('10.243.9.9');
    await expectSameAsFull(update);

    // Without the event, the last reading of that namespace stands (a reconcile catches it, below).
    ipInApp('addr', 'del', '10.243.9.9/32', 'dev', 'eth0');
    expect(appAddresses(await capturer.capture({ changed: [] }))).toContain('10.243.9.9');
  });

  it('a reconcile in slices reads everything again, a slice at a time, and ends as a full capture does', async () => {
    const capturer = createCapturer(conn);
    await capturer.capture();
    // A change no event announces, in a namespace no event names: only a reconcile finds it.
    ipInApp('addr', 'add', '10.243.9.8/32', 'dev', 'eth0');
    try {
      const sliced: Captured[] = [];
      while (sliced.length < 1000 && !sliced.at(-1)?.reconciled)
        sliced.push(await capturer.capture({ recheck: 3 }));
      const last = sliced.at(-1) as Captured;
      expect(last.reconciled).toBe(true);
      // Our four containers alone take two slices, then the last capture.
      expect(sliced.length).toBeGreaterThanOrEqual(3);
      expect(sliced.slice(0, -1).every((c) => c.kind === 'update' && !c.reconciled)).toBe(true);
      expect(appAddresses(last)).toContain('10.243.9.8');
      await expectSameAsFull(last);
      // The next request for slices begins a new rotation.
      expect((await capturer.capture({ recheck: 3 })).reconciled).toBeUndefined();
    } finally {
      ipInApp('addr', 'del', '10.243.9.8/32', 'dev', 'eth0');
    }
  });

  it("reads again only the named namespaces and the firewall tables holding Docker's rules", async () => {
    const a = await readKernel(conn);
    const path = (name: string) => docker('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', name);
    const b = await readKernel(conn, a.cache, { reread: new Set([path(`${PREFIX}app`)]) });
    // A reused section is the very object of the last reading; a fresh one is new.
    const before = a.cache.raw.sections;
    const after = b.cache.raw.sections;
    const reused = (key: string) => after.get(key) !== undefined && after.get(key) === before.get(key);
    const nsKey = (name: string) =>
      [...after.keys()].find((k) => k.startsWith(`ns r:${path(name)} `)) ?? `none for ${name}`;
    expect(reused('uid')).toBe(true);
    expect(reused('iptables-version')).toBe(true);
    expect(a.cache.docker.length).toBeGreaterThan(0);
    for (const cmd of [
      'iptables-legacy-save',
      'ip6tables-legacy-save',
      'iptables-nft-save',
      'ip6tables-nft-save',
      'nft-ruleset',
    ])
      expect([cmd, reused(`fw ${cmd}`)]).toEqual([cmd, !a.cache.docker.includes(cmd as never)]);
    expect(reused(nsKey(`${PREFIX}idle`))).toBe(true);
    expect(reused(nsKey(`${PREFIX}app`))).toBe(false);
    // The firewall comes back parsed, with Docker's rules in it.
    expect(b.firewall.tables.some((t) => t.chains.some((c) => c.name === 'DOCKER'))).toBe(true);
  });

  it('reads the namespace of a container that started after the script listed the namespace folder', async () => {
    const late = `${PREFIX}late`;
    container('create', late, 'net');
    // Force the race: the kernel script has run before the container starts; Docker is asked after.
    let kernelDone!: () => void;
    const ran = new Promise<void>((resolve) => (kernelDone = resolve));
    let armed = false;
    let first = true;
    const racing: Connection = {
      ...conn,
      exec: async (argv, options) => {
        const result = await conn.exec(argv, options);
        if (armed && first) {
          first = false;
          docker('start', late);
          kernelDone();
        }
        return result;
      },
      // Docker answers (a list, or the inspect of a container an event named) only after that.
      docker: new Proxy(conn.docker, {
        get(target, prop) {
          if (prop === 'listContainers')
            return async (opts: Docker.ContainerListOptions) => {
              if (armed) await ran;
              return target.listContainers(opts);
            };
          if (prop === 'getContainer')
            return (containerId: string) => {
              const container = target.getContainer(containerId);
              return {
                inspect: async () => {
                  if (armed) await ran;
                  return container.inspect();
                },
              };
            };
          const value: unknown = Reflect.get(target, prop);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    };
    const capturer = createCapturer(racing);
    await capturer.capture();
    armed = true;
    const execs = conn.stats.execs;
    const update = await capturer.capture({ changed: [id(late)] });
    expect(conn.stats.execs - execs).toBe(2);
    expect(update.snapshot.warnings.filter((w) => w.code === 'namespace-unread')).toEqual([]);
    expect(update.snapshot.namespaces.some((n) => n.id === `container:${late}`)).toBe(true);
    await expectSameAsFull(update);
  });

  it('after an event, reads the host in part and no firewall table unless the container publishes ports', async () => {
    const { recording, outputs } = recorded(conn);
    const capturer = createCapturer(recording);
    await capturer.capture();
    const sections = (re: RegExp) => (outputs.at(-1) ?? '').split('\n').filter((l) => re.test(l)).length;

    docker('restart', '-t', '0', `${PREFIX}app`);
    const quiet = await capturer.capture({ changed: [id(`${PREFIX}app`)] });
    expect(sections(/ begin host-part/)).toBe(1);
    expect(sections(/ begin host-ip/)).toBe(0);
    expect(sections(/ begin fw \S+ cached$/)).toBe(5);
    await expectSameAsFull(quiet);

    // A container with a published port: Docker rewrote its rules, so its tables are read again.
    docker('restart', '-t', '0', `${PREFIX}web`);
    const published = await capturer.capture({ changed: [id(`${PREFIX}web`)] });
    expect(sections(/ begin host-part/)).toBe(1);
    expect(sections(/ begin fw \S+$/)).toBeGreaterThan(0);
    await expectSameAsFull(published);
  });

  it("after an event, reads only new docker-proxy processes and trusts leftover files in Docker's folder", async () => {
    const { recording, outputs } = recorded(conn);
    // What Docker leaves of a removed container's namespace: a plain file under its folder.
    const leftover = `/var/run/docker/netns/${PREFIX}leftover`;
    writeFileSync(leftover, '');
    docker('stop', '-t', '0', `${PREFIX}idle`);
    try {
      const capturer = createCapturer(recording);
      const first = await capturer.capture();
      const before = outputs.at(-1) ?? '';
      expect(before).toMatch(new RegExp(` begin ns r:${leftover} \\d+ not-netns\n`));
      const webProxy = first.snapshot.proxies?.find((p) => p.hostPort === 28431);
      expect(webProxy).toBeDefined();

      docker('start', `${PREFIX}idle`);
      const update = await capturer.capture({ changed: [id(`${PREFIX}idle`)] });
      const out = outputs.at(-1) ?? '';
      // web's docker-proxy is named, not read again; idle's new one is read.
      expect(out).toContain(`\n= ${String(webProxy?.pid)}\n`);
      expect(out).not.toContain(`/proc/${String(webProxy?.pid)}/cmdline:`);
      expect(out).toMatch(/\/proc\/\d+\/cmdline:28432\n/);
      expect(out).toMatch(new RegExp(` begin ns r:${leftover} \\d+ cached\n`));
      const ports = (s: Snapshot) => (s.proxies ?? []).map((p) => `${p.hostIp}:${p.hostPort}`).sort();
      const full = await createCapturer(conn).capture({ full: true });
      expect(ports(update.snapshot)).toEqual(ports(full.snapshot));
      expect(ports(update.snapshot)).toEqual(expect.arrayContaining(['127.0.0.1:28431', '0.0.0.0:28432']));
      await expectSameAsFull(update);
    } finally {
      rmSync(leftover, { force: true });
    }
  });

  it('drops removed containers and networks, and their namespaces', async () => {
    const capturer = createCapturer(conn);
    await capturer.capture();
    docker('rm', '-f', `${PREFIX}new`);
    docker('network', 'disconnect', `${PREFIX}net2`, `${PREFIX}app`);
    docker('network', 'rm', `${PREFIX}net2`);
    const update = await capturer.capture({ changed: [] });
    expect(update.snapshot.containers.some((c) => c.name === `${PREFIX}new`)).toBe(false);
    expect(update.snapshot.networks.some((n) => n.name === `${PREFIX}net2`)).toBe(false);
    expect(update.snapshot.namespaces.some((n) => n.id === `container:${PREFIX}new`)).toBe(false);
    await expectSameAsFull(update);
  });

  it('does the same over SSH, in one exec round trip', async () => {
    const sshd = await startSshd();
    try {
      const remote = await connect(`ssh://root@127.0.0.1:${sshd.port}`, {
        identityFile: sshd.identityFile,
        knownHostsPath: sshd.knownHostsFile,
      });
      try {
        const capturer = createCapturer(remote, { target: 'local' });
        await capturer.capture();
        docker('stop', '-t', '0', `${PREFIX}app`);
        docker('start', `${PREFIX}web`);
        const execs = remote.stats.execs;
        const update = await capturer.capture({ changed: [id(`${PREFIX}app`), id(`${PREFIX}web`)] });
        expect(remote.stats.execs - execs).toBe(1);
        await expectSameAsFull(update);
      } finally {
        await remote.close();
      }
    } finally {
      await sshd.dispose();
    }
  });
});
