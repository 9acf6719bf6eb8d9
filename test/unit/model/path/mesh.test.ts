// Swarm's routing mesh on the packet path and in the join of src/model/mesh.ts: DOCKER-INGRESS-style
// DNAT to the ingress sandbox, whose mangle rule marks the published port and whose IPVS FWM service
// sends it to the tasks (the node of test/support/mesh-snapshot.ts).
import { describe, expect, it } from 'vitest';
import { parseMeshMarks } from '../../../../src/collect/kernel/parse-mesh.js';
import { meshEntries, meshForPort } from '../../../../src/model/mesh.js';
import { publishedPortPath } from '../../../../src/model/path/engine.js';
import { MANGLE, meshNode as node, meshRead as read } from '../../../support/mesh-snapshot.js';

const flow = (port: number) => `tcp/0.0.0.0:${port}`;

describe('the mesh join: mark → IPVS service → tasks', () => {
  it('names each marked port or VIP, its service, its IPVS service and the tasks behind it', () => {
    const s = node(read());
    const sbox = s.namespaces.find((n) => n.role === 'ingress-sbox');
    const entries = sbox ? meshEntries(s, sbox) : [];
    expect(
      entries.map((e) => [e.mark.port ?? e.mark.destination, e.serviceName, e.state, e.backends.length]),
    ).toEqual([
      [8080, 'web', 'balanced', 2],
      [8443, 'web', 'no-backends', 0],
      [9000, null, 'no-service', 0],
      ['10.0.0.2/32', 'web', 'balanced', 2],
    ]);
    expect(entries[0]?.backends).toEqual([
      { address: '10.0.0.7', port: 0, weight: 1, container: 'web.1.abc', service: 'web', node: 'node-1' },
      { address: '10.0.0.8', port: 0, weight: 1, container: null, service: 'web', node: 'node-2' },
    ]);
    expect(meshForPort(s, 'udp', 8080).entry).toBeNull();
    expect(meshForPort(node(undefined), 'tcp', 8080)).toEqual({ entry: null, mesh: null, sandbox: null });
  });
});

describe('outside → a routing-mesh port', () => {
  it('balanced: the mark, then IPVS to the tasks, each named', () => {
    const r = publishedPortPath(node(read()), flow(8080));
    expect(r.verdict).toBe('delivered');
    expect(r.hops.slice(-2).map((h) => `${h.kind} ${h.label}`)).toEqual([
      'nat MARK 0x100',
      'nat IPVS FWM 0x100 (rr)',
    ]);
    expect(r.hops.at(-2)?.detail).toBe(
      'the ingress sandbox marks 8080/tcp with 0x100 (mangle -A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff)',
    );
    expect(r.reason).toBe(
      'balanced by the routing mesh (service web) over 2 task(s): 10.0.0.7 (web.1.abc), 10.0.0.8 (on node-2)',
    );
    expect(r.delivered).toMatchObject({ namespace: 'container:sbox', containers: ['web.1.abc'], port: 8080 });
  });

  it('says why the mesh cannot balance: no task, no IPVS service, no mark, no IPVS in the kernel', () => {
    const s = node(read());
    expect(publishedPortPath(s, flow(8443))).toMatchObject({
      verdict: 'blocked',
      reason: 'the IPVS service for mark 0x101 has no task to send to',
    });
    expect(publishedPortPath(s, flow(9000))).toMatchObject({
      verdict: 'blocked',
      reason: 'IPVS has no service for mark 0x1ff',
    });
    const unmarked = node({ ...read(), marks: [] });
    expect(publishedPortPath(unmarked, flow(8080))).toMatchObject({
      verdict: 'blocked',
      reason: 'no mangle rule of the ingress sandbox marks 8080/tcp: no IPVS service takes it',
    });
    const absent = node({ ipvs: 'absent', services: [], marks: parseMeshMarks(MANGLE), error: null });
    expect(publishedPortPath(absent, flow(8080))).toMatchObject({
      verdict: 'blocked',
      reason:
        'this kernel has no IPVS (no ip_vs module): the routing mesh cannot balance the connection to a task',
    });
  });

  it('is uncertain where the sandbox was not read (an older snapshot, an unreadable table)', () => {
    expect(publishedPortPath(node(undefined), flow(8080))).toMatchObject({
      verdict: 'uncertain',
      missing: ["the ingress sandbox's mangle marks and IPVS table (not in this snapshot)"],
    });
    const unreadable = node({
      ipvs: 'unreadable',
      services: [],
      marks: null,
      error: 'no answer within 10 s',
    });
    expect(publishedPortPath(unreadable, flow(8080)).missing).toEqual([
      "the ingress sandbox's IPVS table and marks (unreadable: no answer within 10 s)",
    ]);
  });
});
