// The one snapshot factory of the tests: `buildSnapshot(spec)` makes a realistic, valid snapshot from a
// short description; `syntheticSpec`/`syntheticSnapshot` describe a made-up host of any size; the parts
// place single items by hand.
export { buildSnapshot, cloneSnapshot } from './build.js';
export { iface, loopback, namespace, route, rule } from './parts.js';
export type {
  AttachmentSpec,
  ContainerSpec,
  NetworkSpec,
  PortSpec,
  RuleSpec,
  SnapshotSpec,
  StrayDnatSpec,
  StrayVethSpec,
} from './spec.js';
export { OVERLAY_NET_ID, swarmNode, type SwarmNodeSpec } from './swarm.js';
export { syntheticSnapshot, syntheticSpec, type SyntheticOptions } from './synthetic.js';
