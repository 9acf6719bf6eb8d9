// docker-proxy command lines by process, kept per section object. An update's `proxy` section says
// `= <pid>` for a process the last reading knew; its lines are that reading's very lines (the same
// array), and a process's parse is kept by its lines, so an update parses only the new processes.
// (Splitting and parsing the whole merged text again allocated ~9 MB per update at 500 ports.)
import type { Section } from './parse-sections.js';

/** One argument of a docker-proxy's command line as the script prints it: `/proc/<pid>/cmdline:<arg>`. */
export const PROXY_LINE = /^\/proc\/(\d{1,10})\/cmdline:(.*)$/;

const blocksBySection = new WeakMap<Section, Map<number, string[]>>();

function group(lines: Iterable<string>, into: Map<number, string[]>): void {
  for (const line of lines) {
    const pid = PROXY_LINE.exec(line)?.[1];
    if (!pid) continue;
    const list = into.get(Number(pid));
    if (list) list.push(line);
    else into.set(Number(pid), [line]);
  }
}

/** The section's lines by pid, in the order the pids first appear. */
export function proxyBlocks(section: Section): ReadonlyMap<number, readonly string[]> {
  let blocks = blocksBySection.get(section);
  if (!blocks) {
    blocks = new Map();
    group(section.stdout.split('\n'), blocks);
    blocksBySection.set(section, blocks);
  }
  return blocks;
}

/**
 * The update's section with each `= <pid>` line replaced by that pid's lines in `before`; null when
 * `before` lacks one (the capture then reads everything again).
 */
export function mergeKnownProxies(section: Section, before: Section | undefined): Section | null {
  const known = before ? proxyBlocks(before) : new Map<number, readonly string[]>();
  const blocks = new Map<number, string[]>();
  const fresh: string[] = [];
  for (const line of section.stdout.split('\n')) {
    const pid = /^= (\d{1,10})$/.exec(line)?.[1];
    if (pid === undefined) {
      fresh.push(line);
      continue;
    }
    const kept = known.get(Number(pid));
    if (!kept) return null;
    blocks.set(Number(pid), kept as string[]);
  }
  group(fresh, blocks);
  // The text too: the section is what a full reading would have printed (tests, and any later reader).
  const stdout = [...[...blocks.values()].flat(), ...fresh.filter((l) => !PROXY_LINE.test(l))].join('\n');
  const merged = { ...section, stdout };
  blocksBySection.set(merged, blocks);
  return merged;
}
