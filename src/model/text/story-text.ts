// The change story's words in English (src/model/diff-story.ts): what happened to a container,
// network, namespace, host or firewall, the group titles and the one-line summary.
type S = string;

export const STORY_TEXT = {
  'story.none': (_: object) => 'No differences.',
  'story.title': (p: { kind: S; name: S; verb: S }) =>
    `${p.kind === 'firewall' ? 'firewall' : `${p.kind} ${p.name}`} — ${p.verb}`,
  /** One part of the summary: `2 containers stopped`, `host changed`. */
  'story.count': (p: { kind: S; n: number; verb: S; first: number }) =>
    p.kind === 'host' || p.kind === 'firewall'
      ? `${p.kind} ${p.verb}`
      : `${p.n} ${p.first ? `${p.n === 1 ? p.kind : `${p.kind}s`} ` : ''}${p.verb}`,
};
