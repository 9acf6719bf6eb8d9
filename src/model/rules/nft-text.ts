// Reads back the nft rule text that parse-nft renders (nft's own syntax for the statements Docker
// uses), so a snapshot's nftables rules can be evaluated without the JSON they came from. Anything
// else is kept as an unknown match, which makes a path through the rule uncertain, never wrong.
import { emptySpec, type RuleSpec, type VmapEntry } from './rule-spec.js';

interface Tok {
  v: string;
  quoted: boolean;
}

export function quoteNft(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  let depth = 0; // inside `{ … }` a comma separates elements; outside it joins values (ct state a,b)
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      let v = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        v += text[i] ?? '';
        i++;
      }
      i++;
      out.push({ v, quoted: true });
    } else if (ch === '{' || ch === '}' || (ch === ',' && depth > 0)) {
      if (ch === '{') depth++;
      if (ch === '}') depth = Math.max(0, depth - 1);
      out.push({ v: ch, quoted: false });
      i++;
    } else {
      let v = '';
      while (i < text.length && !/[\s{}"]/.test(text[i] ?? '') && !(text[i] === ',' && depth > 0))
        v += text[i++] ?? '';
      out.push({ v, quoted: false });
    }
  }
  return out;
}

const OPS = new Set(['!=', '==', '<', '>', '<=', '>=']);
const IFACE = new Set(['iifname', 'oifname', 'iif', 'oif']);
const VERDICTS = new Set(['accept', 'drop', 'reject', 'return', 'continue']);
// A Map: rule text is data, and `constructor` must not find Object's (found by the fuzz harness).
const NAT = new Map([
  ['dnat', 'DNAT'],
  ['snat', 'SNAT'],
  ['masquerade', 'MASQUERADE'],
  ['redirect', 'REDIRECT'],
]);

export function parseNftRuleText(text: string): RuleSpec {
  const spec = emptySpec();
  const a = spec.args;
  const t = tokens(text);
  let i = 0;
  const peek = (): string | undefined => t[i]?.v;
  const take = (): string => t[i++]?.v ?? '';
  const op = (): boolean => {
    const o = peek();
    if (o !== undefined && OPS.has(o) && !t[i]?.quoted) {
      i++;
      return o === '!=';
    }
    return false;
  };
  // A value: one word, or a `{ … }` set (returned as null: sets are not evaluated here).
  const value = (): string | null => {
    if (peek() === '{' && !t[i]?.quoted) {
      while (i < t.length && !(t[i]?.v === '}' && !t[i]?.quoted)) i++;
      i++;
      return null;
    }
    return take();
  };
  const iface = (key: string) => {
    if (peek() === 'vmap') {
      i++;
      const map = peek()?.startsWith('@') ? take() : null;
      const entries: VmapEntry[] = [];
      if (peek() === '{') {
        i++;
        while (i < t.length && peek() !== '}') {
          const k = take();
          if (peek() === ':') i++;
          const verdict = take();
          const chain = verdict === 'jump' || verdict === 'goto' ? take() : null;
          if (verdict === 'jump' || verdict === 'goto' || VERDICTS.has(verdict))
            entries.push({ key: k, kind: verdict as VmapEntry['kind'], chain });
          if (peek() === ',') i++;
        }
        i++;
      }
      const mapKey =
        key === 'iifname' || key === 'iif'
          ? 'iifname'
          : key === 'oifname' || key === 'oif'
            ? 'oifname'
            : 'other';
      spec.action = { kind: 'vmap', key: mapKey, map, entries };
      return;
    }
    const negated = op();
    const v = value();
    if (v === null) return spec.unknown.push(`${key} set`);
    if (key.startsWith('i')) [a.inInterface, a.inInterfaceNegated] = [v, negated];
    else [a.outInterface, a.outInterfaceNegated] = [v, negated];
  };
  while (i < t.length) {
    const word = take();
    if (IFACE.has(word)) {
      iface(word);
    } else if (word === 'meta') {
      const key = take();
      if (IFACE.has(key)) iface(key);
      else if (key === 'l4proto') [spec.protocolNegated, a.protocol] = [op(), value()];
      else {
        op();
        value();
        spec.unknown.push(`meta ${key}`);
      }
    } else if (word === 'ip' || word === 'ip6') {
      const field = take();
      const negated = op();
      const v = value();
      if ((field === 'saddr' || field === 'daddr') && v !== null) {
        if (field === 'saddr') [a.source, a.sourceNegated] = [v, negated];
        else [a.destination, a.destinationNegated] = [v, negated];
      } else if ((field === 'protocol' || field === 'nexthdr') && v !== null) {
        [a.protocol, spec.protocolNegated] = [v, negated];
      } else spec.unknown.push(`${word} ${field}`);
    } else if (['tcp', 'udp', 'sctp', 'udplite'].includes(word)) {
      a.protocol = word;
      const field = take();
      const negated = op();
      const v = value();
      if (field === 'dport' && v !== null) [a.dport, spec.dportNegated] = [v.replace('-', ':'), negated];
      else spec.unknown.push(`${word} ${field}`);
    } else if (word === 'ct') {
      let key = take();
      if (key === 'original' || key === 'reply') key = `${key} ${take()}`;
      const negated = op();
      const v = value();
      if (key === 'state' && v !== null) {
        spec.ctstate = v.toUpperCase().split(',').filter(Boolean);
        spec.ctstateNegated = negated;
      } else spec.unknown.push(`ct ${key}`);
    } else if (word === 'fib') {
      const flags: string[] = [];
      while (i < t.length && !['type', 'oif', 'oifname'].includes(peek() ?? '')) {
        const f = take();
        if (f !== '.') flags.push(f);
      }
      const result = take();
      const negated = op();
      const v = value();
      if (result === 'type' && v !== null && flags.length === 1 && flags[0] === 'daddr')
        [a.dstType, spec.dstTypeNegated] = [v.toUpperCase(), negated];
      else if (result === 'type' && v !== null && flags.length === 1 && flags[0] === 'saddr')
        [a.srcType, spec.srcTypeNegated] = [v.toUpperCase(), negated];
      else spec.unknown.push(`fib ${flags.join(' . ')} ${result}`);
    } else if (word === 'counter') {
      while (peek() === 'packets' || peek() === 'bytes') i += 2;
    } else if (VERDICTS.has(word)) {
      if (word !== 'continue') spec.action = { kind: word as 'accept' | 'drop' | 'reject' | 'return' };
      if (word === 'reject' && peek() === 'with') i = t.length; // `reject with …` ends a rule
    } else if (word === 'jump' || word === 'goto') {
      spec.action = { kind: word, chain: take() };
    } else if (NAT.has(word)) {
      spec.action = { kind: 'target', target: NAT.get(word) ?? word };
      if (peek() === 'ip' || peek() === 'ip6') i++;
      if (peek() === 'to') {
        i++;
        const to = take();
        if (word === 'dnat') a.toDestination = to;
        else if (word === 'snat') a.toSource = to;
      }
    } else if (word === 'log') {
      while (['prefix', 'level', 'group', 'snaplen', 'queue-threshold', 'flags'].includes(peek() ?? ''))
        i += 2;
    } else if (word === 'comment') {
      a.comment = take();
    } else if (word !== '') {
      spec.unknown.push(word);
    }
  }
  return spec;
}
