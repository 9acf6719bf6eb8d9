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
  // The change list's sentences (diff-sentences.ts, diff-delivery.ts); values and names stay as data.
  'story.fieldAdded': (p: { subject: S; value: S }) => `${p.subject} added: ${p.value}`,
  'story.fieldRemoved': (p: { subject: S; value: S }) => `${p.subject} removed: ${p.value}`,
  /** Values as diff-sentences' valueText: `none`, `(none)` and `(empty)` are words, the rest data. */
  'story.fieldChanged': (p: { subject: S; before: S; after: S }) => `${p.subject}: ${p.before} → ${p.after}`,
  'story.connected': (p: { network: S; at: S }) => `connected to ${p.network}${p.at}`,
  'story.disconnected': (p: { network: S; at: S }) => `disconnected from ${p.network}${p.at}`,
  'story.addressesOn': (p: { addresses: S; network: S; gateway: S }) =>
    `${p.addresses} on ${p.network}${p.gateway ? `, gateway ${p.gateway}` : ''}`,
  'story.onNetwork': (p: { network: S; rest: S }) => `on ${p.network}: ${p.rest}`,
  'story.asksPublish': (p: { port: S; on: S }) => `asks to publish ${p.port} on ${p.on}`,
  'story.noLongerAsks': (p: { port: S; was: S }) => `no longer asks to publish ${p.port} (was ${p.was})`,
  'story.publishes': (p: { port: S; on: S }) => `publishes ${p.port} on ${p.on}`,
  'story.noLongerPublishes': (p: { port: S; was: S }) => `no longer publishes ${p.port} (was ${p.was})`,
  'story.sysctlNew': (p: { label: S }) => `${p.label} set apart from the default (new device)`,
  'story.sysctlGone': (p: { label: S }) => `${p.label} gone with its device`,
  'story.proxyStarted': (p: { label: S }) => `${p.label} started`,
  'story.proxyGone': (p: { label: S }) => `${p.label} gone`,
  'story.proxyForwards': (p: { label: S; after: S; before: S }) =>
    `${p.label} now forwards to ${p.after} (was ${p.before})`,
  'story.listening': (p: { socket: S }) => `listening on ${p.socket}`,
  'story.notListening': (p: { socket: S }) => `nothing listens on ${p.socket} any more`,
  /** `stackBefore`/`stackAfter`: `both` (IPv4 too), `v6` (IPv6 only) or `unknown`. */
  'story.takes': (p: { socket: S; stackBefore: S; stackAfter: S }) =>
    `${p.socket} takes ${dualStack(p.stackBefore)} → ${dualStack(p.stackAfter)}`,
  /** `before`/`after`: process lists, empty for none. */
  'story.heldBy': (p: { socket: S; before: S; after: S }) =>
    `${p.socket} held by ${p.before || 'nobody'} → ${p.after || 'nobody'}`,
};

function dualStack(v: S): S {
  return v === 'both' ? 'IPv4 too' : v === 'v6' ? 'IPv6 only' : 'unknown';
}
