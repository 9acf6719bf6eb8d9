// The snapshot's sysctls, listening sockets and docker-proxy processes, in canonical order, each
// socket joined to the docker-proxy that holds it (ss is run without -p: reading every process's file
// descriptors costs seconds on a host with thousands of processes; a proxy is known by its arguments).
// Runs on every live update: joined through a map and sorted on keys made once (a filter per socket
// was 2,000 × 2,000 at a thousand published ports, ~30 ms a capture).
import type { KernelFacts } from '../collect/facts.js';
import type { DockerProxy, Listener, Sysctls } from '../model/snapshot.js';
import { listenerKey, proxyKey, sortedBy } from '../model/order.js';
import { keptPer } from './kept.js';

export interface Delivery {
  sysctls: Sysctls | null;
  listeners: Listener[] | null;
  proxies: DockerProxy[] | null;
}

// A socket fact the parse kept (an unchanged ss line) with the same holders gives the same object, so
// the session's diff of 2,000 sockets stops at `===`.
const built = keptPer<Listener, Listener>();

function withHolders(l: Listener, processes: { name: string; pid: number }[]): Listener {
  const key = processes.map((p) => `${p.name} ${String(p.pid)}`).join(',');
  return built(l, key, () => ({ ...l, processes: [...processes] }));
}

export function deliveryOf(kernel: KernelFacts | null): Delivery {
  const proxies = kernel?.proxies ? sortedBy(kernel.proxies, proxyKey) : null;
  const holders = new Map<string, { name: string; pid: number }[]>();
  for (const p of proxies ?? []) {
    const at = `${p.protocol} ${String(p.hostPort)} ${p.hostIp}`;
    holders.set(at, [...(holders.get(at) ?? []), { name: 'docker-proxy', pid: p.pid }]);
  }
  const listeners = kernel?.listeners
    ? sortedBy(
        kernel.listeners.map((l) =>
          withHolders(l, holders.get(`${l.protocol} ${String(l.port)} ${l.address}`) ?? []),
        ),
        listenerKey,
      )
    : null;
  return { sysctls: kernel?.sysctls ?? null, listeners, proxies };
}
