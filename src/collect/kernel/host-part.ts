// The host namespace read in part (an update): the last reading, minus the devices that are gone, with
// what the script read again put in its place: every bridge (links only: their routes change only
// when a network comes or goes, and a new bridge is a new device), and the new devices and the host
// ends of the containers an event named (links and routes). Unchanged links and routes stay the very
// objects of the last reading, so what is built from them can be reused. Pure.
import type { NamespaceFacts } from '../facts.js';
import { parseLinks, parseRoutes, splitJsonValues } from './parse-ip.js';
import type { Section } from './parse-sections.js';

/** Names listed in a `host-links` section (one a line), or null when the section is unusable. */
export function listedNames(section: Section | undefined): Set<string> | null {
  if (!section?.complete || section.code !== 0) return null;
  return new Set(
    section.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
}

/**
 * `previous` updated with a `host-part` section: first the bridges' addr list, then three JSON values
 * per device named in its args (addr, IPv4 routes, IPv6 routes). Null when the section does not line
 * up with its names (then the caller reads the host whole).
 */
export function mergeHostPart(
  previous: NamespaceFacts,
  part: Section,
  listed: ReadonlySet<string>,
  problems: string[],
): NamespaceFacts | null {
  const names = part.args;
  const [bridgesJson = '[]', ...values] = splitJsonValues(part.stdout);
  if (!part.complete || part.code !== 0 || values.length !== names.length * 3) return null;
  const fresh = new Set(names);
  const parseProblems: string[] = [];
  const bridges = parseLinks(bridgesJson, parseProblems).filter((l) => !fresh.has(l.name));
  const bridgeNames = new Set(bridges.map((l) => l.name));
  const links = previous.links.filter(
    (l) => listed.has(l.name) && !fresh.has(l.name) && !bridgeNames.has(l.name),
  );
  links.push(...bridges);
  const routes = previous.routes.filter((r) => r.dev === null || (listed.has(r.dev) && !fresh.has(r.dev)));
  names.forEach((name, i) => {
    const [addr = '[]', v4 = '[]', v6 = '[]'] = values.slice(i * 3, i * 3 + 3);
    links.push(...parseLinks(addr, parseProblems).filter((l) => l.name === name));
    // `ip route show dev X` leaves the device out of what it prints: it is X.
    for (const r of [...parseRoutes(v4, 'ipv4', parseProblems), ...parseRoutes(v6, 'ipv6', parseProblems)])
      routes.push(r.dev === null ? { ...r, dev: name } : r);
  });
  for (const p of parseProblems) problems.push(`host namespace: ${p}`);
  return { ...previous, links, routes, error: null };
}
