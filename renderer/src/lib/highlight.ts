// Which drawn items light up together: an item and its peer(s) on hover, and everything a search hit
// stands for (a container's box, ports, cables and flows; a network's bar).
import type { Snapshot } from '../../../src/model/snapshot.js';
import type { Layout } from './layout/types.js';
import type { SearchHit } from './search.js';
import { indexSnapshot } from './snapshot-index.js';

export function peersOf(layout: Layout, id: string | null): Set<string> {
  const out = new Set<string>();
  if (!id) return out;
  out.add(id);
  for (const c of layout.cables) {
    if (c.id === id) {
      out.add(c.from);
      out.add(c.to);
    } else if (c.from === id || c.to === id) {
      out.add(c.id);
      out.add(c.from === id ? c.to : c.from);
    }
  }
  for (const f of layout.flows) {
    if (f.id === id && f.to) out.add(f.to);
    else if (f.to === id) out.add(f.id);
  }
  return out;
}

/** Ids a search hit lights up in the drawing. */
export function matchedIds(snapshot: Snapshot, layout: Layout, hits: SearchHit[]): Set<string> {
  const ix = indexSnapshot(snapshot);
  const out = new Set<string>();
  const addPort = (portId: string) => {
    out.add(portId);
    for (const c of layout.cables) if (c.from === portId) out.add(c.id).add(c.to);
  };
  // A project stands for its containers.
  const expanded = hits.flatMap((hit) =>
    hit.kind === 'project'
      ? snapshot.containers
          .filter((c) => c.compose?.project === hit.label)
          .map((c) => ({ ...hit, id: c.name, kind: 'container' as const, label: c.name }))
      : [hit],
  );
  for (const hit of expanded) {
    out.add(hit.id);
    if (hit.kind === 'container') {
      const c = ix.container.get(hit.id);
      const ns = c?.namespace ? ix.namespace.get(c.namespace) : undefined;
      if (ns && ns.id !== 'host') {
        out.add(ns.id);
        for (const i of ns.interfaces) addPort(i);
      }
      if (c && !c.namespace) out.add(`stopped:${c.name}`);
      for (const f of ix.dnat) if (f.container === hit.id) out.add(f.id);
      const summary = layout.placeOf.get(hit.id);
      if (summary) out.add(`summary:${summary}`);
    } else if (hit.kind === 'network') {
      const bar = layout.bars.find((b) => b.network === hit.label);
      if (bar) out.add(bar.id);
    } else {
      const flow = layout.flows.find((f) => f.id === hit.id);
      if (flow?.to) addPort(flow.to);
    }
  }
  return out;
}

/** Drawn id to zoom to for an item id (a network hit names its bar; a container its box). */
export function drawnIdOf(layout: Layout, id: string): string {
  if (layout.index.has(id)) return id;
  if (id.startsWith('net:')) return layout.bars.find((b) => b.network === id.slice(4))?.id ?? id;
  const col = layout.placeOf.get(id);
  return col ? `summary:${col}` : id;
}
