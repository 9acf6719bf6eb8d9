// The live-session auditor on a recorded snapshot: what counts as a divergence, what it says, and
// when one has outlived a reconcile; then the audit loop inside a session with a scripted host.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalise } from '../../../src/model/patch.js';
import { Snapshot } from '../../../src/model/snapshot.js';
import {
  auditIntervalFromEnv,
  confirmed,
  divergences,
  DivergenceTracker,
  formatAuditReport,
  type AuditReport,
} from '../../../src/session/audit.js';
import { createHostSession, type HostSession } from '../../../src/session/host-session.js';
import { waitFor } from '../../support/lab.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';
import { fakeConnection } from './fake-connection.js';

const recorded = (): Snapshot =>
  Snapshot.parse(
    JSON.parse(
      readFileSync(new URL('../../fixtures/counters/docker20-snapshot.json', import.meta.url), 'utf8'),
    ),
  );

/** The recorded host without one container (what a session that missed its events shows). */
function without(s: Snapshot, name: string): Snapshot {
  const ns = s.namespaces.find((n) => n.containers.includes(name))?.id;
  return {
    ...s,
    containers: s.containers.filter((c) => c.name !== name),
    namespaces: s.namespaces.filter((n) => n.id !== ns),
    interfaces: s.interfaces.filter((i) => i.namespace !== ns),
    routes: s.routes.filter((r) => r.namespace !== ns),
  };
}

describe('divergences between a live view and a fresh capture', () => {
  it('none for the same host captured later: counters and capture times are not divergences', () => {
    const live = recorded();
    const fresh = structuredClone(live);
    fresh.capturedAt = '2031-01-01T00:00:00.000Z';
    for (const i of fresh.interfaces) if (i.counters) i.counters.rxBytes += 123_456;
    expect(divergences(live, fresh)).toEqual([]);
  });

  it('names a container the live view lacks, and one it still shows', () => {
    const host = recorded();
    const stale = without(host, 'nlc-web');
    const missing = divergences(stale, host);
    expect(missing.map((d) => d.text)).toContain('container nlc-web is missing from the live view');
    const pid = host.containers.find((c) => c.name === 'nlc-web')?.pid;
    expect(missing.find((d) => d.text.includes('nlc-web'))?.id).toBe(`container added nlc-web @${pid}`);
    const ghost = divergences(host, stale);
    expect(ghost.map((d) => d.text)).toContain('container nlc-web is in the live view but not on the host');
  });

  it('says which field differs and how', () => {
    const host = recorded();
    const live = structuredClone(host);
    const web = live.containers.find((c) => c.name === 'nlc-web');
    if (!web) throw new Error('the recording has nlc-web');
    web.state = 'exited';
    const d = divergences(canonicalise(live), host).find((x) => x.id.startsWith('container changed nlc-web'));
    expect(d?.text).toMatch(/^container nlc-web differs: state live "exited", host "running"/);
    // The same wrong live value is the same divergence whatever the host shows; another one is not.
    const host2 = structuredClone(host);
    const web2 = host2.containers.find((c) => c.name === 'nlc-web');
    if (web2) web2.state = 'paused';
    const same = divergences(canonicalise(live), canonicalise(host2)).find((x) =>
      x.id.startsWith('container changed nlc-web'),
    );
    expect(same?.id).toBe(d?.id);
    web.state = 'created';
    const moved = divergences(canonicalise(live), host).find((x) =>
      x.id.startsWith('container changed nlc-web'),
    );
    expect(moved?.id).not.toBe(d?.id);
  });

  it("what a container's run lacks is one divergence while the run lasts, another for its next run", () => {
    const host = recorded();
    const stale = without(host, 'nlc-web');
    const nsOf = (fresh: Snapshot) =>
      divergences(stale, fresh).find(
        (d) => d.text === 'namespace container:nlc-web is missing from the live view',
      );
    const again = structuredClone(host);
    const web = again.containers.find((c) => c.name === 'nlc-web');
    if (!web?.pid) throw new Error('the recording has nlc-web running');
    expect(nsOf(structuredClone(host))?.id).toBe(nsOf(host)?.id);
    // Stopped and started again between two audits (the live view, right each time, lacked it both
    // times): another run, another divergence.
    web.pid += 1;
    expect(nsOf(again)?.id).toBeDefined();
    expect(nsOf(again)?.id).not.toBe(nsOf(host)?.id);
  });

  it('a host veth the fresh capture could not pair is not held against the live view; a paired one is', () => {
    const host = recorded();
    const lacking = (s: Snapshot) => ({
      ...s,
      interfaces: s.interfaces.filter((i) => i.id !== 'host/vethf716ed7'),
    });
    // The fresh capture did not read nlc-web's namespace (no answer in time, or being torn down).
    const unread = structuredClone(host);
    for (const i of unread.interfaces) if (i.id === 'host/vethf716ed7') i.peer = null;
    const about = (ds: { id: string }[]) => ds.filter((d) => d.id.includes('vethf716ed7'));
    expect(about(divergences(lacking(host), canonicalise(unread)))).toEqual([]);
    expect(about(divergences(host, canonicalise(unread)))).toEqual([]);
    // Both ends down in the host (Docker making the pair, or moving it back to delete it).
    const inHost = structuredClone(host);
    for (const i of inHost.interfaces)
      if (i.id === 'host/vethf716ed7') Object.assign(i, { state: 'DOWN', peer: 'host/veth0a1b2c3' });
    inHost.interfaces.push({
      ...structuredClone(inHost.interfaces.find((i) => i.id === 'host/vethf716ed7')!),
      id: 'host/veth0a1b2c3',
      name: 'veth0a1b2c3',
      ifindex: 999,
      peer: 'host/vethf716ed7',
      master: null,
    });
    const parsed = Snapshot.parse(inHost);
    const pair = divergences(lacking(host), canonicalise(parsed)).filter((d) =>
      /veth(f716ed7|0a1b2c3)/.test(d.id),
    );
    expect(pair).toEqual([]);
    expect(about(divergences(lacking(host), host)).map((d) => d.id)).toContainEqual(
      expect.stringMatching(/^interface added host\/veth→container:nlc-web\/eth0 /),
    );
  });

  it('two host veths of one container (a restart between audits) are two divergences', () => {
    const host = recorded();
    const lacking = (s: Snapshot) => ({
      ...s,
      interfaces: s.interfaces.filter(
        (i) => !(i.namespace === 'host' && i.peer === 'container:nlc-web/eth0'),
      ),
    });
    const restarted = Snapshot.parse(
      JSON.parse(JSON.stringify(host).replaceAll('vethf716ed7', 'veth0a1b2c3')),
    );
    const first = divergences(lacking(host), host).filter((d) => d.id.startsWith('interface added host/'));
    const second = divergences(lacking(restarted), restarted).filter((d) =>
      d.id.startsWith('interface added host/'),
    );
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]?.id).not.toBe(first[0]?.id);
  });
});

