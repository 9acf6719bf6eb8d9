// How a MASQUERADE flow reads in a list or a title: its source and destination, the protocol and port
// of Docker's hairpin rules, and the mark a rule requires (a rule for marked packets only must not
// read as one that hides everything from 0.0.0.0/0).
import type { MasqueradeFlow } from './snapshot.js';

const ANY = new Set(['0.0.0.0/0', '::/0']);

export function masqueradeLabel(m: MasqueradeFlow): string {
  const source = ANY.has(m.source) && m.mark ? `only packets marked ${m.mark}` : m.source;
  const marked = !ANY.has(m.source) && m.mark ? ` if marked ${m.mark}` : '';
  const what = m.protocol ? ` ${m.protocol}${m.port ? `/${m.port}` : ''}` : '';
  const hairpin =
    m.destination && m.destination === m.source ? ' (hairpin: a container to its own published port)' : '';
  return `${source}${m.destination ? ` → ${m.destination}` : ''}${what}${marked}${hairpin}`;
}
