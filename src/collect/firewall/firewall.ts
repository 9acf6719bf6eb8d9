// Turns the raw outputs of the firewall commands into FirewallFacts: parse what is there, tell which
// backend holds Docker's rules (a host may have legacy and nft tables side by side) and keep those.
// A missing tool or a refused command is a problem to report, never a failed capture.
import type {
  CommandOutput,
  FirewallCommand,
  FirewallFacts,
  FirewallOutputs,
  RuleFact,
  TableFact,
} from '../facts.js';
import type { Family, FirewallBackend } from '../../model/snapshot.js';
import { parseIptablesSave } from './parse-iptables-save.js';
import { parseNftRuleset } from './parse-nft.js';

const IPTABLES: { cmd: FirewallCommand; backend: FirewallBackend; family: Family }[] = [
  { cmd: 'iptables-legacy-save', backend: 'iptables-legacy', family: 'ipv4' },
  { cmd: 'ip6tables-legacy-save', backend: 'iptables-legacy', family: 'ipv6' },
  { cmd: 'iptables-nft-save', backend: 'iptables-nft', family: 'ipv4' },
  { cmd: 'ip6tables-nft-save', backend: 'iptables-nft', family: 'ipv6' },
];
const BACKENDS: FirewallBackend[] = ['iptables-legacy', 'iptables-nft', 'nftables'];
const DENIED = /permission denied|operation not permitted|must be root/i;

