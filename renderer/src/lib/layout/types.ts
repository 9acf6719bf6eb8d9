// What the layout hands the drawing: every item with absolute coordinates (layout units = px at
// zoom 1). Plain data, so Node tests can check positions without a browser.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type PortSide = 'left' | 'right' | 'bottom';

/** An interface drawn as a port: a small square on a box edge with its name and address. */
export interface PortItem {
  /** Interface id, or `endpoint:<container>:<network>` when the kernel view is missing. */
  id: string;
  name: string;
  address: string;
  kind: string;
  state: string;
  /** Centre of the port square. */
  x: number;
  y: number;
  side: PortSide;
  /** Published-port lines shown under the port, e.g. `:80/tcp ← 0.0.0.0:8080`. */
  published: string[];
  /** Full label for tooltips (never truncated). */
  title: string;
}

export interface ContainerLine {
  name: string;
  /** Compose project and service, from the container's labels. */
  project: string | null;
  service: string | null;
  label: string;
  detail: string;
  state: string;
  y: number;
  owner: boolean;
}

export interface NamespaceBox extends Rect {
  /** Namespace id (`container:web`, `netns:…`), or `stopped:<name>` for a container without one. */
  id: string;
  kind: 'container' | 'netns' | 'stopped';
  column: string;
  containers: ContainerLine[];
  ports: PortItem[];
  /** More than one container shares this namespace (`--network container:X`). */
  shared: boolean;
  /**
   * The top right corner's word: a stopped box's state (the name is shortened for it), or "shared
   * netns" when it fits beside the whole first name (the stacked box and the `+` lines say it too).
   */
  tag: string | null;
  title: string;
  /** The Compose project of its containers (of the first, when they differ). */
  project: string | null;
}

export type BarKind = 'bridge' | 'macvlan' | 'ipvlan' | 'network' | 'direct' | 'none' | 'stopped';

/** The head of a column: a host bridge (or a network's parent, or a virtual group) inside the host region. */
export interface BarItem extends Rect {
  /** Host interface id when the bar is a real device, else `column:<key>`. */
  id: string;
  column: string;
  kind: BarKind;
  /** Whether it stands for a real host bridge (drawn with data-kind="bridge"). */
  device: boolean;
  network: string | null;
  label: string;
  sublabel: string;
  /** The Compose project that names this network (`shop_app` is `app` of `shop`). */
  project: string | null;
  title: string;
  /** Host-side veth ends hanging from the bar. */
  ports: PortItem[];
  collapsed: boolean;
  /** Boxes in the column (before collapsing). */
  count: number;
  /** Where a macvlan/ipvlan column's uplink meets its parent, when that is drawn. */
  uplink: string | null;
  uplinkStub: StubLabel | null;
}

export type CableKind = 'veth' | 'parent' | 'logical' | 'bundle' | 'pair';

export interface CableItem {
  id: string;
  kind: CableKind;
  /** Container-side (or namespace-side) interface id. */
  from: string;
  /** Host-side veth, macvlan parent, or bar id. */
  to: string;
  path: string;
  column: string;
  /** Where a rate label sits. */
  labelX: number;
  labelY: number;
  /** For bundles: how many cables it stands for. */
  count: number;
}

export interface BadgeItem extends Rect {
  line1: string;
  line2: string;
}

/** A line that stops short of its far end (it belongs to a lower band): where it ends, and what it says. */
export interface StubLabel {
  x: number;
  y: number;
  text: string;
}

export interface FlowItem {
  /** NatFlow id, or `flows:<column>` for the summary badge of a collapsed column. */
  id: string;
  kind: 'dnat' | 'masquerade' | 'group';
  path: string;
  badge: BadgeItem | null;
  /** Port (interface id) the flow ends at, or null when the rule points nowhere known. */
  to: string | null;
  container: string | null;
  column: string | null;
  title: string;
  /** Flows a group stands for. */
  members: string[];
  /** Set when the line ends in a stub instead of reaching its interface. */
  stub: StubLabel | null;
}

export interface NicItem extends Rect {
  id: string;
  name: string;
  address: string;
  kind: string;
  state: string;
  title: string;
  /** Port on the bottom edge (egress/uplink attachment). */
  portX: number;
  portY: number;
}

export interface HostModeBox extends Rect {
  containers: ContainerLine[];
}

export interface SummaryBox extends Rect {
  id: string;
  column: string;
  title: string;
  lines: string[];
  cells: { x: number; y: number; id: string; label: string }[];
  /** All cells as one SVG path (one element instead of hundreds). */
  cellsPath: string;
}

export interface ColumnInfo {
  key: string;
  label: string;
  x: number;
  w: number;
  collapsed: boolean;
  count: number;
  /** Index of the band (row of networks) it sits in. */
  band: number;
}

/** One row of networks: its bars' top edge and where its boxes start. */
export interface BandInfo {
  index: number;
  columns: string[];
  /** Top of the room its badges may use. */
  top: number;
  barTop: number;
  boxTop: number;
  bottom: number;
  w: number;
}

/**
 * What keeps a picture in place across live updates until the user asks to fit again: which band each
 * column sits in, in which order, the boxes' order per column and their sub-columns, the columns
 * collapsed automatically, and the smallest x of each column and top of each band (a band or column
 * moves only when it must).
 */
export interface LayoutPlan {
  bands: string[][];
  /** Boxes per sub-column of each column, and the most a sub-column of a new column holds. */
  rows: ReadonlyMap<string, number>;
  subs: ReadonlyMap<string, number>;
  most: number;
  order: ReadonlyMap<string, readonly string[]>;
  auto: ReadonlySet<string>;
  x: ReadonlyMap<string, number>;
  tops: readonly number[];
}

export interface HostRegion extends Rect {
  id: 'host';
  title: string;
  subtitle: string;
}

export interface Layout {
  bounds: Rect;
  host: HostRegion;
  /** The host namespace's part of each band after the first (behind its bars and badges). */
  strips: Rect[];
  bands: BandInfo[];
  /** The plan this layout followed (or made): hand it to the next computeLayout to keep places. */
  plan: LayoutPlan;
  nics: NicItem[];
  hostMode: HostModeBox | null;
  columns: ColumnInfo[];
  bars: BarItem[];
  boxes: NamespaceBox[];
  summaries: SummaryBox[];
  cables: CableItem[];
  flows: FlowItem[];
  /** Rectangle of every drawn item by id (boxes, ports, bars, flows, containers), for zoom-to and focus. */
  index: Map<string, Rect>;
  /** Column key of every namespace/container id that has a place (also inside collapsed columns). */
  placeOf: Map<string, string>;
}

export interface LayoutOptions {
  /** Column keys the user collapsed. */
  collapsed?: ReadonlySet<string>;
  /** Column keys the user expanded (overrides automatic collapsing). */
  expanded?: ReadonlySet<string>;
  /** Columns with more boxes than this are collapsed into a summary unless expanded. */
  collapseThreshold?: number;
  /** Namespace/box ids to leave out (filtering). */
  hidden?: ReadonlySet<string>;
  /** A fresh plan orders boxes by Compose project first, so a project's boxes sit together. */
  groupByProject?: boolean;
  /**
   * The view the picture is fitted in (px): a new plan wraps networks into bands to match its shape
   * and folds the biggest networks into summaries until names are legible in it.
   */
  view?: { w: number; h: number };
  /** Keep the places of a previous layout (its `plan`); without it a new plan is made. */
  plan?: LayoutPlan | null;
}
