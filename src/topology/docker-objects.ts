// Docker networks and containers joined to the kernel: bridge device, endpoint interfaces.
import type {
  DockerContainerFact,
  DockerEndpointFact,
  DockerNetworkFact,
} from '../collect/docker/docker-facts.js';
import type { Container, ContainerEndpoint, Interface, Network, NetworkEndpoint } from '../model/snapshot.js';
import { cmp } from '../model/order.js';
import { inSubnet } from '../model/ip.js';
import { HOST_NS } from './namespaces.js';
import type { NamespacePlan } from './namespaces.js';

/** The Linux device a Docker network is built on, by name (bridge) or parent (macvlan/ipvlan). */
export function bridgeNameOf(network: DockerNetworkFact): string | null {
  // Podman names its device itself (podman0, podman1…); Docker's name follows from the network.
  if (network.device) return network.device;
  if (network.driver === 'bridge') {
    const custom = network.options['com.docker.network.bridge.name'];
    if (custom) return custom;
    return network.name === 'bridge' ? 'docker0' : `br-${network.id.slice(0, 12)}`;
  }
  if (network.driver === 'macvlan' || network.driver === 'ipvlan') return network.options.parent ?? null;
  return null;
}

function endpointInterface(
  endpoint: DockerEndpointFact,
  ns: string | null,
  byNs: Map<string, Interface[]>,
): string | null {
  if (!ns || ns === HOST_NS) return null;
  const candidates = byNs.get(ns) ?? [];
  const byMac = endpoint.mac ? candidates.find((i) => i.mac === endpoint.mac) : undefined;
  const byIp =
    byMac ??
    candidates.find((i) =>
      i.addresses.some((a) => a.address === endpoint.ipv4 || a.address === endpoint.ipv6),
    );
  return byIp?.id ?? null;
}

export interface DockerJoin {
  networks: Network[];
  containers: Container[];
}

export function joinDocker(
  containersRaw: DockerContainerFact[],
  networksRaw: DockerNetworkFact[],
  plan: NamespacePlan,
  interfaces: Interface[],
): DockerJoin {
  const byNs = new Map<string, Interface[]>();
  for (const i of interfaces) {
    const list = byNs.get(i.namespace);
    if (list) list.push(i);
    else byNs.set(i.namespace, [i]);
  }
  const hostIfaces = new Map((byNs.get(HOST_NS) ?? []).map((i) => [i.name, i]));
  const networkNameById = new Map(networksRaw.map((n) => [n.id, n.name]));

  const containers: Container[] = containersRaw.map((c) => {
    const ns = plan.containerNamespace.get(c.name) ?? null;
    const endpoints: ContainerEndpoint[] = c.endpoints.map((e) => ({
      network: networkNameById.get(e.networkId) ?? e.network,
      interface: c.running ? endpointInterface(e, ns, byNs) : null,
      ipv4: e.ipv4,
      ipv4PrefixLen: e.ipv4PrefixLen,
      ipv6: e.ipv6,
      mac: e.mac,
      gateway: e.gateway,
      aliases: e.aliases,
    }));
    const project = c.labels['com.docker.compose.project'];
    const service = c.labels['com.docker.compose.service'];
    return {
      id: c.id,
      name: c.name,
      image: c.image,
      state: c.state,
      networkMode: plan.networkMode.get(c.name) ?? c.networkMode,
      namespace: ns,
      pid: c.pid,
      endpoints: endpoints.sort((a, b) => cmp(a.network, b.network)),
      ports: c.ports,
      requestedPorts: c.requestedPorts,
      compose: project && service ? { project, service } : null,
    };
  });

  const networks: Network[] = networksRaw.map((n) => {
    const device = bridgeNameOf(n);
    // An overlay's bridge is the br0 inside its own namespace (Swarm's `<n>-<network id>` sandbox).
    const sandbox = plan.namespaces.find((ns) => ns.role === 'overlay' && ns.network === n.name);
    const deviceIface =
      n.driver === 'overlay'
        ? byNs.get(sandbox?.id ?? '')?.find((i) => i.kind === 'bridge')
        : device
          ? hostIfaces.get(device)
          : undefined;
    const endpoints: NetworkEndpoint[] = [];
    for (const c of containers) {
      // Only running containers hold an endpoint; a stopped one keeps its configuration only.
      if (c.namespace === null) continue;
      for (const e of c.endpoints) {
        if (e.network !== n.name) continue;
        endpoints.push({ container: c.name, interface: e.interface, ipv4: e.ipv4, ipv6: e.ipv6, mac: e.mac });
      }
    }
    return {
      id: n.id,
      name: n.name,
      driver: n.driver,
      scope: n.scope,
      internal: n.internal,
      ipv6: n.ipv6,
      // Docker's network list omits the default bridge's gateway: it is the bridge's own address.
      subnets: n.subnets.map((s) => ({
        subnet: s.subnet,
        gateway:
          s.gateway ??
          (n.driver === 'bridge'
            ? (deviceIface?.addresses.find((a) => inSubnet(a.address, s.subnet))?.address ?? null)
            : null),
      })),
      bridge: deviceIface?.id ?? null,
      options: n.options,
      endpoints: endpoints.sort((a, b) => cmp(a.container, b.container)),
    };
  });
  return { networks, containers };
}