/** Whether this output is worth parsing; reports why not (or why it is partial) in problems. */
function usable(
  cmd: FirewallCommand,
  out: CommandOutput,
  looksValid: (s: string) => boolean,
  missing: string[],
  problems: string[],
  unprivileged: boolean,
): boolean {
  if (out.missing || out.code === 127) {
    missing.push(cmd === 'nft-ruleset' ? 'nft' : cmd);
    return false;
  }
  if (out.code === 0 || out.code === null) return true;
  // Without root or sudo every command is refused: the kernel's one privilege warning says so.
  if (unprivileged) return looksValid(out.stdout);
  // The first line that is not part of a ruleset is the tool's complaint (when stderr was merged).
  const first =
    out.stdout.split('\n').find((l) => l.trim() !== '' && !/^(#|\*|:|\[|-A |COMMIT|\{)/.test(l)) ?? '';
  const why = DENIED.test(out.stdout)
    ? ' (permission denied: it needs root or sudo -n)'
    : first
      ? `: ${first.slice(0, 160)}`
      : ' and printed nothing (reading the firewall needs root or sudo -n)';
  problems.push(
    `${cmd === 'nft-ruleset' ? 'nft -j list ruleset' : cmd} exited with status ${out.code}${why}`,
  );
  return looksValid(out.stdout);
}

/**
 * The chains a container engine programs port forwarding with: Docker's `DOCKER`, Podman's netavark
 * (`NETAVARK-HOSTPORT-DNAT`, `NETAVARK-DN-<id>`, `NETAVARK-<id>`) and CNI plugins (`CNI-HOSTPORT-DNAT`, `CNI-DN-…`).
 */
export function isEngineChain(name: string): boolean {
  return name === 'DOCKER' || /^(NETAVARK|CNI)[-_]/.test(name);
}

function holdsDocker(backend: FirewallBackend, tables: TableFact[]): boolean {
  if (backend === 'nftables') return tables.some((t) => t.name === 'docker-bridges' || t.name === 'netavark');
  return tables.some(
    (t) => (t.name === 'nat' || t.name === 'filter') && t.chains.some((c) => isEngineChain(c.name)),
  );
}

/** One command's output as parsed, kept so that the same text is not parsed again. */
export interface ParsedOutput {
  stdout: string;
  /** What else the parse depended on (the tables nft must skip). */
  context: string;
  tables: TableFact[];
  problems: string[];
  /** iptables-save's rules by line (see parseIptablesSave). */
  rules?: Map<string, RuleFact>;
}

/** The parse of `stdout` from `memo` when it is the same text, else parsed now and kept there. */
function memoized(
  memo: Map<FirewallCommand, ParsedOutput>,
  cmd: FirewallCommand,
  stdout: string,
  context: string,
  parse: (
    problems: string[],
    known: ReadonlyMap<string, RuleFact> | undefined,
    seen: Map<string, RuleFact>,
  ) => TableFact[],
): ParsedOutput {
  const hit = memo.get(cmd);
  if (hit && hit.stdout === stdout && hit.context === context) return hit;
  const problems: string[] = [];
  const rules = new Map<string, RuleFact>();
  const parsed = { stdout, context, tables: parse(problems, hit?.rules, rules), problems, rules };
  memo.set(cmd, parsed);
  return parsed;
}

/**
 * `unprivileged`: read without root or sudo, so refusals are expected (and warned about once).
 * `memo`: the parses of an earlier reading, updated in place (a live update re-reads the tables that
 * hold Docker's rules and reuses the others' text: ~0.3 MB of nft JSON at a thousand published ports).
 */
export function parseFirewall(
  outputs: FirewallOutputs,
  unprivileged = false,
  memo = new Map<FirewallCommand, ParsedOutput>(),
): FirewallFacts {
  const problems: string[] = [];
  const missing: string[] = [];
  const byBackend = new Map<FirewallBackend, TableFact[]>(BACKENDS.map((b) => [b, []]));
  let read = 0;

  for (const { cmd, backend, family } of IPTABLES) {
    const out = outputs[cmd];
    if (!out || !usable(cmd, out, (s) => /^\*\w/m.test(s), missing, problems, unprivileged)) continue;
    read++;
    const parsed = memoized(memo, cmd, out.stdout, '', (found, known, seen) =>
      parseIptablesSave(out.stdout, backend, family, found, known, seen),
    );
    problems.push(...parsed.problems);
    byBackend.get(backend)?.push(...parsed.tables);
  }

  const nft = outputs['nft-ruleset'];
  const nftValid = (s: string) => s.trimStart().startsWith('{');
  if (nft && usable('nft-ruleset', nft, nftValid, missing, problems, unprivileged)) {
    // Tables iptables-nft-save already showed are iptables-nft's, whatever nft -j makes of them.
    read++;
    const skip = new Set(
      (byBackend.get('iptables-nft') ?? []).map((t) => `${t.family === 'ipv6' ? 'ip6' : 'ip'} ${t.name}`),
    );
    const parsed = memoized(memo, 'nft-ruleset', nft.stdout, [...skip].sort().join(','), (found) =>
      parseNftRuleset(nft.stdout, found, skip),
    );
    problems.push(...parsed.problems);
    byBackend.get('nftables')?.push(...parsed.tables);
  }

  if (missing.length > 0) problems.push(`not installed on the host: ${missing.join(', ')}`);
  const backends = BACKENDS.filter((b) => holdsDocker(b, byBackend.get(b) ?? []));
  const kept =
    backends.length > 0
      ? backends
      : BACKENDS.filter((b) => (byBackend.get(b) ?? []).some((t) => t.rules.length > 0));
  if (backends.length === 0 && read > 0)
    problems.push(
      'no firewall backend holds container engine rules (no DOCKER, NETAVARK-* or CNI-* chain, no docker-bridges table)',
    );
  const tables = kept.flatMap((b) => byBackend.get(b) ?? []);
  return { backends, tables, problems };
}

const COMMANDS_OF: Record<FirewallBackend, FirewallCommand[]> = {
  'iptables-nft': ['iptables-nft-save', 'ip6tables-nft-save'],
  'iptables-legacy': ['iptables-legacy-save', 'ip6tables-legacy-save'],
  nftables: ['nft-ruleset'],
};

/** The commands that print the tables of these backends. */
export function firewallCommandsFor(backends: readonly FirewallBackend[]): FirewallCommand[] {
  return backends.flatMap((b) => COMMANDS_OF[b]);
}