describe('divergences confirmed on both sides of the fresh capture', () => {
  it('a change during the capture is a race; what the view lacked before and after is kept', () => {
    const host = recorded();
    const withoutWeb = without(host, 'nlc-web');
    // Removed during the fresh capture: the capture still has it, the session already dropped it.
    expect(confirmed(host, withoutWeb, host)).toEqual([]);
    // Created during the capture, seen by the session only after it: the capture lacks it.
    expect(confirmed(withoutWeb, host, withoutWeb)).toEqual([]);
    // Missing from the view before and after: kept.
    expect(confirmed(withoutWeb, withoutWeb, host).map((d) => d.text)).toContain(
      'container nlc-web is missing from the live view',
    );
  });
});

describe('divergences that outlive a reconcile', () => {
  const a = { id: 'container added x', text: 'container x is missing from the live view' };
  const b = { id: 'container added y', text: 'container y is missing from the live view' };

  it('a race (gone by the next audit) is never counted', () => {
    const t = new DivergenceTracker();
    expect(t.observe([a], { begun: 3, finishedBegun: 3 })).toEqual([]);
    expect(t.observe([], { begun: 5, finishedBegun: 5 })).toEqual([]);
    expect(t.lastingTotal).toBe(0);
  });

  it('still there with no capture finished since: not yet; after one that began later: counted once', () => {
    const t = new DivergenceTracker();
    t.observe([a], { begun: 3, finishedBegun: 3 });
    // The session began capture 4 but has not finished it: it has not had its chance yet.
    expect(t.observe([a], { begun: 4, finishedBegun: 3 })).toEqual([]);
    expect(t.observe([a, b], { begun: 4, finishedBegun: 4 })).toEqual([a]);
    expect(t.observe([a, b], { begun: 6, finishedBegun: 6 })).toEqual([b]);
    expect(t.observe([a, b], { begun: 9, finishedBegun: 9 })).toEqual([]);
    expect(t.lastingTotal).toBe(2);
    // Gone, then back: a new divergence, counted again only if it lasts again.
    t.observe([], { begun: 9, finishedBegun: 9 });
    expect(t.observe([a], { begun: 9, finishedBegun: 9 })).toEqual([]);
    expect(t.observe([a], { begun: 10, finishedBegun: 10 })).toEqual([a]);
    expect(t.lastingTotal).toBe(3);
    expect(t.audits).toBe(8);
  });

  it('a reconcile counts only once it finished before the fresh capture began', () => {
    const t = new DivergenceTracker();
    t.observe([a], { begun: 3, finishedBegun: 3 });
    // Capture 4 finished during the fresh capture: the view before it was older than capture 4, so
    // the live views on both sides were each right for their time (x created, then removed).
    expect(t.observe([a], { begun: 5, finishedBegun: 5 }, { begun: 4, finishedBegun: 3 })).toEqual([]);
    // Still missing from a view that is capture 4's or later: counted.
    expect(t.observe([a], { begun: 5, finishedBegun: 5 }, { begun: 5, finishedBegun: 4 })).toEqual([a]);
    expect(t.lastingTotal).toBe(1);
  });
});

