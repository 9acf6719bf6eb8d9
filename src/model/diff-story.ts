// A comparison told as a person reads it: changes grouped under the container, network, namespace,
// host or firewall they belong to, each group with what happened to it ("stopped", "restarted with a
// new address"), and a one-line summary ("1 container stopped, 1 restarted with a new address").
// Shared by `netlens diff` (text and markdown) and the app's change list.
import { DELIVERY_COLLECTIONS, deliverySentences } from './diff-delivery.js';
import { containerSentences, fieldSentence, type LineKind, type Sentence } from './diff-sentences.js';
import type { Change, ChangeOwner, SnapshotDiff } from './diff-types.js';
import { cmp } from './order.js';
import { english, text, type Text } from './text/message.js';

export interface StoryLine extends Sentence {
  /** Index of the change in `diff.changes` (several lines may share one). */
  index: number;
  /** Field changes of a changed item, one sentence each. */
  details: Sentence[];
}

export interface StoryGroup {
  /** `<kind>:<name>`, unique within a story. */
  key: string;
  owner: ChangeOwner;
  /** What happened to it: `stopped`, `restarted with a new address`, `created`, `changed`… */
  verb: string;
  title: string;
  /** The title as a code (story.title) for the app to word. */
  titleText: Text;
  lines: StoryLine[];
}

export interface DiffStory {
  summary: string;
  /** The summary's parts as codes (story.count, story.none), joined with `, `. */
  summaryText: Text[];
  groups: StoryGroup[];
  /** How many changes in total (a changed item counts once). */
  total: number;
}

const KIND_ORDER: ChangeOwner['kind'][] = ['container', 'network', 'namespace', 'host', 'firewall'];

const field = (c: Change | undefined, path: string) => c?.fields.find((f) => f.path === path);
const isAddress = (path: string) => /^endpoints\..+\.ipv[46]$|^endpoints\[.+\]\.ipv[46]$/.test(path);

function containerVerb(changes: Change[]): string {
  const own = changes.find((c) => c.collection === 'container');
  if (own?.kind === 'removed') return 'removed';
  if (own?.kind === 'added') return 'added';
  const state = field(own, 'state');
  const running = (v: unknown) => v === 'running';
  if (state && running(state.before) && !running(state.after)) return 'stopped';
  if (state && !running(state.before) && running(state.after)) return 'started';
  const newAddress = own?.fields.some(
    (f) => isAddress(f.path) && f.before !== null && f.after !== null && f.before !== undefined,
  );
  if (field(own, 'id')) return newAddress ? 'recreated with a new address' : 'recreated';
  // A new host veth (its name is generated at each start) means the container was restarted.
  const restarted = changes.some(
    (c) =>
      c.collection === 'interface' && c.kind === 'changed' && field(c, 'name') && c.key.includes('veth→'),
  );
  if (restarted) return newAddress ? 'restarted with a new address' : 'restarted';
  if (newAddress) return 'has a new address';
  if (field(own, 'image')) return 'changed image';
  if (
    own?.fields.some(
      (f) => f.path.startsWith('endpoints') && (f.before === undefined || f.after === undefined),
    )
  )
    return 'reconnected';
  return 'changed';
}

const OWN: Partial<Record<ChangeOwner['kind'], Change['collection']>> = {
  container: 'container',
  network: 'network',
  namespace: 'namespace',
};

function verbOf(owner: ChangeOwner, changes: Change[], byRole: boolean): string {
  const own = changes.find((c) => c.collection === OWN[owner.kind]);
  // Two hosts: nothing started or stopped, things are on one side only or differ.
  if (byRole) return own?.kind === 'added' ? 'only in B' : own?.kind === 'removed' ? 'only in A' : 'differs';
  if (owner.kind === 'container') return containerVerb(changes);
  if (own?.kind === 'added') return owner.kind === 'network' ? 'created' : 'added';
  if (own?.kind === 'removed') return 'removed';
  return 'changed';
}

function linesOf(change: Change, index: number): StoryLine[] {
  if (change.kind === 'changed' && change.collection === 'container') {
    const name = change.label.replace(/^container /, '');
    return containerSentences(name, change.fields).map((s) => ({ ...s, index, details: [] }));
  }
  if (DELIVERY_COLLECTIONS.has(change.collection))
    return deliverySentences(change).map((s) => ({ ...s, index, details: [] }));
  const kind: LineKind = change.kind;
  const text = change.collection === 'natFlow' ? `NAT ${change.label}` : change.label;
  return [{ kind, text, index, details: change.fields.map((f) => fieldSentence(f)) }];
}

function phrase(kind: ChangeOwner['kind'], verbs: Map<string, number>): Text[] {
  const out: Text[] = [];
  for (const [verb, n] of verbs)
    out.push(text('story.count', { kind, n, verb, first: out.length === 0 ? 1 : 0 }));
  return out;
}

export function tellDiff(diff: SnapshotDiff): DiffStory {
  const byOwner = new Map<string, { owner: ChangeOwner; items: { change: Change; index: number }[] }>();
  diff.changes.forEach((change, index) => {
    const key = `${change.owner.kind}:${change.owner.name}`;
    const group = byOwner.get(key) ?? { owner: change.owner, items: [] };
    if (group.items.length === 0) byOwner.set(key, group);
    group.items.push({ change, index });
  });
  const groups: StoryGroup[] = [...byOwner]
    .sort(
      ([, x], [, y]) =>
        KIND_ORDER.indexOf(x.owner.kind) - KIND_ORDER.indexOf(y.owner.kind) ||
        cmp(x.owner.name, y.owner.name),
    )
    .map(([key, { owner, items }]) => {
      const verb = verbOf(
        owner,
        items.map((i) => i.change),
        diff.byRole !== undefined,
      );
      const titleText = text('story.title', { kind: owner.kind, name: owner.name, verb });
      return {
        key,
        owner,
        verb,
        title: english(titleText),
        titleText,
        lines: items.flatMap(({ change, index }) => linesOf(change, index)),
      };
    });
  const verbs = new Map<ChangeOwner['kind'], Map<string, number>>();
  for (const g of groups) {
    const perKind = verbs.get(g.owner.kind) ?? new Map<string, number>();
    verbs.set(g.owner.kind, perKind);
    perKind.set(g.verb, (perKind.get(g.verb) ?? 0) + 1);
  }
  const parts = KIND_ORDER.flatMap((kind) => {
    const perKind = verbs.get(kind);
    return perKind ? phrase(kind, perKind) : [];
  });
  const summaryText = parts.length === 0 ? [text('story.none', {})] : parts;
  return {
    summary: summaryText.map(english).join(', '),
    summaryText,
    groups,
    total: diff.changes.length,
  };
}
