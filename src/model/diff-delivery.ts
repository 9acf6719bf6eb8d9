// Changes to what delivers traffic besides NAT rules (sysctls, docker-proxy processes, sockets on
// published ports) as sentences that start with the signal: "ip_forward 1 → 0", "docker-proxy for
// 127.0.0.1:5353/udp gone". Shared by `netlens diff` and the app's change list (browser-safe).
import { fieldSentence, valueText, type Sentence } from './diff-sentences.js';
import type { Change } from './diff-types.js';

export const DELIVERY_COLLECTIONS: ReadonlySet<Change['collection']> = new Set([
  'sysctl',
  'proxy',
  'listener',
]);

const field = (c: Change, path: string) => c.fields.find((f) => f.path === path);

function sysctlSentences(c: Change): Sentence[] {
  // Items of both sides are all, default and the devices either sets apart: one coming or going is a device.
  if (c.kind === 'added')
    return [{ kind: 'added', text: `${c.label} set apart from the default (new device)` }];
  if (c.kind === 'removed') return [{ kind: 'removed', text: `${c.label} gone with its device` }];
  return c.fields.map((f) =>
    f.path === 'value'
      ? { kind: 'changed', text: `${c.label} ${valueText(f.before)} → ${valueText(f.after)}` }
      : fieldSentence(f, `${c.label} ${f.path}`),
  );
}

function proxySentences(c: Change): Sentence[] {
  if (c.kind === 'added') return [{ kind: 'added', text: `${c.label} started` }];
  if (c.kind === 'removed') return [{ kind: 'removed', text: `${c.label} gone` }];
  const to = field(c, 'to');
  return c.fields.map((f) =>
    f === to
      ? {
          kind: 'changed',
          text: `${c.label} now forwards to ${valueText(f.after)} (was ${valueText(f.before)})`,
        }
      : fieldSentence(f, `${c.label} ${f.path}`),
  );
}

const dualStack = (v: unknown) => (v === true ? 'IPv4 too' : v === false ? 'IPv6 only' : 'unknown');

function listenerSentences(c: Change): Sentence[] {
  const socket = c.label.replace(/^socket /, '');
  if (c.kind === 'added') return [{ kind: 'added', text: `listening on ${socket}` }];
  if (c.kind === 'removed') return [{ kind: 'removed', text: `nothing listens on ${socket} any more` }];
  return c.fields.map((f): Sentence => {
    if (f.path === 'dualStack')
      return { kind: 'changed', text: `${socket} takes ${dualStack(f.before)} → ${dualStack(f.after)}` };
    if (f.path === 'processes')
      return {
        kind: 'changed',
        text: `${socket} held by ${valueText(f.before)} → ${valueText(f.after)}`.replaceAll(
          '(none)',
          'nobody',
        ),
      };
    return fieldSentence(f, `${socket} ${f.path}`);
  });
}

/** One change to a sysctl, docker-proxy or listener as sentences (one per field changed). */
export function deliverySentences(c: Change): Sentence[] {
  if (c.collection === 'sysctl') return sysctlSentences(c);
  if (c.collection === 'proxy') return proxySentences(c);
  return listenerSentences(c);
}
