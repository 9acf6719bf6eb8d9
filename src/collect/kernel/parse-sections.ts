// Splits the output of the batched kernel script (kernel-script.ts) into validated sections. The
// framing is line based: `@@<nonce> begin <name> <args…>`, the command's stdout, then a newline the
// script adds and `@@<nonce> end <code>`. A body cannot fake a marker without knowing the nonce. A
// section cut short (timeout, dropped connection) is kept with `complete: false` and a null code.
import { MARKER } from './kernel-script.js';
import { unpinned } from '../unpinned.js';

export interface Section {
  name: string;
  args: string[];
  stdout: string;
  /** The command's stderr, matched to its section by the same begin marker on stderr. */
  stderr: string;
  /** Exit status; null when the section was cut short. */
  code: number | null;
  complete: boolean;
}

export interface ScriptOutput {
  /** How the script ran: `root`, `sudo` or `none` (from its start marker), null if it never started. */
  mode: string | null;
  version: string | null;
  sections: Section[];
  /** True when the script reached its last line. */
  complete: boolean;
  /** Present when the script was first tried under `sudo -n` and that failed. */
  sudoFailure: { code: number | null; stderr: string } | null;
  /** Framing problems (garbled or unexpected lines), for warnings; never fatal. */
  problems: string[];
}

const SECTION_NAMES = new Set([
  'hostname',
  'kernel',
  'os',
  'uid',
  'host-inode',
  'host-ip',
  'host-links',
  'host-part',
  'fw',
  'iptables-version',
  'netns-dir',
  'ns',
  'fdb',
  'ipvs',
  'mangle',
  'sysctl',
  'listen',
  'proxy',
]);
const ARG = /^[\x21-\x7e]{1,20000}$/;
const MAX_STDERR = 4000;

interface Marker {
  verb: string;
  args: string[];
}

function markerOf(line: string, prefix: string): Marker | null {
  if (!line.startsWith(prefix)) return null;
  const [verb = '', ...args] = line.slice(prefix.length).split(' ');
  return { verb, args };
}

/** Cut a stream at its last `start` marker: [what came before, the last run]. */
function lastRun(lines: string[], prefix: string): [string[], string[]] {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (markerOf(lines[i] ?? '', prefix)?.verb === 'start') return [lines.slice(0, i), lines.slice(i)];
  }
  return [lines, []];
}

function stderrBlocks(
  stderr: string,
  prefix: string,
): { preamble: string[]; blocks: { key: string; text: string }[] } {
  const [preamble, run] = lastRun(stderr.split('\n'), prefix);
  const blocks: { key: string; text: string }[] = [];
  let current: { key: string; lines: string[] } | null = null;
  const flush = () => {
    if (current)
      blocks.push({ key: current.key, text: current.lines.join('\n').trim().slice(0, MAX_STDERR) });
  };
  for (const line of run) {
    const marker = markerOf(line, prefix);
    if (marker?.verb === 'begin') {
      flush();
      current = { key: marker.args.join(' '), lines: [] };
    } else if (!marker && current) current.lines.push(line);
  }
  flush();
  return { preamble, blocks };
}

