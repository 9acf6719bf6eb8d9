// English words of the fleet view: several hosts side by side, overlay networks stitched across them.
// Part of en.ts.
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const enFleet = {
  fleet: {
    open: 'Fleet',
    openTitle: 'All hosts side by side, with the overlay networks they share',
    title: 'Fleet',
    label: 'All hosts side by side',
    close: 'Back to one host',
    connectAll: 'Connect all',
    connectAllTitle: 'Connect every host that is not connected yet',
    expand: 'Open',
    expandLabel: (host: string) => `Open ${host}'s network`,
    noSnapshot: 'no picture yet',
    manager: 'Swarm manager',
    worker: 'Swarm worker',
    containers: (n: number) => plural(n, 'container', 'containers'),
    networks: (n: number) => plural(n, 'network', 'networks'),
    namespaces: (n: number) => plural(n, 'namespace', 'namespaces'),
    published: (n: number) => plural(n, 'published port', 'published ports'),
    findings: (n: number) => plural(n, 'finding', 'findings'),
    overlays: 'Overlay networks across hosts',
    overlaysNone:
      'No overlay network is shared: overlays appear here once hosts of one Swarm are connected (matched by network id and VNI).',
    overlayColumn: 'Network',
    vni: (vni: number | null) => (vni === null ? 'VNI unknown' : `VNI ${vni}`),
    vniMismatch: 'the hosts disagree on its VNI',
    notHere: 'not on this host',
    noSandbox: 'no local task',
    vtep: (address: string) => `VTEP ${address}`,
    tunnels: (n: number) => plural(n, 'tunnel', 'tunnels'),
    tunnel: (a: string, b: string) => `VXLAN tunnel between ${a} and ${b}`,
    strangers: (list: string) => `tunnels to VTEPs outside this fleet: ${list}`,
  },
};
