// English words of the legend: what each shape and line of the picture is, and the ideas behind them,
// written for someone learning Docker networking and correct for someone who knows it. Part of en.ts.
export const enLearn = {
  legend: {
    title: 'Legend',
    close: 'Close the legend',
    shapes: 'Shapes',
    lines: 'Lines',
    states: 'Marks',
    ideas: 'Ideas behind the picture',
    more: 'What is this?',
    moreAbout: (what: string) => `Explain: ${what}`,
    item: {
      box: 'A network namespace of a container; its containers are listed at the top',
      shared: 'Stacked box: several containers share one namespace (container: mode)',
      stopped: 'Hatched box: a stopped container (it has no namespace now)',
      netns: 'Dash-dot box: a network namespace no container owns (ip netns)',
      port: 'Square on a box edge: an interface in that namespace, with its address',
      macvlanPort: 'Round port: a macvlan or ipvlan interface',
      loopback: 'Dotted port: the loopback interface lo (the only one in none mode)',
      bridge: 'Bar with two rails: a Linux bridge in the host (docker0, br-…)',
      group:
        'Dashed bar: a group with no bridge device (macvlan parent, other namespaces, no network, stopped)',
      hostEnd:
        'Small square under a bar: the host end of a veth pair; red and dotted: its other end is missing',
      nic: 'Box in the host region: a host interface (the physical NIC, a VPN, …)',
      badge: 'Badge: a published port (host address:port) and where DNAT sends it',
      unresolved: 'Red dashed badge: a DNAT rule to an address no running container holds',
      summary: 'Folded network: counts and a dot per namespace; Enter or + opens it',
      project: 'Coloured edge: the box belongs to a Compose project (its name leads the second line)',
      hostRegion: 'Shaded region: the host’s own network namespace (bridges, NICs, published ports)',
    },
    line: {
      veth: 'veth pair: the container’s interface joined to its host end on a bridge',
      pair: 'veth pair between two namespaces (neither end in the host)',
      parent: 'macvlan/ipvlan interface on its parent interface',
      logical: 'Dotted: a network attachment Docker reports but the kernel could not be read',
      bundle: 'Thick faded line: the cables of a folded network',
      dnat: 'Orange dashes: a published port, rewritten by DNAT to the container’s address',
      masquerade: 'Purple dots: MASQUERADE, containers’ traffic leaving with the host’s address',
      uplink: 'Dash-dot arrow: a macvlan network’s way out through its parent interface',
    },
    mark: {
      active: 'Green, thicker: traffic right now (with its rate)',
      path: 'Pink with numbers: the hops of the packet path you asked for',
      selected: 'Blue outline: selected',
      compare: '+ added, − removed, ~ changed (when comparing two snapshots)',
    },
  },
  concepts: {
    namespace: {
      title: 'Network namespace',
      text: 'A network namespace is a separate copy of the Linux network stack: its own interfaces, addresses, routing table, firewall rules and port numbers. Docker gives each container one (unless told otherwise), which is why two containers can both listen on port 80. A box in the picture is one namespace; the host’s own namespace is the shaded region at the top.',
    },
    veth: {
      title: 'veth pair',
      text: 'A veth pair is a virtual cable with two ends: what goes into one end comes out of the other. Docker puts one end inside the container, where it is called eth0, and keeps the other in the host (veth…), plugged into a bridge. The kernel links them by index: each end’s peer is the other’s ifindex, which is how Netlens joins the two ends with a line.',
    },
    bridge: {
      title: 'Bridge: docker0 and user-defined networks',
      text: 'A Linux bridge is a virtual switch inside the host. docker0 is the default network “bridge”: containers started without --network join it and reach each other by IP address only. A network you create (docker network create, or Compose) gets its own bridge br-<id> and subnet, and Docker’s DNS lets its containers find each other by name. The host is the gateway of each subnet (the bridge’s address); Docker’s firewall rules keep different bridge networks apart.',
    },
    dnat: {
      title: 'Published ports: -p 8080:80 becomes DNAT',
      text: '-p 8080:80 publishes the container’s port 80 on the host’s port 8080. Docker adds a DNAT rule to the nat table’s DOCKER chain, which packets reach from PREROUTING (from outside) or OUTPUT (from the host itself): the destination host:8080 is rewritten to container-address:80. The host then routes the packet onto the container’s bridge, and the filter FORWARD chain (DOCKER) lets it through. The badge shows the host side; the dashed line leads to the interface that receives it.',
    },
    masquerade: {
      title: 'MASQUERADE: leaving with the host’s address',
      text: 'Containers have private addresses the outside world cannot answer. For each network Docker adds a MASQUERADE rule to nat POSTROUTING: a packet from the network’s subnet that leaves by any other interface than its own bridge gets the outgoing interface’s address as its source. Replies come back to the host, and connection tracking reverses the rewrite. The dotted line runs from the bridge to the interface of the default route.',
    },
    modes: {
      title: 'Network modes: bridge, host, none, container:',
      text: 'bridge (the default): the container has its own namespace, joined to a bridge by a veth pair. host: it has no namespace of its own and uses the host’s interfaces and ports directly (drawn in the host region); -p has no effect. none: its own namespace with only the loopback interface lo (the “no network” column). container:<name> (Compose: network_mode: service:<name>): it joins another container’s namespace, so both have the same interfaces and address and reach each other on localhost (one stacked box).',
    },
    macvlan: {
      title: 'macvlan and ipvlan',
      text: 'A macvlan network gives each container an interface stacked on a host interface (the parent), with its own MAC address, so the container appears directly on the parent’s LAN. Traffic does not pass the host’s bridges or NAT, and the host itself cannot reach its macvlan children through the parent. ipvlan works the same way but shares the parent’s MAC address.',
    },
    compose: {
      title: 'Compose projects',
      text: 'docker compose names everything after its project: containers <project>-<service>-<n>, networks <project>_<name>. A project’s containers share the project’s default network and find each other by service name through Docker’s DNS. Netlens reads the Compose labels: each container shows its project and service, networks are named by their Compose name, and search project:<name> picks a project.',
    },
  },
};
