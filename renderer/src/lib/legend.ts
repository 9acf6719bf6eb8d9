// What the legend shows: each shape, line style and mark of the picture (keyed like the drawing's
// data-line attributes, so a test can check nothing drawn is left unexplained) and the concept that
// explains it; and which concept explains an inspected item.
import type { ConceptKey } from './concepts.js';

export { CONCEPTS, type ConceptKey } from './concepts.js';

export type ShapeKey =
  | 'hostRegion'
  | 'box'
  | 'shared'
  | 'stopped'
  | 'netns'
  | 'port'
  | 'macvlanPort'
  | 'loopback'
  | 'bridge'
  | 'group'
  | 'hostEnd'
  | 'nic'
  | 'badge'
  | 'unresolved'
  | 'summary'
  | 'project';

/** Line styles, named as the drawing's `data-line`. */
export type LineKey = 'veth' | 'pair' | 'parent' | 'logical' | 'bundle' | 'dnat' | 'masquerade' | 'uplink';
export type MarkKey = 'active' | 'path' | 'selected' | 'compare';

export const SHAPES: readonly { key: ShapeKey; concept: ConceptKey }[] = [
  { key: 'hostRegion', concept: 'namespace' },
  { key: 'box', concept: 'namespace' },
  { key: 'shared', concept: 'modes' },
  { key: 'stopped', concept: 'modes' },
  { key: 'netns', concept: 'namespace' },
  { key: 'port', concept: 'veth' },
  { key: 'macvlanPort', concept: 'macvlan' },
  { key: 'loopback', concept: 'modes' },
  { key: 'bridge', concept: 'bridge' },
  { key: 'group', concept: 'macvlan' },
  { key: 'hostEnd', concept: 'veth' },
  { key: 'nic', concept: 'masquerade' },
  { key: 'badge', concept: 'dnat' },
  { key: 'unresolved', concept: 'dnat' },
  { key: 'summary', concept: 'bridge' },
  { key: 'project', concept: 'compose' },
];

export const LINES: readonly { key: LineKey; concept: ConceptKey }[] = [
  { key: 'veth', concept: 'veth' },
  { key: 'pair', concept: 'veth' },
  { key: 'parent', concept: 'macvlan' },
  { key: 'logical', concept: 'bridge' },
  { key: 'bundle', concept: 'bridge' },
  { key: 'dnat', concept: 'dnat' },
  { key: 'masquerade', concept: 'masquerade' },
  { key: 'uplink', concept: 'macvlan' },
];

export const MARKS: readonly MarkKey[] = ['active', 'path', 'selected', 'compare'];
