// Podman's NAT, recorded from real netavark and CNI rules (podman 4.3 in a throwaway network namespace,
// test/fixtures/firewall/record-podman.sh): DNAT by meaning through NETAVARK-/CNI- chains, MASQUERADE
// with the source its POSTROUTING jump gives, and the marked hairpin MASQUERADE.
import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import { toSnapshotFirewall } from '../../../src/topology/firewall.js';
import { extractNatRules } from '../../../src/topology/nat-rules.js';
import { loadOutputs, type Scenario } from '../collect/firewall-fixtures.js';

function natOf(scenario: Scenario) {
  const facts = parseFirewall(loadOutputs(scenario));
  return { facts, nat: extractNatRules(toSnapshotFirewall(facts), facts) };
}

describe('netavark (podman 4.3)', () => {
  const { facts, nat } = natOf('podman-netavark');

  it('keeps iptables-nft as the backend holding the engine rules, with no complaint', () => {
    expect(facts.backends).toEqual(['iptables-nft']);
    expect(facts.problems).toEqual([]);
  });

  it('finds every published port with its chain path', () => {
    expect(
      nat.dnat
        .map(
          (d) =>
            `${d.protocol} ${d.hostIp}:${d.hostPort} -> ${d.toAddress}:${d.toPort} ${d.chainPath.join(' > ')}`,
        )
        .sort(),
    ).toEqual([
      'tcp 0.0.0.0:18081 -> 10.89.77.3:80 nat PREROUTING > nat NETAVARK-HOSTPORT-DNAT > nat NETAVARK-DN-9656F2B4F78A4',
      'tcp 127.0.0.1:18082 -> 10.88.0.3:80 nat PREROUTING > nat NETAVARK-HOSTPORT-DNAT > nat NETAVARK-DN-1D8721804F16F',
      'udp 0.0.0.0:5353 -> 10.88.0.3:53 nat PREROUTING > nat NETAVARK-HOSTPORT-DNAT > nat NETAVARK-DN-1D8721804F16F',
    ]);
  });

  it('gives each network MASQUERADE the source of the POSTROUTING jump, and reads the mark of the hairpin one', () => {
    expect(nat.masquerade.map((m) => [m.source, m.destination, m.mark]).sort()).toEqual([
      ['0.0.0.0/0', null, '0x2000/0x2000'],
      ['10.88.0.0/16', '!224.0.0.0/4', null],
      ['10.89.77.0/24', '!224.0.0.0/4', null],
    ]);
  });
});

describe('CNI (podman 4.3 with --network-backend cni)', () => {
  const { facts, nat } = natOf('podman-cni');

  it('keeps the backend and finds the published port behind CNI-HOSTPORT-DNAT', () => {
    expect(facts.backends).toEqual(['iptables-nft']);
    expect(
      nat.dnat.map((d) => `${d.protocol} ${d.hostIp}:${d.hostPort} -> ${d.toAddress}:${d.toPort}`),
    ).toEqual(['tcp 0.0.0.0:18083 -> 10.89.78.2:80']);
    expect(nat.dnat[0]?.chainPath).toEqual([
      'nat PREROUTING',
      'nat CNI-HOSTPORT-DNAT',
      'nat CNI-DN-d31b802eabe8958620eb3',
    ]);
  });

  it("takes the container's address from the POSTROUTING jump as the MASQUERADE source", () => {
    expect(nat.masquerade.map((m) => [m.source, m.destination, m.mark]).sort()).toEqual([
      ['0.0.0.0/0', null, '0x2000/0x2000'],
      ['10.89.78.2/32', '!224.0.0.0/4', null],
    ]);
  });
});
