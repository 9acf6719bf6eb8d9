// Joins collected facts into a Snapshot. Pure and deterministic: same facts → same JSON.
import { warning } from '../model/warning.js';
import type { DockerFacts } from '../collect/docker/docker-facts.js';
import type { FirewallFacts, KernelFacts } from '../collect/facts.js';
import { SNAPSHOT_SCHEMA } from '../model/snapshot.js';
import type { Firewall, HostVm, Snapshot, Warning } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { deliveryOf } from './delivery.js';
import { joinDocker } from './docker-objects.js';
import { findProblems } from './findings.js';
import { toSnapshotFirewall } from './firewall.js';
import { buildInterfaces, buildRoutes } from './interfaces.js';
import { ingressOf, joinDnat, joinMasquerade } from './nat-flows.js';
import { extractNatRules } from './nat-rules.js';
import { planNamespaces } from './namespaces.js';
import { settleUnread, type TransientInput, type TransientState } from './transient.js';

export interface BuildInput {
  target: string;
  capturedAt: string;
  docker: DockerFacts;
  kernel: KernelFacts | null;
  firewall: FirewallFacts | null;
  /** Problems met before the facts (e.g. the kernel script could not run at all). */
  warnings?: Warning[];
  /** The engine address the capture used (`unix:///run/podman/podman.sock`). */
  dockerHost?: string | null;
  /** What a VM-hosted engine hides (Docker Desktop), decided by the capture. */
  vm?: HostVm | null;
  /** A live capture's memory of the last one: containers between states are shown, not warned about. */
  transient?: TransientInput;
}

const NO_FIREWALL = {
  firewall: { backends: [], chains: [], rules: [] } as Firewall,
  nat: { dnat: [], masquerade: [] } as ReturnType<typeof extractNatRules>,
};

// An update that did not read the firewall again hands back the same facts: the rules and NAT
// candidates made of them are the same too (a thousand published ports: ~50 ms to make again).
const firewalls = new WeakMap<FirewallFacts, typeof NO_FIREWALL>();
function firewallOf(facts: FirewallFacts): typeof NO_FIREWALL {
  let hit = firewalls.get(facts);
  if (!hit) {
    const firewall = toSnapshotFirewall(facts);
    hit = { firewall, nat: extractNatRules(firewall, facts) };
    firewalls.set(facts, hit);
  }
  return hit;
}

export function buildSnapshot(input: BuildInput): Snapshot {
  const { docker, kernel } = input;
  const warnings: Warning[] = [...(input.warnings ?? [])];
  const data = (part: 'docker' | 'kernel' | 'firewall', detail: string) =>
    warning(part, `${part}-data`, `warning.${part}Data`, { detail });
  for (const message of docker.problems) warnings.push(data('docker', message));
  for (const message of kernel?.problems ?? []) warnings.push(data('kernel', message));
  // A firewall command that failed is already a kernel problem (with its stderr); say it once.
  const saidByKernel = (message: string) =>
    (kernel?.problems ?? []).some((p) => message.startsWith(p.split(':')[0] ?? p));
  for (const message of input.firewall?.problems ?? [])
    if (!saidByKernel(message)) warnings.push(data('firewall', message));

  const plan = planNamespaces(docker.containers, kernel, docker.networks);
  const interfaces = buildInterfaces(plan.facts, docker.swarm?.nodeAddr ?? null);
  const routes = buildRoutes(plan.facts);
  const idsByNs = new Map<string, string[]>();
  for (const i of interfaces) {
    const ids = idsByNs.get(i.namespace);
    if (ids) ids.push(i.id);
    else idsByNs.set(i.namespace, [i.id]);
  }
  for (const ns of plan.namespaces) ns.interfaces = idsByNs.get(ns.id) ?? [];
  const joined = joinDocker(docker.containers, docker.networks, plan, interfaces);
  const { networks } = joined;

  // Every running container namespace should have been read; those caught starting or stopping are
  // shown so (see transient.ts), the others are warned about.
  const allUnread = plan.namespaces.filter((ns) => ns.kind === 'container' && !plan.facts.has(ns.id));
  const { states, unread } = kernel
    ? settleUnread(allUnread, docker.containers, kernel, input.transient)
    : { states: new Map<string, TransientState>(), unread: allUnread };
  const containers =
    states.size === 0
      ? joined.containers
      : joined.containers.map((c) => {
          const state = c.namespace ? states.get(c.namespace) : undefined;
          return state ? { ...c, state } : c;
        });

  const { firewall, nat } = input.firewall ? firewallOf(input.firewall) : NO_FIREWALL;
  const dnat = joinDnat(nat.dnat, containers, ingressOf(plan.namespaces, interfaces, docker.services));
  const masquerade = joinMasquerade(nat.masquerade, networks);

  if (kernel && unread.length > 0) {
    warnings.push(
      warning('kernel', 'namespace-unread', 'warning.namespaceUnread', {
        n: unread.length,
        ids: `${unread
          .slice(0, 5)
          .map((ns) => ns.id)
          .join(', ')}${unread.length > 5 ? ', …' : ''}`,
      }),
    );
  }
  const kernelComplete =
    kernel !== null &&
    kernel.privilege !== 'none' &&
    allUnread.length === 0 &&
    kernel.namespaces.every((n) => !n.error);

  const delivery = deliveryOf(kernel);
  const findings = findProblems({
    containers,
    interfaces,
    networks,
    firewall,
    dnat,
    kernelComplete,
    services: docker.services,
    swarm: docker.swarm !== null,
    routes,
    proxies: delivery.proxies,
    listeners: delivery.listeners,
  });
  const backend = firewall.backends[0] ?? null;

  return {
    schema: SNAPSHOT_SCHEMA,
    capturedAt: input.capturedAt,
    host: {
      name: kernel?.hostname ?? docker.name ?? input.target,
      target: input.target,
      dockerVersion: docker.version,
      apiVersion: docker.apiVersion,
      kernel: kernel?.kernel ?? docker.kernel,
      os: kernel?.os ?? docker.os,
      firewallBackend: backend,
      privilege: kernel?.privilege ?? 'none',
      rootless: docker.rootless,
      engine: docker.engine,
      engineName: docker.engineName,
      dockerHost: input.dockerHost ?? null,
      vm: input.vm ?? null,
      swarm: docker.swarm,
      collected: {
        docker: true,
        kernel: kernel !== null && kernel.host !== null,
        firewall: input.firewall !== null && firewall.backends.length > 0,
      },
    },
    namespaces: plan.namespaces,
    interfaces,
    routes,
    networks,
    containers,
    services: docker.services,
    firewall,
    natFlows: [...dnat, ...masquerade],
    findings,
    warnings: warnings.sort((a, b) =>
      cmp(`${a.part}:${a.code}:${a.message}`, `${b.part}:${b.code}:${b.message}`),
    ),
    ...delivery,
  };
}
