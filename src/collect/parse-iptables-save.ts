// Parser for `iptables-save -c` / `ip6tables-save -c` (legacy or nft flavour). The text comes from a
// host, so nothing in it is trusted: a line we cannot read becomes a problem, never an exception.
import type { ChainFact, RuleFact, TableFact } from './facts.js';
import type { Family, FirewallBackend } from '../model/snapshot.js';
import { emptySpec, type RuleSpec } from './rule-spec.js';

/** Split a rule into words the way iptables-restore does: double (or single) quotes, `\` escapes. */
export function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i] ?? '';
      inToken = true;
    } else if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) return null;
  if (inToken) tokens.push(current);
  return tokens;
}

// Match modules whose options this model understands; any other `-m x` makes a rule's match uncertain.
const KNOWN_MODULES = new Set(['tcp', 'udp', 'sctp', 'addrtype', 'comment', 'conntrack', 'state']);
const SIMPLE: Record<string, 'accept' | 'drop' | 'reject' | 'return'> = {
  ACCEPT: 'accept',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
};

/** Read the words after `-A CHAIN`. Jumps to user chains come back as `target` until resolveJumps. */
export function parseRuleTokens(tokens: string[]): { spec: RuleSpec; target: string | null } {
  const spec = emptySpec();
  const a = spec.args;
  let target: string | null = null;
  let inTarget = false;
  let moduleKnown = true;
  let negate = false;
  let i = 0;
  const next = (): string | null => {
    const value = tokens[i + 1];
    if (value === undefined) return null;
    i++;
    return value;
  };
  for (; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    if (tok === '!') {
      negate = true;
      continue;
    }
    const neg = negate;
    negate = false;
    switch (tok) {
      case '-p':
      case '--protocol':
        a.protocol = next();
        spec.protocolNegated = neg;
        break;
      case '-s':
      case '--source':
      case '--src':
        a.source = next();
        a.sourceNegated = neg;
        break;
      case '-d':
      case '--destination':
      case '--dst':
        a.destination = next();
        a.destinationNegated = neg;
        break;
      case '-i':
      case '--in-interface':
        a.inInterface = next();
        a.inInterfaceNegated = neg;
        break;
      case '-o':
      case '--out-interface':
        a.outInterface = next();
        a.outInterfaceNegated = neg;
        break;
      case '-m':
      case '--match': {
        const module = next();
        moduleKnown = module !== null && KNOWN_MODULES.has(module);
        if (module && !moduleKnown) spec.unknown.push(module);
        break;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        target = next();
        inTarget = true;
        const simple = target ? SIMPLE[target] : undefined;
        if (target && (tok === '-g' || tok === '--goto')) spec.action = { kind: 'goto', chain: target };
        else if (simple) spec.action = { kind: simple };
        else if (target) spec.action = { kind: 'target', target };
        break;
      }
      case '-c':
      case '--set-counters':
        i += 2;
        break;
      case '--dport':
      case '--destination-port':
        a.dport = next();
        spec.dportNegated = neg;
        break;
      case '--dst-type':
        a.dstType = next();
        spec.dstTypeNegated = neg;
        break;
      case '--src-type':
        a.srcType = next();
        spec.srcTypeNegated = neg;
        break;
      case '--ctstate':
      case '--state':
        spec.ctstate = (next() ?? '').toUpperCase().split(',').filter(Boolean);
        spec.ctstateNegated = neg;
        break;
      case '--comment':
        a.comment = next();
        break;
      case '--to-destination':
        a.toDestination = next();
        break;
      case '--to-source':
        a.toSource = next();
        break;
      default: {
        // An option we do not model: skip its values; note it unless it belongs to the target or to
        // a match module already noted as unknown.
        while (i + 1 < tokens.length && !(tokens[i + 1] ?? '').startsWith('-') && tokens[i + 1] !== '!') i++;
        if (!inTarget && moduleKnown) spec.unknown.push(tok.startsWith('-') ? tok.replace(/^-+/, '') : tok);
      }
    }
  }
  return { spec, target };
}

