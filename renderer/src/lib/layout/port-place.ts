// Where a drawn port sits and which lane its cable uses: computed by the column layout (compute.ts) and
// read by the host row (host-row.ts) to start DNAT flows, so it lives apart from both.
import type { PortLink } from './columns.js';
import type { NamespaceBox, PortItem } from './types.js';

export interface PortPlace {
  port: PortItem;
  box: NamespaceBox;
  link: PortLink;
  laneX: number | null;
  order: number;
}
