// The findings' messages in English (src/topology/findings*.ts), one code per wording. A finding
// stores its code and parameters beside the message (`Finding.text`), so the app words it anew.
type S = string;

export const FINDING_TEXT = {
  'finding.portNotPublished': (p: { name: S; ports: S; networks: S }) =>
    `${p.name} asks to publish ${p.ports}, but Docker publishes nothing for a container on internal networks only (${p.networks})`,
  'finding.proxyWithoutDnat': (p: { pid: number; port: S; to: S }) =>
    `docker-proxy (pid ${p.pid}) serves ${p.port} → ${p.to}, but no DNAT rule implements the port: traffic from outside reaches the container only through the proxy, which hides the client's address`,
  'finding.dnatWithoutListener': (p: { flow: S }) =>
    `the DNAT rule for ${p.flow} has no socket listening on the host (no docker-proxy): the host itself and containers on the same bridge cannot reach the port`,
  'finding.bridgeMtuOdd': (p: { bridge: S; mtu: number; n: number; theirs: S; who: S }) =>
    `bridge ${p.bridge} has MTU ${p.mtu} but all ${p.n} container(s) on it use ${p.theirs} (${p.who}): large packets will be dropped or fragmented`,
  'finding.containerMtuOdd': (p: { who: S; n: number; bridge: S; mtu: number; bridgeMtu: number }) =>
    `${p.who} on bridge ${p.bridge} use${p.n === 1 ? 's' : ''} MTU ${p.mtu} while the bridge has ${p.bridgeMtu}: large packets will be dropped or fragmented`,
  'finding.bridgeAboveUplink': (p: { bridge: S; mtu: number; uplink: S; uplinkMtu: number; who: S }) =>
    `bridge ${p.bridge} has MTU ${p.mtu} but the uplink ${p.uplink} has ${p.uplinkMtu}: ${p.who} send packets the uplink cannot carry (fragmented, or lost where path MTU discovery is blocked)`,
  'finding.publishedWithoutDnat': (p: { name: S; port: S; containerPort: number }) =>
    `${p.name} publishes ${p.port} → :${p.containerPort}, but no DNAT rule implements it`,
  'finding.dnatDisagrees': (p: { port: S; name: S; containerPort: number; to: S; container: S }) =>
    `Docker says ${p.port} goes to ${p.name}:${p.containerPort}, but the rule sends it to ${p.to}${p.container ? ` (${p.container})` : ''}`,
  'finding.serviceWithoutIngress': (p: { service: S; port: S; targetPort: number }) =>
    `service ${p.service} publishes ${p.port} → :${p.targetPort} through the routing mesh, but no DOCKER-INGRESS rule implements it on this node (the mesh needs IPVS: is the ip_vs module available?)`,
  'finding.dnatToUnknown': (p: { flow: S; to: S }) =>
    `the DNAT rule for ${p.flow} sends traffic to ${p.to}, an address no running container holds`,
  'finding.vethPeerMissing': (p: { name: S; ns: S }) =>
    `veth ${p.name} in ${p.ns} has no peer in any namespace Netlens could read (dangling veth)`,
  'finding.networkDeviceMissing': (p: { network: S; driver: S }) =>
    `network ${p.network} (${p.driver}) has no device on the host`,
};
