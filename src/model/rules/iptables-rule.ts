// One iptables rule read from its words (an `iptables-save` line, or a snapshot rule's text): its
// matches and where control goes. Runs in Node and the browser: the collector parses whole dumps with
// it, and the path views re-read a saved snapshot's rules without the raw facts.
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
        const simple = target && Object.hasOwn(SIMPLE, target) ? SIMPLE[target] : undefined;
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

export const RULE_RE = /^(?:\[(\d+):(\d+)\]\s+)?(?:-A|--append)\s+(\S+)(?:\s+(.*))?$/;

/** Parse one `-A CHAIN …` line (as stored in a snapshot rule's text). */
export function parseRuleLine(text: string): { chain: string; spec: RuleSpec; target: string | null } | null {
  const m = RULE_RE.exec(text.trim());
  if (!m?.[3]) return null;
  const tokens = tokenize(m[4] ?? '');
  if (!tokens) return null;
  return { chain: m[3], ...parseRuleTokens(tokens) };
}
