// Names from a host, a file or a peer that are also Object.prototype's keys reach no prototype: each
// lookup table the parsers use answers only for its own keys (found while building the fuzz harness:
// `constructor` as an nft family crashed the capture, as a NAT word gave a function).
import { describe, expect, it } from 'vitest';
import { toWireError } from '../../../src/server/handler-wrap.js';
import { parseCountersOutput } from '../../../src/collect/counters/counters-parse.js';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { parseIptablesSave } from '../../../src/collect/firewall/parse-iptables-save.js';
import { parseLinks } from '../../../src/collect/kernel/parse-ip.js';
import { parseNftRuleset } from '../../../src/collect/firewall/parse-nft.js';
import { parseNftRuleText } from '../../../src/model/rules/nft-text.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { kindOf } from '../../../src/topology/interfaces.js';
import { extractNatRules } from '../../../src/topology/nat-rules.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const noFunctions = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'function') throw new Error('a function in the output');
    return v;
  });

describe.each(NAMES)('the name %s', (name) => {
  it('as an nft family, in the capture and in the counters poll', () => {
    const ruleset = JSON.stringify({
      nftables: [
        { table: { family: name, name: 't', handle: 1 } },
        { chain: { family: name, table: 't', name: 'c', handle: 2 } },
        {
          rule: {
            family: name,
            table: 't',
            chain: 'c',
            handle: 3,
            expr: [{ counter: { packets: 1, bytes: 2 } }],
          },
        },
      ],
    });
    expect(noFunctions(parseNftRuleset(ruleset, []))).toBe('[]');
    const counters = parseCountersOutput(`@@netlens fw nft\n${ruleset}\n@@netlens rc 0\n`);
    expect(counters.rules).toEqual([]);
  });

  it('as an iptables target and protocol, through to the NAT flows', () => {
    const save = `*nat\n:PREROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n-A PREROUTING -j DOCKER\n-A DOCKER -p ${name} -m ${name} --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n-A DOCKER -j ${name}\nCOMMIT\n`;
    noFunctions(parseIptablesSave(save, 'iptables-nft', 'ipv4', []));
    const facts = parseFirewall({ 'iptables-nft-save': { stdout: save, code: 0, missing: false } });
    const nat = extractNatRules(toSnapshotFirewall(facts), facts);
    noFunctions(nat);
    for (const d of nat.dnat) expect(['tcp', 'udp', 'sctp', undefined]).toContain(d.protocol);
  });

  it('as nft rule text, an address family and a device kind', () => {
    noFunctions(parseNftRuleText(`${name} to 10.0.0.1`));
    const links = parseLinks(
      JSON.stringify([
        {
          ifindex: 2,
          ifname: 'x',
          mtu: 1500,
          linkinfo: { info_kind: name },
          addr_info: [{ family: name, local: '1.2.3.4', prefixlen: 8 }],
        },
      ]),
    );
    expect(links[0]?.addresses).toEqual([]);
    expect(links[0] && kindOf(links[0])).toBe('other');
  });

  it('as an error code crossing the wire', () => {
    expect(toWireError(Object.assign(new Error('x'), { code: name })).code).toBe('internal');
  });
});
