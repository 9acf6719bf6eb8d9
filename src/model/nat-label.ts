// How a MASQUERADE flow reads in a list or a title: its source and destination, the protocol and port
// of Docker's hairpin rules, and the matches Netlens does not model (a rule for marked packets only
// must not read as one that hides everything).
import type { MasqueradeFlow } from './snapshot.js';

const ANY = new Set(['0.0.0.0/0', '::/0']);

export function masqueradeLabel(m: MasqueradeFlow): string {
  const matches = m.matches ?? [];
  const source =
    ANY.has(m.source) && matches.length > 0 ? `only packets matching ${matches.join(', ')}` : m.source;
  const extra = !ANY.has(m.source) && matches.length > 0 ? ` if ${matches.join(', ')}` : '';
  const what = m.protocol ? ` ${m.protocol}${m.port ? `/${m.port}` : ''}` : '';
  const hairpin =
    m.destination && m.destination === m.source ? ' (hairpin: a container to its own published port)' : '';
  return `${source}${m.destination ? ` → ${m.destination}` : ''}${what}${extra}${hairpin}`;
}
