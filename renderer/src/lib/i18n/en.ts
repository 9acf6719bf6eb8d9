// The app's words in English: every user-facing string, by place (the picture's in en-picture.ts).
// ko.ts has the same keys (a missing one fails the typecheck). Functions take what a sentence needs,
// so each language orders it its way.
import { enPicture } from './en-picture.js';
import { enHosts } from './en-hosts.js';
import { enLearn } from './en-learn.js';
import { enFleet } from './en-fleet.js';
import { enInspect } from './en-inspect.js';
import { MODEL_TEXT, type ModelWords } from '../../../../src/model/text/message.js';

/** What the shared core says (packet path, findings, change story), worded by code: its own English. */
const model: ModelWords = MODEL_TEXT;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const en = {
  lang: { name: 'English', switch: 'Language' },
  app: {
    noContainers: (host: string) =>
      `No containers on ${host} yet. Start one (docker run …) and it appears here without a reload.`,
    pictureLive: (host: string) => `Network of ${host}`,
    pictureSaved: (name: string, host: string) => `Saved snapshot ${name} of ${host}, not live`,
    pictureCompare: (a: string, b: string) => `Comparison of ${a} and ${b}`,
    pictureMoment: (host: string, at: string) => `${host} as recorded at ${at}, not live`,
    pictureDemo: 'The Netlens demo: a redacted capture of a small Compose project, not a live host',
    theHost: 'the host',
    exportFailed: (why: string) => `export failed: ${why}`,
  },
  panels: {
    showHosts: 'Show the hosts panel',
    foldHosts: 'Fold the hosts panel',
    showDetails: 'Show the details panel',
    foldDetails: 'Fold the details panel',
  },
  hosts: {
    title: 'Hosts',
    none: 'No hosts yet.',
    connect: 'Connect',
    disconnect: 'Disconnect',
    remove: 'Remove',
    connectLabel: (host: string) => `connect ${host}`,
    disconnectLabel: (host: string) => `disconnect ${host}`,
    removeLabel: (host: string) => `remove ${host}`,
    local: 'This computer',
  },
  hostKey: {
    trust: 'Check the host key…',
  },
  toolbar: {
    label: 'Drawing tools',
    searchLabel: 'Search containers, networks, IPs, ports, projects',
    searchPlaceholder: 'Search: name, net:appnet, ip:172.18, port:8080, project:shop  ( / )',
    onlyMatches: 'show only matches',
    matches: (n: number) => plural(n, 'match', 'matches'),
    zoomOut: 'zoom out (-)',
    zoomIn: 'zoom in (+)',
    fit: 'Fit',
    fitTitle: 'fit the picture to the window again (0)',
    exportSvg: 'export the picture as SVG',
    exportPng: 'export the picture as PNG',
    theme: { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' },
    endpoints: (n: number) => plural(n, 'endpoint', 'endpoints'),
    containers: (n: number) => plural(n, 'container', 'containers'),
    groupByProject: 'group by project',
    groupTitle:
      'Keep each Compose project’s containers together in their networks (lays the picture out again)',
    legend: 'Legend',
    legendTitle: 'What the shapes and lines mean, and the ideas behind them',
    kinds: { container: 'container', network: 'network', 'nat-flow': 'published', project: 'project' },
  },
  status: {
    label: 'Status',
    noHost: 'no host',
    live: 'live',
    connecting: 'connecting…',
    reconnecting: (attempt: number, seconds: number) =>
      `reconnecting (attempt ${attempt}, next try in ${seconds}s)`,
    error: 'error',
    disconnected: 'disconnected',
    unknown: 'unknown',
    lastUpdate: (ago: string) => `last update: ${ago}`,
    captured: (ago: string) => `captured ${ago}`,
    warnings: (n: number) => plural(n, 'warning', 'warnings'),
    /** Which reader a warning comes from (snapshot.warnings' part). */
    warningPart: {
      docker: 'docker',
      kernel: 'kernel',
      firewall: 'firewall',
      connection: 'connection',
    } as Record<string, string>,
    savedView: (name: string) => `showing saved snapshot “${name}”, not live`,
    compareView: 'showing a comparison, not live',
    momentView: (at: string) => `recorded moment ${at}, not live`,
    demoView: 'showing the demo, not a real host',
    never: 'never',
    justNow: 'just now',
    secondsAgo: (n: number) => `${n}s ago`,
    minutesAgo: (n: number) => `${n}m ago`,
    sAgo: (n: number) => `${n} s ago`,
    minAgo: (n: number) => `${n} min ago`,
    hAgo: (n: number) => `${n} h ago`,
  },
  advice: {
    permissionTitle: 'No permission to use Docker',
    permission:
      'Add your user to the "docker" group and log in again, or run Netlens (or the SSH user) with access to /var/run/docker.sock.',
    noDockerTitle: 'Docker is not running here',
    noDocker: 'Start the Docker engine (e.g. `sudo systemctl start docker`) and connect again.',
    sshTitle: 'SSH login failed',
    ssh: 'Check the user name and that your key is loaded (ssh-agent) or named in ~/.ssh/config, then connect again.',
    hostKeyTitle: 'The host key is not trusted',
    hostKey:
      'Verify the key fingerprint with the host’s administrator; a changed key can mean the host was replaced or someone is in the middle.',
    unreachableTitle: 'The host cannot be reached',
    unreachable:
      'Check the address and port, that sshd is running there, and your network or VPN; Netlens retries by itself.',
    otherTitle: 'Something went wrong',
    other: 'Read the message below; connect again when the cause is fixed.',
    kernelUnavailable:
      'Run Netlens as root, or allow passwordless `sudo -n` for ip, nsenter and iptables-save, to see namespaces, veths and rules.',
    namespaceUnread:
      'Some containers may have stopped during the capture, or access was denied: capture again.',
    rootless:
      "Rootless Docker keeps its network inside RootlessKit: the picture is RootlessKit's namespace when Netlens may enter it (as root or the daemon's owner, with the daemon's socket named), else only what the Docker API reports.",
    rootlessPodman:
      "Rootless Podman keeps its network inside its own namespaces. Netlens enters them when it can (as root or the socket's owner, with Podman's socket named); otherwise the picture shows only what Podman's API reports.",
    dockerDesktop: 'Docker Desktop runs the engine in a VM: only the API view is available.',
    vm: (product: string, shown: string, hidden: string) =>
      `${product} runs the engine in a VM that Netlens cannot look into. Shown: ${shown}. Not shown: ${hidden}.`,
    /** The capture's own phrases for Docker Desktop (src/capture/vm.ts), hidden then shown, in order. */
    vmItems: [
      "the VM's network namespaces: each container's interfaces, veth pairs and routes",
      "the VM's bridges (docker0, br-…) and their addresses",
      "the VM's firewall: the DNAT rules behind published ports, MASQUERADE, the FORWARD path",
      'how ports reach the VM from this machine (Docker Desktop forwards them itself, outside any rule shown)',
      'containers with their networks, addresses, MAC addresses and published ports, as the Docker API reports them',
      'networks with their drivers, subnets, gateways and options',
      'Swarm services and tasks, when the engine is a Swarm manager',
    ] as readonly string[],
    partial: (parts: string[], privilege: string) =>
      `Partial view: the ${parts.join(' and ')} could not be read (privilege: ${privilege}).`,
    kernel: 'kernel',
    firewall: 'firewall',
  },
  empty: {
    starting: 'Starting…',
    startingText: 'Asking the Netlens back end for its hosts.',
    noHosts: 'No hosts',
    noAnswer: (why: string) => `The back end did not answer: ${why}`,
    addHint: 'Add an SSH target (user@host or an alias from ~/.ssh/config) in the sidebar.',
    tryAgain: 'Try again',
    reconnectingTo: (host: string) => `Reconnecting to ${host}`,
    disconnected: (host: string) => `${host} is disconnected`,
    connectHint: 'Connect to capture its network.',
    capturing: (host: string) => `Capturing ${host}…`,
    capturingText: 'Reading Docker, the namespaces and the firewall. This takes a moment on large hosts.',
    demoOffer: 'No Docker here? Look around the demo: a small Compose shop captured on a real host.',
    openDemo: 'Open the demo',
  },
  stale: {
    disconnected: (host: string, age: string) =>
      `${host} is disconnected: this picture is from ${age} and no longer updates.`,
    reconnecting: (host: string, age: string) => `Reconnecting to ${host}: this picture is from ${age}.`,
    error: (host: string, age: string) => `${host} cannot be reached: this picture is from ${age}.`,
    connect: 'Connect',
  },
  view: {
    savedTag: 'Saved snapshot, not live',
    savedWhat: (name: string, host: string, at: string) => `${name} · ${host} · captured ${at}`,
    compareTag: 'Comparison, not live',
    compareWhat: (a: string, b: string) => `A ${a} → B ${b}`,
    added: (n: number) => `+${n} added`,
    removed: (n: number) => `−${n} removed`,
    changed: (n: number) => `~${n} changed`,
    momentTag: 'Recorded moment, not live',
    momentWhat: (host: string, at: string) => `${host} · as it was at ${at}`,
    backToLive: 'Back to live',
    demoTag: 'Demo',
    demoWhat: 'A redacted capture of a small Compose project, bundled with Netlens: not a live host.',
    demo: 'Demo',
    demoTitle: 'Open the bundled demo snapshot (no Docker needed)',
  },
  timeline: {
    label: 'Timeline',
    connectFirst: 'Connect to a host: its live session is recorded here.',
    nothingYet: 'Nothing recorded of this host yet.',
    loading: 'Loading…',
    moment: (n: number, of: number) => `Moment ${n} of ${of}:`,
    liveSuffix: ' (live)',
    slider: 'recorded moment',
    live: 'Live',
    compare: 'Compare A → B',
    namePlaceholder: 'name',
    nameLabel: 'name of the saved moment',
    save: 'Save this moment',
    savedAs: (name: string) => `Saved as “${name}”.`,
    pickA: (at: string) => `compare from ${at}`,
    pickB: (at: string) => `compare to ${at}`,
  },
  details: {
    label: 'Details',
    inspect: 'Inspector',
    path: 'Packet path',
    findings: 'Findings',
    findingsCount: (n: number) => `Findings (${n})`,
    snapshots: 'Snapshots',
    compare: 'Compare',
    timeline: 'Timeline',
    nothing: 'Nothing captured yet.',
  },
  changes: {
    title: 'Recent changes',
    clear: 'Clear recent changes',
    started: 'started',
    stopped: 'stopped',
    removed: 'removed',
    created: 'created',
    networkVerb: (verb: string) => `network ${verb}`,
    marker: (name: string, verb: string) => `${name} ${verb}`,
  },
  findings: {
    label: 'Findings',
    none: '✓ No problems found in this snapshot.',
    severity: { error: 'error', warning: 'warning', info: 'info' },
    affects: (n: number) => `affects ${plural(n, 'item', 'items')}`,
  },
  findingText: {
    mtuTitle: (bridge: string, mtu: number, n: number) =>
      `${bridge} runs at MTU ${mtu}, unlike ${n === 1 ? 'a container' : `${n} containers`} on it`,
    mtuBecause: (odd: string, bridge: string, usual: number) =>
      `A bridge takes the smallest MTU of its ports: ${odd} pulls ${bridge} below the ${usual} its containers use, so their larger packets are dropped or fragmented at the bridge. Set the odd device back to ${usual}.`,
    mtuContainers: (bridge: string, mtu: number, usual: number) =>
      `The containers use MTU ${usual} but ${bridge} uses ${mtu}: large packets are dropped or fragmented. Give the network the same MTU (com.docker.network.driver.mtu).`,
    danglingTitle: (n: number) => (n === 1 ? 'A veth with no other end' : `${n} veths with no other end`),
    danglingDetail:
      'Each end of a veth pair must have its peer. These are leftovers (a container that died badly) or their other end is in a namespace Netlens could not read.',
    nowhereTitle: (n: number) =>
      n === 1 ? 'A published port leads nowhere' : `${n} published ports lead nowhere`,
    nowhereDetail:
      'Their DNAT rules send traffic to an address no running container holds: connections to them fail.',
    noDnatTitle: (n: number) =>
      n === 1 ? 'A published port has no DNAT rule' : `${n} published ports have no DNAT rule`,
    noDnatDetail:
      'Docker lists the port as published, but the firewall has no rule that forwards it: it cannot be reached from outside.',
    disagreeTitle: (n: number) =>
      n === 1 ? 'A DNAT rule disagrees with Docker' : `${n} DNAT rules disagree with Docker`,
    noDeviceTitle: (n: number) =>
      n === 1 ? 'A network has no device on the host' : `${n} networks have no device on the host`,
    noDeviceDetail: 'Docker knows the network, but its bridge (or parent) is not on the host.',
    causes: 'Cause',
    affected: (n: number) => `Affects (${n})`,
    selectAll: 'Show all in the picture',
  },
  inspector: {
    label: 'Inspector',
    hint: 'Click an item in the drawing (or Tab to it and press Enter) to inspect it. Click a published port to see its packet path.',
    nothing: (id: string) => `Nothing in this snapshot is called ${id}.`,
    showPath: 'Show packet path',
    counters: 'Counters',
    interface: 'interface',
    rx: 'rx',
    tx: 'tx',
    rate: 'rate',
    idle: 'idle',
    packets: 'pk',
    kinds: {
      host: 'host',
      container: 'container',
      namespace: 'namespace',
      bridge: 'bridge',
      interface: 'interface',
      'nat-flow': 'published port',
      cable: 'cable',
      network: 'network',
      rule: 'rule',
    } as Record<string, string>,
    headings: {
      host: 'Host',
      warnings: 'Warnings',
      container: 'Container',
      containerNamed: (name: string) => `Container ${name}`,
      namespace: 'Namespace',
      published: (id: string) => `Published ${id}`,
      interface: 'Interface',
      networkNamed: (name: string) => `Network ${name}`,
      network: 'Network',
      peer: 'Peer',
      dnat: 'DNAT flow',
      masquerade: 'MASQUERADE flow',
      thisEnd: 'This end',
      otherEnd: 'Other end',
      rule: 'Rule',
    },
    rules: (n: number) => `Firewall rules (${n})`,
  },
  ...enPicture,
  ...enHosts,
  ...enLearn,
  ...enInspect,
  ...enFleet,
  model,
};

export type Messages = typeof en;
