// Where each network lives: subnet, gateway, id, and the host device it hangs from (its bridge, or a
// macvlan's parent). The default `bridge` network (docker0) is always there, as on every Docker host.
import type { NetworkSpec } from './spec.js';
import { hex, intToV4, v4ToInt } from './parts.js';

export interface NetPlan {
  spec: NetworkSpec;
  driver: 'bridge' | 'macvlan';
  id: string;
  subnet: string;
  prefix: number;
  gateway: string;
  /** Host device: the bridge (docker0, br-…), or the macvlan's parent. */
  device: string;
  /** Next free address, as an integer. */
  next: number;
}

export function planNetworks(specs: NetworkSpec[]): Map<string, NetPlan> {
  const all = specs.some((n) => n.name === 'bridge') ? specs : [{ name: 'bridge' }, ...specs];
  const plans = new Map<string, NetPlan>();
  all.forEach((spec, i) => {
    const subnet = spec.subnet ?? (spec.name === 'bridge' ? '172.17.0.0/16' : `10.${10 + i}.0.0/24`);
    const [base = '0.0.0.0', bits = '24'] = subnet.split('/');
    const id = spec.id ?? hex(`network:${spec.name}`);
    const driver = spec.driver ?? 'bridge';
    const device =
      driver === 'macvlan'
        ? (spec.parent ?? 'eth0')
        : (spec.bridgeName ?? (spec.name === 'bridge' ? 'docker0' : `br-${id.slice(0, 12)}`));
    plans.set(spec.name, {
      spec,
      driver,
      id,
      subnet,
      prefix: Number(bits),
      gateway: spec.gateway ?? intToV4(v4ToInt(base) + 1),
      device,
      next: v4ToInt(base) + 2,
    });
  });
  return plans;
}
