// Changes to what delivers traffic besides NAT rules (sysctls, docker-proxy processes, sockets on
// published ports) as sentences that start with the signal: "ip_forward 1 → 0", "docker-proxy for
// 127.0.0.1:5353/udp gone". Shared by `netlens diff` and the app's change list (browser-safe).
import { fieldSentence, said, valueText, type Sentence } from './diff-sentences.js';
import type { Change } from './diff-types.js';

export const DELIVERY_COLLECTIONS: ReadonlySet<Change['collection']> = new Set([
  'sysctl',
  'proxy',
  'listener',
]);

const field = (c: Change, path: string) => c.fields.find((f) => f.path === path);

function sysctlSentences(c: Change): Sentence[] {
  // Items of both sides are all, default and the devices either sets apart: one coming or going is a device.
  if (c.kind === 'added') return [said('added', 'story.sysctlNew', { label: c.label })];
  if (c.kind === 'removed') return [said('removed', 'story.sysctlGone', { label: c.label })];
  return c.fields.map((f) =>
    f.path === 'value'
      ? { kind: 'changed', text: `${c.label} ${valueText(f.before)} → ${valueText(f.after)}` }
      : fieldSentence(f, `${c.label} ${f.path}`),
  );
}

function proxySentences(c: Change): Sentence[] {
  if (c.kind === 'added') return [said('added', 'story.proxyStarted', { label: c.label })];
  if (c.kind === 'removed') return [said('removed', 'story.proxyGone', { label: c.label })];
  const to = field(c, 'to');
  return c.fields.map((f) =>
    f === to
      ? said('changed', 'story.proxyForwards', {
          label: c.label,
          after: valueText(f.after),
          before: valueText(f.before),
        })
      : fieldSentence(f, `${c.label} ${f.path}`),
  );
}

const dualStack = (v: unknown) => (v === true ? 'both' : v === false ? 'v6' : 'unknown');
const holders = (v: unknown) => (Array.isArray(v) && v.length === 0 ? '' : valueText(v));

function listenerSentences(c: Change): Sentence[] {
  const socket = c.label.replace(/^socket /, '');
  if (c.kind === 'added') return [said('added', 'story.listening', { socket })];
  if (c.kind === 'removed') return [said('removed', 'story.notListening', { socket })];
  return c.fields.map((f): Sentence => {
    if (f.path === 'dualStack')
      return said('changed', 'story.takes', {
        socket,
        stackBefore: dualStack(f.before),
        stackAfter: dualStack(f.after),
      });
    if (f.path === 'processes')
      return said('changed', 'story.heldBy', {
        socket,
        before: holders(f.before),
        after: holders(f.after),
      });
    return fieldSentence(f, `${socket} ${f.path}`);
  });
}

/** One change to a sysctl, docker-proxy or listener as sentences (one per field changed). */
export function deliverySentences(c: Change): Sentence[] {
  if (c.collection === 'sysctl') return sysctlSentences(c);
  if (c.collection === 'proxy') return proxySentences(c);
  return listenerSentences(c);
}
