// The snapshot's sysctls, listening sockets and docker-proxy processes, in canonical order, each
// socket joined to the docker-proxy that holds it (ss is run without -p: reading every process's file
// descriptors costs seconds on a host with thousands of processes; a proxy is known by its arguments).
import type { KernelFacts } from '../collect/facts.js';
import type { DockerProxy, Listener, Sysctls } from '../model/snapshot.js';
import { cmp } from '../model/order.js';

export interface Delivery {
  sysctls: Sysctls | null;
  listeners: Listener[] | null;
  proxies: DockerProxy[] | null;
}

const num = (n: number) => String(n).padStart(10, '0');

export function deliveryOf(kernel: KernelFacts | null): Delivery {
  const proxies = kernel?.proxies
    ? [...kernel.proxies].sort((a, b) =>
        cmp(
          `${a.protocol} ${a.hostIp} ${num(a.hostPort)} ${num(a.pid)}`,
          `${b.protocol} ${b.hostIp} ${num(b.hostPort)} ${num(b.pid)}`,
        ),
      )
    : null;
  const listeners = kernel?.listeners
    ? kernel.listeners
        .map((l) => ({
          ...l,
          processes: (proxies ?? [])
            .filter((p) => p.protocol === l.protocol && p.hostPort === l.port && p.hostIp === l.address)
            .map((p) => ({ name: 'docker-proxy', pid: p.pid })),
        }))
        .sort((a, b) =>
          cmp(
            `${a.protocol} ${a.family} ${a.address} ${num(a.port)}`,
            `${b.protocol} ${b.family} ${b.address} ${num(b.port)}`,
          ),
        )
    : null;
  return { sysctls: kernel?.sysctls ?? null, listeners, proxies };
}
