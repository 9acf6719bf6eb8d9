// The ideas the legend explains, in reading order (texts in the catalogue under `concepts`).
export type ConceptKey =
  'namespace' | 'veth' | 'bridge' | 'dnat' | 'masquerade' | 'modes' | 'macvlan' | 'compose';

export const CONCEPTS: readonly ConceptKey[] = [
  'namespace',
  'veth',
  'bridge',
  'dnat',
  'masquerade',
  'modes',
  'macvlan',
  'compose',
];