export function parseSections(stdout: string, stderr: string, nonce: string): ScriptOutput {
  const prefix = `${MARKER}${nonce} `;
  const problems: string[] = [];
  const [before, run] = lastRun(stdout.split('\n'), prefix);
  const out: ScriptOutput = {
    mode: null,
    version: null,
    sections: [],
    complete: false,
    sudoFailure: null,
    problems,
  };
  const err = stderrBlocks(stderr, prefix);

  for (const line of before) {
    const marker = markerOf(line, prefix);
    if (marker?.verb === 'sudo-failed') {
      const code = Number(marker.args[0]);
      const text = err.preamble
        .filter((l) => !l.startsWith(prefix))
        .join('\n')
        .trim();
      out.sudoFailure = { code: Number.isInteger(code) ? code : null, stderr: text.slice(0, MAX_STDERR) };
    } else if (marker?.verb === 'start')
      problems.push('an earlier run of the kernel script stopped part way');
  }

  let open: { name: string; args: string[]; lines: string[] } | null = null;
  const close = (code: number | null) => {
    if (!open) return;
    // Copies (see unpinned.ts): a live update keeps the sections it did not read again, so a section
    // must not keep the whole output it came in.
    const body = unpinned(open.lines.join('\n'));
    // The script adds one newline before `end`; a cut-short body has no such newline to drop.
    out.sections.push({
      name: unpinned(open.name),
      args: open.args.map(unpinned),
      stdout: body,
      stderr: '',
      code,
      complete: code !== null,
    });
    open = null;
  };

  // The text after the last newline is a line cut short: output, never a marker.
  const partial = run.length > 0 ? run.pop() : '';
  for (const line of run) {
    const marker = markerOf(line, prefix);
    if (!marker) {
      if (open) open.lines.push(line);
      else if (line.trim() !== '') problems.push(`unexpected text outside any section: ${line.slice(0, 80)}`);
      continue;
    }
    if (marker.verb === 'end' && open) {
      const code =
        marker.args.length === 1 && /^[0-9]{1,3}$/.test(marker.args[0] ?? '') ? Number(marker.args[0]) : null;
      if (code === null) problems.push(`section "${open.name}" has a malformed end marker`);
      close(code);
      continue;
    }
    if (open) {
      problems.push(`section "${open.name}" was cut short`);
      close(null);
    }
    if (marker.verb === 'start') {
      out.version = marker.args[0] ?? null;
      out.mode = marker.args[1] ?? null;
    } else if (marker.verb === 'done') out.complete = true;
    else if (marker.verb === 'begin') {
      const [name = '', ...args] = marker.args;
      if (!SECTION_NAMES.has(name) || !args.every((a) => ARG.test(a))) {
        problems.push(`ignored a malformed section header: ${line.slice(prefix.length, prefix.length + 80)}`);
        open = { name: '', args: [], lines: [] };
      } else open = { name, args, lines: [] };
    } else problems.push(`unexpected marker: ${marker.verb.slice(0, 40)}`);
  }
  if (open) {
    const last = open as { name: string; lines: string[] };
    if (partial) last.lines.push(partial);
    problems.push(`section "${last.name}" was cut short`);
    close(null);
  }
  out.sections = out.sections.filter((s) => s.name !== '');
  if (out.mode === null) problems.push('the kernel script printed nothing recognisable');
  else if (!out.complete) problems.push('the kernel script output ended early (timeout or lost connection?)');

  // Match stderr blocks to sections in order, checking that the headers agree.
  let next = 0;
  for (const section of out.sections) {
    const key = [section.name, ...section.args].join(' ');
    const index = err.blocks.findIndex((b, i) => i >= next && b.key === key);
    if (index < 0) continue;
    section.stderr = err.blocks[index]?.text ?? '';
    next = index + 1;
  }
  return out;
}

const NETNS_DIRS = ['/var/run/docker/netns/', '/var/run/netns/'];
/** A user's own namespace folders: rootless Podman's `/var/run/user/<uid>/netns/`, rootless Docker's `…/docker/netns/`. */
const USER_NETNS_DIR = /^\/var\/run\/user\/[0-9]{1,10}\/(docker\/)?netns\//;

/** Decode and validate a namespace path as the script prints it (`r:<path>` or `x:<hex>`). */
export function decodeNamespacePath(encoded: string): string | null {
  let path: string;
  if (encoded.startsWith('r:')) {
    path = encoded.slice(2);
  } else if (encoded.startsWith('x:')) {
    const hex = encoded.slice(2);
    if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/.test(hex)) return null;
    try {
      path = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(hex, 'hex'));
    } catch {
      return null;
    }
  } else return null;
  const dir = NETNS_DIRS.find((d) => path.startsWith(d)) ?? USER_NETNS_DIR.exec(path)?.[0];
  if (!dir || path.length > 4096) return null;
  const name = path.slice(dir.length);
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) return null;
  return path;
}

/** Exactly what `printf '%s'` printed, for sections whose output is one value. */
export function oneLine(section: Section | undefined): string | null {
  if (!section || section.code !== 0) return null;
  const value = section.stdout.trim();
  return value === '' ? null : value;
}
