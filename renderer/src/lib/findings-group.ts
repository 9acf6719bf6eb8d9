// Findings grouped by cause, in words: twenty "MTU mismatch" findings of one bridge become one, naming
// the device whose MTU is odd (a bridge runs at the smallest MTU of its ports) and listing the
// containers it affects. Known codes are worded from the snapshot in the user's language; others
// keep the back end's message, worded by its code when it has one.
import type { Finding, Interface, Snapshot } from '../../../src/model/snapshot.js';
import { words } from './i18n/words.js';
import { naturalCompare } from './natural.js';
import { deviceName, indexSnapshot } from './snapshot-index.js';
import { say } from './model-text.js';

export interface FindingItem {
  /** Item to select (interface, container, flow id…). */
  id: string;
  label: string;
}

export interface FindingGroup {
  key: string;
  code: string;
  severity: Finding['severity'];
  title: string;
  detail: string;
  /** What causes it (the odd device), then what it affects. */
  causes: FindingItem[];
  affected: FindingItem[];
  /** Every subject, to select them together. */
  subjects: string[];
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;
const message = (f: Finding) => say(f.text, f.message);
const byLabel = (a: FindingItem, b: FindingItem) => naturalCompare(a.label, b.label);

export function groupFindings(snapshot: Snapshot, findings: readonly Finding[]): FindingGroup[] {
  const ix = indexSnapshot(snapshot);
  const w = words().findingText;
  // The bridge among an MTU finding's subjects (it names the bridge first or last); the rest are the
  // container ends.
  const bridgeOf = (f: Finding) =>
    f.subjects.find((id) => ix.iface.get(id)?.kind === 'bridge') ?? f.subjects.at(-1);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    // MTU findings share their cause when they share a bridge; other codes group by code.
    const key = f.code === 'mtu-mismatch' ? `${f.code}:${bridgeOf(f) ?? ''}` : f.code;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const owner = (i: Interface | undefined) => ix.namespace.get(i?.namespace ?? '')?.containers[0];
  const itemOf = (id: string): FindingItem => {
    const i = ix.iface.get(id);
    const who = owner(i);
    return { id: who ?? id, label: who ? `${who} (${deviceName(id)})` : deviceName(id) };
  };
  const out: FindingGroup[] = [];
  for (const [key, list] of groups) {
    const first = list[0]!;
    const severity = list.reduce((s, f) => (ORDER[f.severity] < ORDER[s] ? f.severity : s), first.severity);
    const subjects = [...new Set(list.flatMap((f) => f.subjects))];
    const base = { key, code: first.code, severity, subjects };
    if (first.code === 'mtu-mismatch') {
      const bridgeId = bridgeOf(first) ?? '';
      const bridge = ix.iface.get(bridgeId);
      const sides = [...new Set(list.flatMap((f) => f.subjects.filter((id) => id !== bridgeId)))]
        .map((id) => ix.iface.get(id))
        .filter((i) => i !== undefined);
      // What most containers use, and the bridge's ports that differ from it: the odd ones.
      const counts = new Map<number, number>();
      for (const i of sides) counts.set(i.mtu, (counts.get(i.mtu) ?? 0) + 1);
      const usual = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
      const ports = snapshot.interfaces.filter((i) => bridge && i.master === bridge.id);
      const odd = ports.filter((p) => p.mtu !== usual && p.mtu === bridge?.mtu);
      const name = bridge ? bridge.name : deviceName(bridgeId || '?');
      out.push({
        ...base,
        title: w.mtuTitle(name, bridge?.mtu ?? 0, sides.length),
        detail:
          odd.length > 0
            ? w.mtuBecause(odd.map((p) => `${p.name} (${p.mtu})`).join(', '), name, usual)
            : w.mtuContainers(name, bridge?.mtu ?? 0, usual),
        causes: odd.map((p) => ({ id: p.id, label: `${p.name} · MTU ${p.mtu}` })),
        affected: sides.map((i) => itemOf(i.id)).sort(byLabel),
        subjects: [...odd.map((p) => p.id), ...subjects],
      });
      continue;
    }
    const items = (pick: (f: Finding) => string) =>
      list.map((f) => ({ id: pick(f), label: pick(f) })).sort(byLabel);
    switch (first.code) {
      case 'veth-peer-missing':
        out.push({
          ...base,
          title: w.danglingTitle(list.length),
          detail: w.danglingDetail,
          causes: [],
          affected: list
            .map((f) => ({ id: f.subjects[0] ?? '', label: deviceName(f.subjects[0] ?? '') }))
            .sort(byLabel),
        });
        break;
      case 'dnat-to-unknown-address':
        out.push({
          ...base,
          title: w.nowhereTitle(list.length),
          detail: w.nowhereDetail,
          causes: [],
          affected: items((f) => f.subjects[0] ?? ''),
        });
        break;
      case 'published-port-without-dnat':
        out.push({
          ...base,
          title: w.noDnatTitle(list.length),
          detail: w.noDnatDetail,
          causes: [],
          affected: list
            .map((f) => ({ id: f.subjects[0] ?? '', label: `${f.subjects[0] ?? ''} ${f.subjects[1] ?? ''}` }))
            .sort(byLabel),
        });
        break;
      case 'dnat-disagrees-with-docker':
        out.push({
          ...base,
          title: w.disagreeTitle(list.length),
          detail: list.map(message).join(' · '),
          causes: [],
          affected: items((f) => f.subjects[0] ?? ''),
        });
        break;
      case 'network-device-missing':
        out.push({
          ...base,
          title: w.noDeviceTitle(list.length),
          detail: w.noDeviceDetail,
          causes: [],
          affected: list
            .map((f) => ({ id: `net:${f.subjects[0] ?? ''}`, label: f.subjects[0] ?? '' }))
            .sort(byLabel),
        });
        break;
      default:
        out.push({
          ...base,
          title: list.length === 1 ? message(first) : `${first.code} (${list.length})`,
          detail: list.length === 1 ? '' : list.map(message).join(' · '),
          causes: [],
          affected: items((f) => f.subjects[0] ?? ''),
        });
    }
  }
  return out.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || naturalCompare(a.title, b.title));
}
