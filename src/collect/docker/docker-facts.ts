// Turns validated Docker API payloads into plain facts (pure: tested on recorded responses).
import type { z } from 'zod';
import {
  ContainerInspect,
  DockerInfo,
  DockerVersion,
  NetworkInspect,
  PodmanNetwork,
} from './docker-schema.js';
import type { PublishedPort, Service } from '../../model/snapshot.js';
import { cmp } from '../../model/order.js';

export interface DockerEndpointFact {
  network: string;
  networkId: string;
  ipv4: string | null;
  ipv4PrefixLen: number | null;
  ipv6: string | null;
  mac: string | null;
  gateway: string | null;
  aliases: string[];
}

export interface DockerContainerFact {
  id: string;
  name: string;
  image: string;
  state: string;
  running: boolean;
  pid: number | null;
  /** HostConfig.NetworkMode as Docker reports it (`bridge`, `host`, `none`, `container:<id>`, a name). */
  networkMode: string;
  sandboxKey: string | null;
  endpoints: DockerEndpointFact[];
  ports: PublishedPort[];
  /** HostConfig.PortBindings: what `-p` asked for (host port 0: any free port). */
  requestedPorts: PublishedPort[];
  labels: Record<string, string>;
}

export interface DockerNetworkFact {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  ipv6: boolean;
  subnets: { subnet: string; gateway: string | null }[];
  options: Record<string, string>;
  /** The Linux device the engine says it built the network on (Podman's `network_interface`), if it says. */
  device: string | null;
}

export type EngineKind = 'docker' | 'podman';

export interface SwarmFact {
  nodeId: string;
  /** The address this node advertises to the swarm (its VTEP for overlay traffic). */
  nodeAddr: string | null;
  manager: boolean;
}

export interface DockerFacts {
  /** Which engine answers the Docker API: Docker Engine or Podman (from `/version`), null if unknown. */
  engine: EngineKind | null;
  /** Its product name: `Docker Engine - Community`, `Docker Desktop 4.30.0 (…)`, `Podman Engine`. */
  engineName: string | null;
  /** Docker Desktop: the engine runs in a VM (from `/info` OperatingSystem or `/version` Platform). */
  desktop: boolean;
  /** Swarm membership of this node, null when it is not in a swarm. */
  swarm: SwarmFact | null;
  version: string | null;
  apiVersion: string | null;
  kernel: string | null;
  os: string | null;
  name: string | null;
  rootless: boolean;
  firewallDriver: string | null;
  containers: DockerContainerFact[];
  networks: DockerNetworkFact[];
  /** Swarm services with their tasks (a manager only; empty elsewhere). */
  services: Service[];
  problems: string[];
}

const orNull = (value: string): string | null => (value === '' ? null : value);

/**
 * A namespace path as the kernel script names it: Podman reports `/run/netns/netns-…` where the script
 * lists `/var/run/netns/` (the same folder: /var/run is a link to /run on every current distribution).
 */
export function canonicalNetnsPath(path: string | null): string | null {
  return path !== null && path.startsWith('/run/') ? `/var${path}` : path;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

type Bindings = Record<string, { HostIp: string; HostPort: string }[] | null> | null | undefined;

function parsePorts(ports: Bindings): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const match = /^(\d{1,5})\/(tcp|udp|sctp)$/.exec(key);
    if (!match || !bindings) continue;
    for (const binding of bindings) {
      const hostPort = Number(binding.HostPort);
      if (!Number.isInteger(hostPort) || hostPort < 0 || hostPort > 65535) continue;
      out.push({
        protocol: match[2] as PublishedPort['protocol'],
        containerPort: Number(match[1]),
        hostIp: binding.HostIp || '0.0.0.0',
        hostPort,
      });
    }
  }
  return out;
}

const byPort = (a: PublishedPort, b: PublishedPort) =>
  a.hostPort - b.hostPort ||
  cmp(a.protocol, b.protocol) ||
  cmp(a.hostIp, b.hostIp) ||
  a.containerPort - b.containerPort;

