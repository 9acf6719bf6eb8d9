// A live update re-reads the table that holds Docker's rules whole; what did not change must come
// back as the very objects of the last reading (parse → snapshot rule), so the session's diff stops at
// `===`, and must equal what a reading from scratch gives.
import { describe, expect, it } from 'vitest';
import { parseFirewall, type ParsedOutput } from '../../../src/collect/firewall/firewall.js';
import type { FirewallCommand, FirewallOutputs } from '../../../src/collect/facts.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { extractNatRules } from '../../../src/topology/nat-rules.js';
import { joinDnat } from '../../../src/topology/nat-flows.js';
import { buildSnapshot } from '../../support/snapshot-factory/index.js';
import { loadOutputs } from '../collect/firewall-fixtures.js';

const base = loadOutputs('docker20');
const text = base['iptables-nft-save']?.stdout ?? '';
const stop9001 =
  '[0:0] -A DOCKER ! -i docker0 -p tcp -m tcp --dport 9001 -j DNAT --to-destination 172.17.0.2:9001\n';
const with7000 = (t: string) =>
  t.replace(
    stop9001,
    `${stop9001}[0:0] -A DOCKER ! -i docker0 -p tcp -m tcp --dport 7000 -j DNAT --to-destination 172.17.0.3:7000\n`,
  );
const outputs = (nftSave: string): FirewallOutputs => ({
  ...base,
  'iptables-nft-save': { stdout: nftSave, code: 0, missing: false },
});
const dnat = (port: number) => (r: { text: string }) => r.text.includes(`--dport ${String(port)} -j DNAT`);

describe('a live update re-reading a changed table', () => {
  it('keeps the facts and rules of unchanged lines, makes new ones for new lines, and equals a fresh reading', () => {
    expect(text).toContain(stop9001);
    const memo = new Map<FirewallCommand, ParsedOutput>();
    const first = parseFirewall(outputs(text), false, memo);
    const second = parseFirewall(outputs(with7000(text)), false, memo);
    const nat = (f: typeof first) => f.tables.find((t) => t.name === 'nat' && t.backend === 'iptables-nft');
    const [a, b] = [nat(first), nat(second)];
    expect(b?.rules.find(dnat(9001))).toBe(a?.rules.find(dnat(9001)));
    expect(b?.rules.find(dnat(7000))).toBeDefined();
    expect(second).toEqual(parseFirewall(outputs(with7000(text))));

    const before = toSnapshotFirewall(first);
    const after = toSnapshotFirewall(second);
    expect(after).toEqual(toSnapshotFirewall(parseFirewall(outputs(with7000(text)))));
    // The NAT rules made of kept facts equal a fresh reading's (ids and positions moved with the new rule).
    extractNatRules(before, first);
    const fresh = parseFirewall(outputs(with7000(text)));
    expect(extractNatRules(after, second)).toEqual(extractNatRules(toSnapshotFirewall(fresh), fresh));
    // Kept per fact: the same candidates again, and the same flows while they land on the same place.
    const rules = extractNatRules(after, second);
    const again = extractNatRules(after, second);
    expect(again.dnat.every((d, i) => d === rules.dnat[i])).toBe(true);
    const flows = joinDnat(rules.dnat, []);
    expect(joinDnat(again.dnat, []).every((f, i) => f === flows[i])).toBe(true);
    // The factory gives the first container on `bridge` 172.17.0.2, where the fixture's port 9001 goes.
    const web = buildSnapshot({ containers: [{ name: 'web' }] }).containers;
    const landed = joinDnat(again.dnat, web);
    const to9001 = (l: typeof flows) => l.find((f) => f.hostPort === 9001);
    expect(to9001(landed)?.container).toBe('web');
    expect(to9001(landed)).not.toBe(to9001(flows));
    const rule = (f: typeof before, port: number) => f.rules.find(dnat(port));
    // Before the new rule: the same object. After it (its position moved): a new one.
    expect(rule(after, 9001)).toBe(rule(before, 9001));
    expect(rule(after, 9000)).not.toBe(rule(before, 9000));
    expect(rule(after, 9000)?.position).toBe((rule(before, 9000)?.position ?? 0) + 1);
  });

  it('still reports a rule whose chain is not declared, when its line was read before', () => {
    const memo = new Map<FirewallCommand, ParsedOutput>();
    parseFirewall(outputs(text), false, memo);
    const undeclared = text.replace(/^:DOCKER - .*\n/m, '');
    expect(undeclared).not.toBe(text);
    const again = parseFirewall(outputs(undeclared), false, memo);
    expect(again.problems.join('\n')).toMatch(/rule for undeclared chain DOCKER/);
  });
});
