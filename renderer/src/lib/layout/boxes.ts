// The inside of a namespace box: one line per container (owner first), then one port per interface.
// Built at the origin; the caller moves it into place.
import { words } from '../i18n/words.js';
import type { Container } from '../../../../src/model/snapshot.js';
import { firstAddress, type SnapshotIndex } from '../snapshot-index.js';
import type { PortLink } from './columns.js';
import {
  BOX_W,
  DETAIL_H,
  MAX_PUBLISHED,
  NAME_H,
  NAME_SIZE,
  PAD,
  PORT_H,
  PUBLISHED_H,
  fit,
  r,
  textWidth,
} from './metrics.js';

export { NAME_SIZE };
import type { ContainerLine, NamespaceBox, PortItem, PortSide } from './types.js';

const PORT_SIZE = 11;
const SMALL = 10;
/** The corner tag's size (drawing.css `.tag`). */
const TAG_SIZE = 9;

/** Room the box's corner tag takes beside the first name (drawn upper case at TAG_SIZE). */
const tagRoom = (tag: string | null) => (tag ? textWidth(tag.toUpperCase(), TAG_SIZE) + 8 : 0);

/** `tag`: what the box's top right corner says, which the first name keeps clear of. */
export function containerLines(
  containers: Container[],
  y0: number,
  width: number,
  tag: string | null = null,
): { lines: ContainerLine[]; y: number } {
  let y = y0;
  const lines: ContainerLine[] = containers.map((c, i) => {
    const owner = i === 0;
    const line: ContainerLine = {
      name: c.name,
      project: c.compose?.project ?? null,
      service: c.compose?.service ?? null,
      label: fit(owner ? c.name : `+ ${c.name}`, owner ? width - tagRoom(tag) : width, NAME_SIZE),
      // A Compose project leads the second line (its colour marks the box's edge too).
      detail: fit(
        owner
          ? c.compose
            ? `${c.compose.project} · ${c.image}`
            : c.image
          : words().drawing.sharesNetns(c.image),
        width,
        SMALL,
      ),
      state: c.state,
      y: y + NAME_H / 2 + 3,
      owner,
    };
    y += NAME_H + DETAIL_H;
    return line;
  });
  return { lines, y };
}

export interface BoxInput {
  ix: SnapshotIndex;
  id: string;
  kind: NamespaceBox['kind'];
  column: string;
  containers: Container[];
  links: PortLink[];
  /** Published-port lines by port id. */
  published: Map<string, string[]>;
  side: (link: PortLink) => PortSide;
}

export function buildBox(input: BoxInput): NamespaceBox {
  const inner = BOX_W - 2 * PAD - 8;
  const first = input.containers[0];
  const shared = words().drawing.sharedNetns;
  const tag =
    input.kind === 'stopped'
      ? (first?.state ?? 'stopped')
      : input.containers.length > 1 && textWidth(first?.name ?? '', NAME_SIZE) + tagRoom(shared) <= inner
        ? shared
        : null;
  const { lines, y: afterNames } = containerLines(input.containers, PAD, inner, tag);
  let y = afterNames + (input.links.length > 0 ? 4 : 0);
  const ports: PortItem[] = input.links.map((link) => {
    const i = link.iface;
    const side = input.side(link);
    const name = i?.name ?? link.id.split(':').pop() ?? '';
    const address = i ? firstAddress(i) : (endpointAddress(input, link.id) ?? '');
    const published = input.published.get(link.id) ?? [];
    const shown =
      published.length > MAX_PUBLISHED
        ? [
            ...published.slice(0, MAX_PUBLISHED - 1),
            words().drawing.more(published.length - MAX_PUBLISHED + 1),
          ]
        : published;
    const nameText = fit(name, 64, PORT_SIZE);
    const port: PortItem = {
      id: link.id,
      name: nameText,
      address: fit(address, inner - textWidth(nameText, PORT_SIZE) - 10, PORT_SIZE),
      kind: i?.kind ?? 'endpoint',
      state: i?.state ?? 'unknown',
      x: side === 'right' ? BOX_W : 0,
      y: y + PORT_H / 2,
      side,
      published: shown.map((p) => fit(p, inner, SMALL)),
      title: `${i?.id ?? link.id}${address ? ` ${address}` : ''}${i ? ` (${i.kind}, ifindex ${i.ifindex})` : words().drawing.noKernelView}`,
    };
    y += PORT_H + shown.length * PUBLISHED_H;
    return port;
  });
  const h = y + PAD;
  const names = input.containers.map((c) => c.name);
  return {
    id: input.id,
    kind: input.kind,
    column: input.column,
    x: 0,
    y: 0,
    w: BOX_W,
    h,
    containers: lines,
    ports,
    shared: input.containers.length > 1,
    tag,
    project: input.containers.find((c) => c.compose)?.compose?.project ?? null,
    title:
      input.kind === 'stopped'
        ? words().drawing.stoppedTitle(names.join(', '))
        : `${input.id}: ${names.join(', ') || words().drawing.noContainer}`,
  };
}

function endpointAddress(input: BoxInput, id: string): string | null {
  const [, container, network] = id.split(':');
  const c = container ? input.ix.container.get(container) : undefined;
  const e = c?.endpoints.find((x) => x.network === network);
  if (!e) return null;
  return e.ipv4 ? `${e.ipv4}${e.ipv4PrefixLen !== null ? `/${e.ipv4PrefixLen}` : ''}` : (e.ipv6 ?? null);
}

export function moveBox(box: NamespaceBox, dx: number, dy: number): NamespaceBox {
  return {
    ...box,
    x: r(box.x + dx),
    y: r(box.y + dy),
    containers: box.containers.map((c) => ({ ...c, y: r(c.y + dy) })),
    ports: box.ports.map((p) => ({ ...p, x: r(p.x + dx), y: r(p.y + dy) })),
  };
}
