// `netlens snapshot --summary`: the snapshot as a tree a person reads in a terminal.
import { masqueradeLabel } from '../model/nat-label.js';
import type { Interface, Snapshot } from '../model/snapshot.js';
import { meshLines } from './mesh-summary.js';
import { visibleDeep } from './terminal-text.js';

function addrs(i: Interface | undefined): string {
  if (!i) return '';
  const list = i.addresses.filter((a) => a.scope !== 'link').map((a) => `${a.address}/${a.prefixLen}`);
  return list.length > 0 ? ` ${list.join(' ')}` : '';
}

function containerLabel(s: Snapshot, iface: Interface): string {
  const ns = s.namespaces.find((n) => n.id === iface.namespace);
  const who = ns?.containers.length ? ns.containers.join('+') : iface.namespace;
  return `${who}:${iface.name}`;
}

/** Every string of the snapshot is data (a shared file can hold anything): escaped before use. */
export function formatSummary(snapshot: Snapshot): string {
  const s = visibleDeep(snapshot);
  const out: string[] = [];
  const byId = new Map(s.interfaces.map((i) => [i.id, i]));
  const h = s.host;
  // Podman answers the Docker API with its own version: naming it Docker 4.3.1 would mislead.
  const engine = h.engine === 'podman' ? 'Podman' : 'Docker';
  out.push(
    `Host ${h.name} (${h.target}) · ${engine} ${h.dockerVersion ?? '?'} · kernel ${h.kernel ?? '?'} · firewall ${
      h.firewallBackend ?? 'unknown'
    } · read as ${h.privilege}`,
  );
  out.push('', 'Networks');
  for (const n of s.networks) {
    const subnets = n.subnets.map((x) => `${x.subnet}${x.gateway ? ` gw ${x.gateway}` : ''}`).join(', ');
    const flags = [n.driver, n.internal ? 'internal' : '', subnets].filter(Boolean).join(', ');
    const device = n.bridge ? byId.get(n.bridge) : undefined;
    out.push(`  ${n.name} (${flags})${device ? ` → ${device.name}${addrs(device)} mtu ${device.mtu}` : ''}`);
    if (n.driver === 'host' || n.driver === 'null') {
      const members = s.containers
        .filter((c) => c.networkMode === n.name && c.namespace !== null)
        .map((c) => c.name);
      if (members.length > 0) out.push(`    containers: ${members.join(', ')}`);
      continue;
    }
    for (const e of n.endpoints) {
      const inner = e.interface ? byId.get(e.interface) : undefined;
      const outer = inner?.peer ? byId.get(inner.peer) : inner?.parent ? byId.get(inner.parent) : undefined;
      const ip = [e.ipv4, e.ipv6].filter(Boolean).join(' ');
      if (inner && outer && inner.kind === 'veth') {
        out.push(
          `    ${outer.name} [${outer.ifindex}] ↔ ${containerLabel(s, inner)} [${inner.ifindex}] ${ip}`,
        );
      } else if (inner) {
        out.push(`    ${containerLabel(s, inner)} (${inner.kind}${outer ? ` on ${outer.name}` : ''}) ${ip}`);
      } else {
        out.push(`    ${e.container} ${ip} (interface not seen in the kernel)`);
      }
    }
  }

  const dnat = s.natFlows.filter((f) => f.kind === 'dnat');
  out.push('', 'Published ports');
  if (dnat.length === 0) out.push('  (none)');
  for (const f of dnat) {
    const rule = f.rule ? s.firewall.rules.find((r) => r.id === f.rule) : undefined;
    const where = f.container
      ? `${f.container}${f.network ? ` on ${f.network}` : ''}`
      : f.service
        ? `service ${f.service} (routing mesh)`
        : 'NO CONTAINER';
    const host = f.hostIp.includes(':') ? `[${f.hostIp}]` : f.hostIp;
    out.push(
      `  ${f.protocol} ${host}:${f.hostPort} → ${f.toAddress}:${f.toPort} ${where} (${f.chainPath.join(' → ')})`,
    );
    if (rule) out.push(`      rule: ${rule.text}`);
  }
  out.push(...meshLines(s));
  const masq = s.natFlows.filter((f) => f.kind === 'masquerade');
  if (masq.length > 0) {
    out.push('', 'Masquerade (outgoing traffic hidden behind the host address)');
    for (const m of masq) {
      out.push(
        `  ${masqueradeLabel(m)}${m.excludeOutInterface ? ` unless out via ${m.excludeOutInterface}` : ''}${m.network ? ` (${m.network})` : ''}`,
      );
    }
  }

  const idle = s.containers.filter((c) => c.namespace === null);
  if (idle.length > 0) out.push('', `Stopped: ${idle.map((c) => `${c.name} (${c.state})`).join(', ')}`);
  const shared = s.namespaces.filter((ns) => ns.containers.length > 1 && ns.kind !== 'host');
  for (const ns of shared) out.push(`Shared namespace ${ns.id}: ${ns.containers.join(', ')}`);

  out.push('', s.findings.length > 0 ? 'Findings' : 'Findings: none');
  for (const f of s.findings) out.push(`  ${f.severity.toUpperCase()} ${f.message}`);
  if (s.warnings.length > 0) {
    out.push('', 'Warnings');
    for (const w of s.warnings) out.push(`  ${w.part}: ${w.message}`);
  }
  return out.join('\n') + '\n';
}
