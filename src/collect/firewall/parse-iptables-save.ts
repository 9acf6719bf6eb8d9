// Parser for `iptables-save -c` / `ip6tables-save -c` (legacy or nft flavour). The text comes from a
// host, so nothing in it is trusted: a line we cannot read becomes a problem, never an exception.
import type { ChainFact, RuleFact, TableFact } from '../facts.js';
import type { Family, FirewallBackend } from '../../model/snapshot.js';
import { parseRuleTokens, RULE_RE, tokenize } from '../../model/rules/iptables-rule.js';
import { unpinned } from '../unpinned.js';

const CHAIN_RE = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/;
const MAX_PROBLEMS = 20;

/**
 * `known`: the rules of the last parse of this command by line; a line seen then is that very fact
 * (facts are never changed in place), so a live update that re-reads a table of a thousand published
 * ports tokenises only the lines that changed. `seen` receives this parse's rules by line.
 */
export function parseIptablesSave(
  text: string,
  backend: FirewallBackend,
  family: Family,
  problems: string[] = [],
  known?: ReadonlyMap<string, RuleFact>,
  seen?: Map<string, RuleFact>,
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
    // A new fact is cut from a copy of its line: kept across updates, it must not keep this output.
    const rule = known?.get(line) ?? ruleOf(unpinned(line));
    if (!rule) return problem(lineNo, `not a rule: ${JSON.stringify(line.slice(0, 80))}`);
    seen?.set(line, rule);
    const chainName = rule.chain;
    if (!current.chains.some((c) => c.name === chainName)) {
      problem(lineNo, `rule for undeclared chain ${chainName}`);
      current.chains.push({ name: chainName, policy: null, counters: null });
    }
    current.rules.push(rule);
  });
  if (table) problems.push(`${tool}: table ${(table as TableFact).name} has no COMMIT (output cut short?)`);
  if (found > MAX_PROBLEMS) problems.push(`${tool}: ${found - MAX_PROBLEMS} more unreadable lines`);
  return tables;
}

function ruleOf(line: string): RuleFact | null {
  const m = RULE_RE.exec(line);
  const tokens = m ? tokenize(m[4] ?? '') : null;
  if (!m?.[3] || !tokens) return null;
  const chain = m[3];
  const { spec, target } = parseRuleTokens(tokens);
  return {
    chain,
    text: `-A ${chain}${m[4] ? ` ${m[4].trim()}` : ''}`,
    target,
    args: spec.args,
    counters: m[1] && m[2] ? { packets: Number(m[1]), bytes: Number(m[2]) } : null,
  };
}