export function containerFact(raw: unknown, problems: string[]): DockerContainerFact | null {
  const parsed = ContainerInspect.safeParse(raw);
  if (!parsed.success) {
    problems.push(`a container's inspect data was not understood (${describe(parsed.error)})`);
    return null;
  }
  const c = parsed.data;
  const settings = c.NetworkSettings;
  const endpoints: DockerEndpointFact[] = Object.entries(settings?.Networks ?? {}).map(([network, e]) => ({
    network,
    networkId: e.NetworkID,
    ipv4: orNull(e.IPAddress),
    ipv4PrefixLen: e.IPAddress && e.IPPrefixLen != null ? e.IPPrefixLen : null,
    ipv6: orNull(e.GlobalIPv6Address),
    mac: orNull(e.MacAddress.toLowerCase()),
    gateway: orNull(e.Gateway),
    aliases: [...e.Aliases].sort(),
  }));
  endpoints.sort((a, b) => cmp(a.network, b.network));
  const running = c.State.Running === true;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config?.Image ?? '',
    state: c.State.Status,
    running,
    pid: running && c.State.Pid ? c.State.Pid : null,
    networkMode: c.HostConfig?.NetworkMode ?? '',
    sandboxKey: canonicalNetnsPath(orNull(settings?.SandboxKey ?? '')),
    endpoints,
    ports: parsePorts(settings?.Ports).sort(byPort),
    requestedPorts: parsePorts(c.HostConfig?.PortBindings).sort(byPort),
    labels: c.Config?.Labels ?? {},
  };
}

/** Podman's own view of its networks by id (name as Podman calls it, device), when the engine is Podman. */
export function podmanNetworks(raw: unknown, problems: string[]): Map<string, PodmanNetwork> {
  const out = new Map<string, PodmanNetwork>();
  if (!Array.isArray(raw)) {
    problems.push(
      "Podman's own network list (/libpod/networks/json) could not be read: bridges are found by name only",
    );
    return out;
  }
  for (const item of raw) {
    const parsed = PodmanNetwork.safeParse(item);
    if (parsed.success) out.set(parsed.data.id, parsed.data);
    else problems.push(`a Podman network was not understood (${describe(parsed.error)})`);
  }
  return out;
}

export function networkFact(
  raw: unknown,
  problems: string[],
  podman?: ReadonlyMap<string, PodmanNetwork>,
): DockerNetworkFact | null {
  const parsed = NetworkInspect.safeParse(raw);
  if (!parsed.success) {
    problems.push(`a network's data was not understood (${describe(parsed.error)})`);
    return null;
  }
  const n = parsed.data;
  // Podman's compat list calls its default network `bridge`; its containers and users call it `podman`.
  const own = podman?.get(n.Id);
  return {
    id: n.Id,
    name: own?.name ?? n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal === true,
    ipv6: n.EnableIPv6 === true,
    subnets: (n.IPAM?.Config ?? [])
      .filter((c) => c.Subnet !== '')
      .map((c) => ({ subnet: c.Subnet, gateway: orNull(c.Gateway) })),
    options: n.Options,
    device: own ? orNull(own.network_interface) : null,
  };
}

/** Docker Engine or Podman, from `/version`'s components (Platform.Name as a fallback). */
function engineOf(version: DockerVersion | null): EngineKind | null {
  if (!version) return null;
  const names = version.Components.map((c) => c.Name);
  if (names.includes('Podman Engine')) return 'podman';
  if (names.includes('Engine') || /docker/i.test(version.Platform?.Name ?? '')) return 'docker';
  return null;
}

export function engineFacts(
  version: unknown,
  info: unknown,
  problems: string[],
): Pick<
  DockerFacts,
  | 'engine'
  | 'engineName'
  | 'desktop'
  | 'swarm'
  | 'version'
  | 'apiVersion'
  | 'kernel'
  | 'os'
  | 'name'
  | 'rootless'
  | 'firewallDriver'
> {
  const v = DockerVersion.safeParse(version);
  const i = DockerInfo.safeParse(info);
  if (!v.success) problems.push(`the engine's version data was not understood (${describe(v.error)})`);
  if (!i.success) problems.push(`the engine's info data was not understood (${describe(i.error)})`);
  const vd = v.success ? v.data : null;
  const id = i.success ? i.data : null;
  const engine = engineOf(vd);
  const platform = orNull(vd?.Platform?.Name ?? '');
  const os = id ? orNull(id.OperatingSystem) : null;
  const swarm = id?.Swarm;
  return {
    engine,
    engineName:
      engine === 'podman' ? 'Podman Engine' : (platform ?? (engine === 'docker' ? 'Docker Engine' : null)),
    desktop: /Docker Desktop/i.test(os ?? '') || /Docker Desktop/i.test(platform ?? ''),
    swarm:
      swarm && swarm.LocalNodeState === 'active' && swarm.NodeID
        ? { nodeId: swarm.NodeID, nodeAddr: orNull(swarm.NodeAddr), manager: swarm.ControlAvailable === true }
        : null,
    version: vd ? orNull(vd.Version) : null,
    apiVersion: vd ? orNull(vd.ApiVersion) : null,
    kernel: vd ? orNull(vd.KernelVersion) : null,
    os,
    name: id ? orNull(id.Name) : null,
    rootless: id ? id.SecurityOptions.some((o) => o.includes('name=rootless')) : false,
    firewallDriver: id?.FirewallBackend ? orNull(id.FirewallBackend.Driver) : null,
  };
}
