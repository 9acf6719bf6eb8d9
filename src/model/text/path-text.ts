// The packet path's words in English (src/model/path/): hop labels and details, verdict reasons and
// the facts a snapshot lacks. Each is a code; the app's languages word the same codes.
type S = string;
const via = (gateway: S | null) => (gateway ? ` via ${gateway}` : '');

export const PATH_TEXT = {
  /** A fact named by its own text (a rule line): the same in every language. */
  'path.plain': (p: { text: S }) => p.text,
  // trace.ts
  'path.loop': (_: object) => 'the path loops',
  'path.loopMissing': (_: object) => 'a path without end (a routing loop?)',
  'path.loopbackStays': (_: object) => 'a local address: the packet stays in the namespace, on loopback',
  'path.routeTable': (p: { table: S; ns: S }) => `routing table ${p.table} of ${p.ns}`,
  'path.refusedRoute': (p: { ns: S; type: S; dst: S }) => `${p.ns} has a ${p.type} route for ${p.dst}`,
  'path.routeRefuses': (_: object) => 'the route refuses the packet',
  'path.onlyLoopback': (p: { ns: S; dst: S }) =>
    `${p.ns} has only loopback (network none): no route to ${p.dst}`,
  'path.noRouteIn': (p: { ns: S; dst: S }) => `${p.ns} has no route to ${p.dst}`,
  'path.noRoute': (_: object) => 'no route',
  'path.noRouteDetail': (p: { ns: S; dst: S }) => `no route to ${p.dst} in ${p.ns}`,
  'path.deviceOf': (p: { dev: S; ns: S }) => `the device ${p.dev} of ${p.ns}`,
  'path.deviceMissing': (p: { dev: S }) => `${p.dev} is not in the snapshot`,
  'path.deviceDown': (p: { dev: S; ns: S }) => `${p.dev} in ${p.ns} is down`,
  'path.isDown': (p: { dev: S }) => `${p.dev} is down`,
  'path.childIsolation': (p: { hop: S; kind: S; dev: S }) =>
    `${p.hop} belongs to a ${p.kind} child of ${p.dev}: a parent cannot reach its ${p.kind} children`,
  'path.toChild': (p: { dev: S; kind: S; child: S }) => `${p.dev} → ${p.kind} child ${p.child}`,
  'path.arrives': (p: { ns: S }) => `arrives in ${p.ns}`,
  'path.forwardsMissing': (p: { ns: S }) => `whether ${p.ns} forwards packets (not captured)`,
  'path.wouldRoute': (p: { ns: S }) => `${p.ns} would have to route it onwards`,
  'path.deliveredIn': (p: { dst: S; ns: S }) => `delivered to ${p.dst} in ${p.ns}`,
  'path.deliveredInShared': (p: { dst: S; ns: S; shared: S }) =>
    `delivered to ${p.dst} in ${p.ns} (shared by ${p.shared})`,
  'path.deliveredTo': (p: { who: S; dst: S; port: S }) => `delivered to ${p.who} (${p.dst}${p.port})`,
  'path.deliveredToLoop': (p: { who: S; dst: S; port: S }) =>
    `delivered to ${p.who} (${p.dst}${p.port}) over loopback, in the same namespace`,
  // engine.ts
  'path.notKnown': (p: { reason: S; missing: S }) => `${p.reason}; not known: ${p.missing}`,
  'path.outsideAt': (p: { src: S }) => `a host at ${p.src}`,
  'path.internet': (_: object) => 'a host on the internet',
  'path.noWayInMissing': (_: object) =>
    'which device outside traffic arrives on (the host has no route back)',
  'path.noWayIn': (_: object) => 'no way in',
  'path.hostItself': (_: object) => 'the host itself',
  'path.sentFrom': (p: { ns: S }) => `sent from ${p.ns}`,
  'path.hostMode': (_: object) => 'host network mode: sent from the host namespace',
  // l2.ts
  'path.bridge': (p: { name: S }) => `bridge ${p.name}`,
  'path.switched': (_: object) => 'switched by destination MAC',
  'path.nobodyOnBridge': (p: { hop: S; bridge: S }) =>
    `no device on bridge ${p.bridge} holds ${p.hop}: the neighbour lookup gets no answer`,
  'path.nobodyHoldsOn': (p: { hop: S; bridge: S }) => `nobody holds ${p.hop} on ${p.bridge}`,
  'path.portTowards': (p: { ns: S }) => `the bridge port towards ${p.ns}`,
  'path.vethPair': (p: { a: S; b: S }) => `veth pair ${p.a} ↔ ${p.b}`,
  'path.peerIndex': (p: { ifindex: number }) => `peer ifindex ${p.ifindex}`,
  'path.peerIndexIn': (p: { ifindex: number; ns: S }) => `peer ifindex ${p.ifindex} in ${p.ns}`,
  'path.bridgedBare': (p: { bridge: S }) => `${p.bridge}: bridged without iptables`,
  'path.bridgedBareDetail': (_: object) => 'bridge-nf-call-iptables=0: FORWARD rules do not apply',
  'path.bridgeNfMissing': (_: object) =>
    'whether bridged traffic passes iptables (bridge-nf-call-iptables not recorded)',
  'path.parentOf': (p: { kind: S; dev: S }) => `the parent of ${p.kind} ${p.dev}`,
  'path.parentMissing': (p: { dev: S }) => `${p.dev}'s parent is not in the snapshot`,
  'path.childOn': (p: { kind: S; dev: S; parent: S }) => `${p.kind} ${p.dev} on ${p.parent}`,
  'path.childNoIptables': (p: { kind: S; parent: S }) =>
    `a ${p.kind} child of ${p.parent}: the host's iptables do not see this traffic`,
  'path.toSibling': (p: { parent: S; sibling: S }) => `${p.parent}: to sibling ${p.sibling}`,
  'path.siblings': (p: { kind: S }) =>
    `children of one parent reach each other directly (${p.kind} bridge mode)`,
  'path.parentSide': (p: { hop: S; ns: S; kind: S }) =>
    `${p.hop} is an address of ${p.ns}, the parent's side: a ${p.kind} child cannot reach its parent`,
  'path.wontHand': (p: { parent: S; ns: S }) => `${p.parent} will not hand it to ${p.ns}`,
  'path.otherEndMissing': (p: { dev: S }) => `the other end of veth ${p.dev} (in no namespace Netlens read)`,
  'path.otherEnd': (p: { dev: S }) => `the other end of ${p.dev} is not in the snapshot`,
  'path.portOf': (p: { bridge: S }) => `a port of bridge ${p.bridge}`,
  'path.nothingBehind': (p: { hop: S; dev: S }) =>
    `nothing behind ${p.dev} holds ${p.hop}: the neighbour lookup gets no answer`,
  'path.nobodyBehind': (p: { hop: S; dev: S }) => `nobody holds ${p.hop} behind ${p.dev}`,
  // links.ts
  'path.dummy': (p: { dev: S }) => `${p.dev} is a dummy device: it discards what is sent through it`,
  'path.dummyLabel': (p: { dev: S }) => `${p.dev} (dummy)`,
  'path.toWire': (p: { dev: S }) => `${p.dev} → the wire`,
  'path.leaves': (p: { ns: S; hop: S }) => `leaves ${p.ns} towards ${p.hop}`,
  'path.leavesHost': (p: { dev: S; gateway: S | null }) =>
    `leaves the host through ${p.dev}${via(p.gateway)}`,
  'path.beyondMissing': (p: { dev: S }) => `what happens beyond ${p.dev} (the packet leaves the host)`,
  'path.beyond': (p: { dev: S }) => `leaves through ${p.dev}: outside Netlens's view`,
  // hook-hops.ts
  'path.chainEntered': (_: object) => 'chain entered',
  'path.policy': (p: { table: S; chain: S; action: S }) => `${p.table} ${p.chain} policy ${p.action}`,
  'path.policyDecided': (_: object) => 'no rule decided: the chain policy did',
  'path.policyNothing': (_: object) => 'no rule here changed the packet',
  // host-stack.ts
  'path.firewallMissing': (_: object) => "the host's firewall rules (not captured)",
  'path.ruleMatchMissing': (p: { rule: S; text: S }) => `whether ${p.rule} (${p.text}) matches`,
  'path.ruleMatchMissingSrc': (p: { rule: S; text: S }) =>
    `whether ${p.rule} (${p.text}) matches (the source address is unknown)`,
  'path.ruleIdMissing': (p: { id: S }) => `whether rule ${p.id} matches`,
  'path.droppedBy': (p: { rule: S; text: S }) => `dropped by ${p.rule}: ${p.text}`,
  'path.droppedByPolicy': (p: { chain: S }) => `dropped by the policy of ${p.chain}`,
  'path.dnatTargetMissing': (p: { to: S }) => `where ${p.to} points (unreadable DNAT target)`,
  'path.redirectMissing': (p: { rule: S }) => `which local port ${p.rule} redirects to`,
  'path.natSource': (p: { target: S; src: S }) => `${p.target} → source ${p.src}`,
  'path.natWas': (p: { before: S; rule: S }) => `was ${p.before}; ${p.rule}`,
  'path.hostTable': (_: object) => 'host routing table main',
  'path.hostLocal': (_: object) => 'an address of the host: delivered over loopback',
  'path.rerouted': (_: object) => 're-routed after DNAT',
  'path.localnetMissing': (p: { dev: S }) => `route_localnet of ${p.dev} (not recorded)`,
  'path.localnetUnknownLeave': (p: { dev: S }) =>
    `whether 127.0.0.0/8 may leave through ${p.dev} is not recorded`,
  'path.localnetUnknownArrive': (p: { dev: S }) =>
    `whether 127.0.0.0/8 may arrive on ${p.dev} is not recorded`,
  'path.martianLeave': (p: { dev: S }) =>
    `a 127.0.0.0/8 address may not leave through ${p.dev} (route_localnet=0): the kernel drops it as a martian`,
  'path.martianArrive': (p: { dev: S }) =>
    `a 127.0.0.0/8 address may not arrive on ${p.dev} (route_localnet=0): the kernel drops it as a martian`,
  'path.martianOn': (p: { dev: S }) => `martian on ${p.dev}`,
  'path.forwardedUnknown': (_: object) =>
    'forwarded by the host (ip_forward not recorded: Docker turns it on)',
  'path.forwarded': (_: object) => 'forwarded by the host',
  'path.noForward': (p: { family: S }) => `the host does not forward ${p.family} packets (ip_forward=0)`,
  'path.rpFilter': (p: { dev: S; src: S; back: S }) =>
    `rp_filter=1 on ${p.dev}: replies to ${p.src} would leave through ${p.back}, so the kernel drops it`,
  'path.rpFilterOn': (p: { dev: S }) => `rp_filter on ${p.dev}`,
  // sockets.ts
  'path.kernelAnswers': (_: object) => 'the host kernel answers (no port: ICMP)',
  'path.deliveredHost': (p: { dst: S }) => `delivered to the host (${p.dst})`,
  'path.socketsMissing': (_: object) => "the host's listening sockets (this snapshot does not record them)",
  'path.socketsUnknown': (p: { socket: S }) =>
    `whether anything on the host listens on ${p.socket} is not recorded`,
  'path.nothingListens': (p: { socket: S }) => `nothing on the host listens on ${p.socket}`,
  'path.noSocket': (p: { socket: S }) => `no socket on ${p.socket}`,
  'path.reset': (_: object) => 'the kernel answers with a reset',
  'path.unreachable': (_: object) => 'the kernel answers port unreachable',
  'path.bothFamilies': (p: { socket: S }) => `${p.socket} (IPv4 and IPv6)`,
  'path.listening': (p: { who: S }) => `listening: ${p.who}`,
  'path.listeningUnknown': (_: object) => 'listening (owner not known without root)',
  'path.proxyMissing': (p: { socket: S }) =>
    `where docker-proxy on ${p.socket} connects to (its command line was not captured)`,
  'path.proxyTakes': (_: object) => 'a docker-proxy takes it',
  'path.proxyDials': (p: { args: S }) => `${p.args}: a new connection from the host`,
  'path.notRunning': (p: { name: S }) => `${p.name} is not running`,
  'path.hostNoAddress': (_: object) => 'the host has no address Netlens knows',
  'path.targetOnlyLoopback': (p: { name: S; mode: S }) =>
    `${p.name} has only loopback (network ${p.mode}): nothing outside its namespace can reach it`,
  'path.noAddress': (p: { name: S }) => `${p.name} has no address Netlens knows`,
  'path.kitNotCaptured': (_: object) => "RootlessKit's port driver and forwarded ports (not captured)",
  'path.kitWouldReach': (p: { port: number }) =>
    `port ${p.port} would reach RootlessKit's namespace through its port driver`,
  'path.kitForwardsNot': (p: { protocol: S; port: number }) =>
    `RootlessKit forwards no ${p.protocol} port ${p.port} from the real host into its namespace`,
  'path.kitNoPort': (p: { protocol: S; port: number }) =>
    `no RootlessKit port ${p.port}/${p.protocol} on the real host`,
  'path.kitForwards': (p: { list: S }) => `it forwards ${p.list}`,
  'path.kitForwardsNone': (_: object) => 'it forwards no port',
  'path.kitPortsUnread': (_: object) => "RootlessKit's forwarded ports (its API could not be read)",
  'path.kitSocket': (p: { socket: S }) => `${p.socket} on the real host`,
  'path.kitListening': (p: { holder: S; driver: S }) =>
    `listening: ${p.holder}, RootlessKit's ${p.driver} port driver (outside the namespace drawn here)`,
  'path.kitDriver': (p: { driver: S }) => `RootlessKit port driver: ${p.driver}`,
  'path.kitBuiltin': (p: { to: S; from: S }) =>
    `RootlessKit's parent hands the connection to its child, which connects to ${p.to} inside the namespace: a new connection, from ${p.from}`,
  'path.slirpDeviceUnknown': (_: object) =>
    "the device slirp4netns delivers on (RootlessKit's child address is not in the snapshot)",
  'path.slirpTakes': (_: object) => 'slirp4netns takes it',
  'path.slirpSends': (p: { to: S; dev: S }) =>
    `slirp4netns sends it into the namespace, to ${p.to} on ${p.dev} (the source address is kept)`,
  'path.kitHowUnknown': (p: { driver: S }) =>
    `how RootlessKit's ${p.driver} port driver delivers into its namespace`,
  'path.kitTakes': (p: { driver: S }) => `RootlessKit's ${p.driver} port driver takes it`,
  'path.proxyInKit': (p: { pid: number }) => `docker-proxy pid ${p.pid} in RootlessKit's namespace`,
  'path.proxyDialsInKit': (p: { args: S }) => `${p.args}: a new connection from RootlessKit's namespace`,
  // mesh.ts
  'path.meshMissing': (_: object) =>
    "the ingress sandbox's mangle marks and IPVS table (not in this snapshot)",
  'path.meshWould': (p: { socket: S }) =>
    `the routing mesh would balance ${p.socket} over the service's tasks`,
  'path.meshUnreadable': (p: { error: S }) =>
    `the ingress sandbox's IPVS table and marks (unreadable: ${p.error})`,
  'path.meshNoIpvs': (_: object) =>
    'this kernel has no IPVS (no ip_vs module): the routing mesh cannot balance the connection to a task',
  'path.meshNoMark': (p: { socket: S }) =>
    `no mangle rule of the ingress sandbox marks ${p.socket}: no IPVS service takes it`,
  'path.meshMarks': (p: { socket: S; mark: S; rule: S }) =>
    `the ingress sandbox marks ${p.socket} with ${p.mark} (mangle ${p.rule})`,
  'path.meshNoService': (p: { mark: S }) => `IPVS has no service for mark ${p.mark}`,
  'path.meshNoBackends': (p: { mark: S }) => `the IPVS service for mark ${p.mark} has no task to send to`,
  'path.meshBalances': (p: { mark: S; n: number; backends: S }) =>
    `IPVS balances mark ${p.mark} over ${p.n} task address(es): ${p.backends}`,
  'path.meshDelivered': (p: { service: S; n: number; backends: S }) =>
    `balanced by the routing mesh (service ${p.service}) over ${p.n} task(s): ${p.backends}`,
  'path.hostSocket': (_: object) => 'delivered to a host socket',
  'path.deliveredProcess': (p: { name: S; pid: number; socket: S }) =>
    `delivered to ${p.name} (pid ${p.pid}) on the host, ${p.socket}`,
  'path.deliveredSocket': (p: { socket: S }) => `delivered to a socket on the host, ${p.socket}`,
};
