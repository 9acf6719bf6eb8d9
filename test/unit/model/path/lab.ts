// The host the path engine's unit tests trace on: every network mode and publish form of issue 12,
// as Engine 20.10 with iptables-nft and the userland proxy lays them out.
import type { Snapshot, Sysctls } from '../../../../src/model/snapshot.js';
import { tracePath } from '../../../../src/model/path/engine.js';
import type { EndSpec, PathResult } from '../../../../src/model/path/types.js';
import type { RuleSpec } from '../../../support/snapshot-factory/index.js';
import { dockerSysctls, makeInternal, pathSnapshot } from '../../../support/path-snapshot.js';

export function lab(
  options: { sysctls?: Sysctls; rules?: RuleSpec[]; internalWithoutGateway?: boolean } = {},
): Snapshot {
  const s = pathSnapshot(
    {
      networks: [
        { name: 'app' },
        { name: 'db' },
        { name: 'int' },
        { name: 'lan', driver: 'macvlan', subnet: '192.168.1.0/24', gateway: '192.168.1.1', parent: 'eth0' },
      ],
      containers: [
        { name: 'web', networks: ['app'], ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: 'dns', ports: [{ containerPort: 53, hostPort: 5353, protocol: 'udp', hostIp: '127.0.0.1' }] },
        { name: 'api', networks: ['app'] },
        { name: 'pg', networks: ['db'] },
        { name: 'vault', networks: ['int'] },
        { name: 'vault2', networks: ['int'] },
        { name: 'hostc', networkMode: 'host' },
        { name: 'nonec', networkMode: 'none' },
        { name: 'side', networkMode: 'container:web' },
        { name: 'old', state: 'exited' },
        { name: 'mac1', networks: [{ network: 'lan', ip: '192.168.1.50' }] },
        { name: 'mac2', networks: [{ network: 'lan', ip: '192.168.1.51' }] },
      ],
      ...(options.rules && { rules: options.rules }),
    },
    options.sysctls ?? dockerSysctls(),
  );
  return makeInternal(s, 'int', options.internalWithoutGateway === true);
}

export const bridgeOf = (s: Snapshot, network: string) =>
  s.networks.find((n) => n.name === network)?.bridge?.split('/')[1] ?? '?';
export const ipOf = (s: Snapshot, container: string) =>
  s.containers.find((c) => c.name === container)?.endpoints[0]?.ipv4 ?? '?';

const end = (x: string): EndSpec =>
  x === 'host'
    ? { kind: 'host' }
    : x === 'outside'
      ? { kind: 'outside' }
      : /^[0-9a-f.:]+$/.test(x) && /[.:]/.test(x)
        ? { kind: 'address', address: x }
        : { kind: 'container', name: x };

export function trace(s: Snapshot, from: string, to: string, port?: number, protocol?: string): PathResult {
  return tracePath(s, { from: end(from), to: end(to), port: port ?? null, ...(protocol && { protocol }) });
}

/** `kind label` per hop, the way a test names the expected path. */
export const hops = (r: PathResult) => r.hops.map((h) => `${h.kind} ${h.label}`);
