// A Swarm node's routing mesh for unit tests: the lab's container `sbox` made the ingress sandbox (the
// path engine and the join know it by its role), published on 8080, 8443 and 9000 as DOCKER-INGRESS
// would DNAT them, a service `web` with one local and one remote task, and the sandbox's IPVS table and
// marks as parse-mesh reads them from the kernel's text (test/unit/collect/parse-mesh.test.ts).
import { parseIpvs, parseMeshMarks } from '../../src/collect/kernel/parse-mesh.js';
import { Snapshot, type Mesh, type Service } from '../../src/model/snapshot.js';
import { pathSnapshot } from './path-snapshot.js';

const IPVS = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn',
  'FWM  00000100 rr ',
  '  -> 0A000007:0000      Masq    1      0          0         ',
  '  -> 0A000008:0000      Masq    1      0          0         ',
  'FWM  00000101 rr ',
  '',
].join('\n');
export const MANGLE = [
  '*mangle',
  '-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff',
  '-A PREROUTING -p tcp -m tcp --dport 8443 -j MARK --set-xmark 0x101/0xffffffff',
  '-A PREROUTING -p tcp -m tcp --dport 9000 -j MARK --set-xmark 0x1ff/0xffffffff',
  '-A INPUT -d 10.0.0.2/32 -j MARK --set-xmark 0x100/0xffffffff',
  'COMMIT',
].join('\n');
const SERVICE: Service = {
  id: 's1',
  name: 'web',
  mode: 'replicated',
  replicas: 2,
  ports: [
    { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
    { protocol: 'tcp', targetPort: 443, publishedPort: 8443, publishMode: 'ingress' },
  ],
  networks: [{ network: 'ingress', vip: '10.0.0.2/24' }],
  tasks: [
    {
      id: 't1',
      slot: 1,
      node: 'node-1',
      state: 'running',
      desiredState: 'running',
      container: 'web.1.abc',
      addresses: ['ingress=10.0.0.7/24'],
    },
    {
      id: 't2',
      slot: 2,
      node: 'node-2',
      state: 'running',
      desiredState: 'running',
      container: null,
      addresses: ['ingress=10.0.0.8/24'],
    },
  ],
};

/** A node whose `sbox` is the ingress sandbox, published on 8080, 8443 and 9000, with this mesh. */
export function meshNode(mesh: Mesh | null | undefined): Snapshot {
  const s = pathSnapshot({
    networks: [{ name: 'gw' }],
    containers: [
      {
        name: 'sbox',
        networks: ['gw'],
        ports: [8080, 8443, 9000].map((p) => ({ containerPort: p, hostPort: p })),
      },
    ],
  });
  const ns = s.namespaces.find((n) => n.id === 'container:sbox');
  if (!ns) throw new Error('no sandbox');
  Object.assign(ns, { role: 'ingress-sbox', network: 'ingress' }, mesh === undefined ? {} : { mesh });
  s.services = [SERVICE];
  return Snapshot.parse(s);
}
export const meshRead = (): Mesh => ({
  ipvs: 'read',
  services: parseIpvs(IPVS),
  marks: parseMeshMarks(MANGLE),
  error: null,
});