/** Turn `target X` into a jump when X is a chain of the same table. */
export function resolveJumps(spec: RuleSpec, chains: ReadonlySet<string>): RuleSpec {
  const action = spec.action;
  if (action.kind === 'target' && chains.has(action.target))
    spec.action = { kind: 'jump', chain: action.target };
  return spec;
}

const RULE_RE = /^(?:\[(\d+):(\d+)\]\s+)?(?:-A|--append)\s+(\S+)(?:\s+(.*))?$/;
const CHAIN_RE = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/;
const MAX_PROBLEMS = 20;

/** Parse one `-A CHAIN …` line (as stored in a snapshot rule's text). */
export function parseRuleLine(text: string): { chain: string; spec: RuleSpec; target: string | null } | null {
  const m = RULE_RE.exec(text.trim());
  if (!m?.[3]) return null;
  const tokens = tokenize(m[4] ?? '');
  if (!tokens) return null;
  return { chain: m[3], ...parseRuleTokens(tokens) };
}

export function parseIptablesSave(
  text: string,
  backend: FirewallBackend,
  family: Family,
  problems: string[] = [],
): TableFact[] {
  const tables: TableFact[] = [];
  const tool = `${family === 'ipv6' ? 'ip6' : 'ip'}tables-${backend === 'iptables-legacy' ? 'legacy' : 'nft'}-save`;
  let found = 0;
  const problem = (lineNo: number, what: string) => {
    found++;
    if (found <= MAX_PROBLEMS) problems.push(`${tool} line ${lineNo}: ${what}`);
  };
  let table: TableFact | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === '') return;
    if (line.startsWith('#')) {
      if (/incompatible/i.test(line)) problems.push(`${tool}: ${line.replace(/^#\s*/, '')}`);
      return;
    }
    if (line.startsWith('*')) {
      if (table) problem(lineNo, `table ${table.name} has no COMMIT`);
      const name = line.slice(1).trim();
      if (!/^[\w-]+$/.test(name))
        return problem(lineNo, `bad table name ${JSON.stringify(name.slice(0, 40))}`);
      table = { backend, family, name, chains: [], rules: [] };
      tables.push(table);
      return;
    }
    if (line === 'COMMIT') {
      if (!table) problem(lineNo, 'COMMIT outside a table');
      table = null;
      return;
    }
    if (!table) return problem(lineNo, `outside a table: ${JSON.stringify(line.slice(0, 80))}`);
    const current: TableFact = table;
    if (line.startsWith(':')) {
      const m = CHAIN_RE.exec(line);
      if (!m?.[1] || !m[2]) return problem(lineNo, `bad chain line ${JSON.stringify(line.slice(0, 80))}`);
      const chain: ChainFact = {
        name: m[1],
        policy: m[2] === '-' ? null : m[2],
        counters: m[3] && m[4] ? { packets: Number(m[3]), bytes: Number(m[4]) } : null,
      };
      current.chains.push(chain);
      return;
    }
    const m = RULE_RE.exec(line);
    const tokens = m ? tokenize(m[4] ?? '') : null;
    if (!m?.[3] || !tokens) return problem(lineNo, `not a rule: ${JSON.stringify(line.slice(0, 80))}`);
    const chainName = m[3];
    if (!current.chains.some((c) => c.name === chainName)) {
      problem(lineNo, `rule for undeclared chain ${chainName}`);
      current.chains.push({ name: chainName, policy: null, counters: null });
    }
    const { spec, target } = parseRuleTokens(tokens);
    const rule: RuleFact = {
      chain: chainName,
      text: `-A ${chainName}${m[4] ? ` ${m[4].trim()}` : ''}`,
      target,
      args: spec.args,
      counters: m[1] && m[2] ? { packets: Number(m[1]), bytes: Number(m[2]) } : null,
    };
    current.rules.push(rule);
  });
  if (table) problems.push(`${tool}: table ${(table as TableFact).name} has no COMMIT (output cut short?)`);
  if (found > MAX_PROBLEMS) problems.push(`${tool}: ${found - MAX_PROBLEMS} more unreadable lines`);
  return tables;
}