describe('audit reports and the NETLENS_AUDIT setting', () => {
  it('a report is quiet when nothing differs, else one line naming each difference', () => {
    const base: AuditReport = {
      hostId: 'h',
      at: 'now',
      captureMs: 1,
      divergences: [],
      lasting: [],
      audits: 1,
      lastingTotal: 0,
    };
    expect(formatAuditReport(base)).toBeNull();
    const d = { id: 'container added x', text: 'container x is missing from the live view' };
    expect(formatAuditReport({ ...base, divergences: [d], lasting: [d], lastingTotal: 1 })).toBe(
      'audit h: the live view differs from a fresh capture in 1 item(s): container x is missing from the live view; 1 outlived a reconcile (1 so far): container x is missing from the live view',
    );
  });

  it('NETLENS_AUDIT is seconds; anything else leaves the auditor off', () => {
    expect(auditIntervalFromEnv({ NETLENS_AUDIT: '30' })).toBe(30_000);
    expect(auditIntervalFromEnv({ NETLENS_AUDIT: '0.5' })).toBe(500);
    for (const bad of [undefined, '', '0', 'yes', '-5', '1e9', '10s'])
      expect(auditIntervalFromEnv({ NETLENS_AUDIT: bad })).toBeNull();
  });
});

describe('the audit loop in a session', () => {
  let session: HostSession | null = null;
  afterEach(async () => {
    await session?.dispose();
    session = null;
  });

  it('reports what the host has and the session missed, counts it once it outlives a capture, and stops on dispose', async () => {
    const reports: AuditReport[] = [];
    let onHost = ['a'];
    const shown = ['a'];
    let capturers = 0;
    const fake = fakeConnection();
    session = createHostSession({
      target: 'fake',
      hostId: 'h1',
      connect: () => Promise.resolve(fake.conn),
      // The session's capturer (the first one made) shows what it was told; the auditor's see the host.
      createCapturer: () => {
        const mine = capturers++ === 0;
        return {
          capture: (request = {}) =>
            Promise.resolve({
              snapshot: buildSnapshot({
                capturedAt: new Date().toISOString(),
                containers: (mine ? shown : onHost).map((name) => ({ name })),
              }),
              kind: request.full === true ? 'full' : 'update',
              transient: [],
            }),
        };
      },
      emit: () => undefined,
      pollIntervalMs: 0,
      refreshMs: 0,
      audit: { intervalMs: 10, onReport: (r) => reports.push(r) },
    });
    await session.start();
    await waitFor(() => reports.length >= 2 || undefined, 5000, 'two audits');
    expect(reports.every((r) => r.divergences.length === 0)).toBe(true);

    onHost = ['a', 'b'];
    const seen = reports.length;
    await waitFor(() => reports.slice(seen).find((r) => r.divergences.length > 0), 5000, 'a divergence');
    // No capture of the session since: a race as far as the auditor can tell.
    expect(reports.at(-1)?.lastingTotal).toBe(0);
    // The container and what comes with it: its namespace, interfaces, routes, the host's veth.
    const texts = reports.at(-1)?.divergences.map((d) => d.text) ?? [];
    expect(texts).toContain('container b is missing from the live view');
    expect(texts).toContain('namespace container:b is missing from the live view');
    expect(texts.every((t) => t.includes('container:b') || t.includes('container b'))).toBe(true);
    // The session captures again (and still misses b): now it outlived a reconcile.
    await session.captureNow().catch(() => undefined);
    await waitFor(() => (reports.at(-1)?.lastingTotal ?? 0) > 0 || undefined, 5000, 'a lasting one');
    expect(reports.at(-1)?.lastingTotal).toBe(texts.length);

    await session.dispose();
    const after = reports.length;
    expect(session.openResources()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reports.length).toBe(after);
  });
});
