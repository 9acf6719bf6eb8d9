// Semantic identity of snapshot items, shared by live patches and snapshot comparison.
import type {
  Chain,
  Container,
  Finding,
  Interface,
  Namespace,
  NatFlow,
  Network,
  Route,
  Rule,
  Warning,
} from './snapshot.js';

export const keyOf = {
  namespaces: (n: Namespace) => n.id,
  interfaces: (i: Interface) => i.id,
  routes: (r: Route) =>
    `${r.namespace}|${r.family}|${r.table}|${r.type}|${r.dst}|${r.dev ?? ''}|${r.metric ?? ''}`,
  networks: (n: Network) => n.name,
  containers: (c: Container) => c.name,
  'firewall.chains': (c: Chain) => `${c.backend}:${c.family}:${c.table}:${c.name}`,
  'firewall.rules': (r: Rule) => r.id,
  natFlows: (f: NatFlow) => f.id,
  findings: (f: Finding) => f.id,
  warnings: (w: Warning) => `${w.part}:${w.code}:${w.message}`,
} as const;
