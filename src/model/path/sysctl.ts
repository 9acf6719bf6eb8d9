// Reading the recorded sysctls the way the kernel combines them: per-interface values with `all`
// (route_localnet: either one on; rp_filter: the larger), and forwarding per family.
import type { InterfaceSysctl, Sysctls } from '../snapshot.js';

/** The value in force on `dev`, or null when the snapshot does not record it. */
export function effective(
  setting: InterfaceSysctl | undefined,
  dev: string,
  combine: 'or' | 'max',
): number | null {
  if (!setting) return null;
  const own = setting.interfaces.find((i) => i.name === dev)?.value ?? setting.default;
  if (own === null || setting.all === null) return null;
  return combine === 'max' ? Math.max(own, setting.all) : own !== 0 || setting.all !== 0 ? 1 : 0;
}

/** Whether the host forwards packets of a family; null when not recorded. */
export function forwarding(sysctls: Sysctls | null | undefined, family: 'ipv4' | 'ipv6'): boolean | null {
  if (!sysctls) return null;
  return family === 'ipv4' ? sysctls.ipForward : sysctls.ipv6Forwarding;
}

/** Whether bridged packets of a family pass the iptables FORWARD chain; null when not recorded. */
export function bridgeNetfilter(
  sysctls: Sysctls | null | undefined,
  family: 'ipv4' | 'ipv6',
): boolean | null {
  if (!sysctls) return null;
  return family === 'ipv4' ? sysctls.bridgeNfCallIptables : sysctls.bridgeNfCallIp6tables;
}
