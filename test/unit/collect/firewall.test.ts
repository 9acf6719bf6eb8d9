import { describe, expect, it } from 'vitest';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import type { FirewallOutputs } from '../../../src/collect/facts.js';
import { loadOutputs } from './firewall-fixtures.js';

const summary = (outputs: FirewallOutputs) => {
  const facts = parseFirewall(outputs);
  return {
    backends: facts.backends,
    tables: facts.tables.map((t) => `${t.backend} ${t.family} ${t.name}`),
    problems: facts.problems,
  };
};

describe('parseFirewall: which backend holds Docker rules', () => {
  it('Engine 20.10 on iptables-nft (real host): nft tables kept, xt tables in nft -j ignored', () => {
    expect(summary(loadOutputs('docker20'))).toEqual({
      backends: ['iptables-nft'],
      tables: ['iptables-nft ipv4 filter', 'iptables-nft ipv4 nat'],
      problems: [],
    });
  });

  it('iptables-legacy: legacy tables kept, both families', () => {
    expect(summary(loadOutputs('legacy'))).toEqual({
      backends: ['iptables-legacy'],
      tables: [
        'iptables-legacy ipv4 nat',
        'iptables-legacy ipv4 filter',
        'iptables-legacy ipv6 nat',
        'iptables-legacy ipv6 filter',
      ],
      problems: [],
    });
  });

  it('Engine 28/29 layouts on iptables-nft, raw tables included', () => {
    for (const scenario of ['docker28', 'docker29'] as const) {
      const s = summary(loadOutputs(scenario));
      expect(s.backends).toEqual(['iptables-nft']);
      expect(s.tables).toContain('iptables-nft ipv4 raw');
      expect(s.tables).toContain('iptables-nft ipv6 nat');
      expect(s.problems).toEqual([]);
    }
  });

  it('native nftables: docker-bridges wins over a non-Docker iptables-nft ruleset', () => {
    const s = summary(loadOutputs('nftables'));
    expect(s.backends).toEqual(['nftables']);
    expect(s.tables).toEqual([
      'nftables ipv4 docker-bridges',
      'nftables ipv6 docker-bridges',
      'nftables ipv4 inet:filter',
      'nftables ipv6 inet:filter',
    ]);
  });

  it('both iptables flavours holding Docker rules (a host that switched) keeps both', () => {
    const legacy = loadOutputs('legacy');
    const nft = loadOutputs('docker20');
    const s = summary({ ...nft, 'iptables-legacy-save': legacy['iptables-legacy-save'] });
    expect(s.backends).toEqual(['iptables-legacy', 'iptables-nft']);
    expect(s.tables).toContain('iptables-legacy ipv4 nat');
    expect(s.tables).toContain('iptables-nft ipv4 nat');
  });

  it('no Docker rules anywhere: keeps the non-empty backend, backends empty, says so', () => {
    const nftables = loadOutputs('nftables');
    const s = summary({
      'iptables-nft-save': nftables['iptables-nft-save'],
      'iptables-legacy-save': { stdout: '', code: 0, missing: false },
    });
    expect(s.backends).toEqual([]);
    expect(s.tables).toEqual(['iptables-nft ipv4 filter']);
    expect(s.problems).toEqual([
      'no firewall backend holds container engine rules (no DOCKER, NETAVARK-* or CNI-* chain, no docker-bridges table)',
    ]);
  });

  it('empty outputs: nothing, and no complaint when nothing was asked', () => {
    const empty = { stdout: '', code: 0, missing: false };
    expect(summary({})).toEqual({ backends: [], tables: [], problems: [] });
    const s = summary({ 'iptables-legacy-save': empty, 'iptables-nft-save': empty, 'nft-ruleset': empty });
    expect(s.backends).toEqual([]);
    expect(s.tables).toEqual([]);
  });
});

describe('parseFirewall: commands that failed', () => {
  it('permission denied (real output of a non-root run) becomes problems, not a failure', () => {
    expect(summary(loadOutputs('denied'))).toEqual({
      backends: [],
      tables: [],
      problems: [
        'iptables-legacy-save exited with status 1 and printed nothing (reading the firewall needs root or sudo -n)',
        'ip6tables-legacy-save exited with status 1 and printed nothing (reading the firewall needs root or sudo -n)',
        'iptables-nft-save exited with status 4 and printed nothing (reading the firewall needs root or sudo -n)',
        'ip6tables-nft-save exited with status 4 and printed nothing (reading the firewall needs root or sudo -n)',
        'nft -j list ruleset exited with status 1 and printed nothing (reading the firewall needs root or sudo -n)',
      ],
    });
  });

  it('names permission denied when stderr was merged into stdout, and does not parse the message', () => {
    const s = summary(loadOutputs('denied', { mergeStderr: true }));
    expect(s.tables).toEqual([]);
    expect(s.problems).toHaveLength(5);
    for (const p of s.problems)
      expect(p).toMatch(/exited with status \d \(permission denied: it needs root or sudo -n\)$/);
  });

  it('missing tools are listed once; a failing command that still printed tables is parsed', () => {
    const docker20 = loadOutputs('docker20');
    const nftSave = docker20['iptables-nft-save'];
    const s = summary({
      'iptables-legacy-save': { stdout: '', code: 127, missing: true },
      'ip6tables-legacy-save': { stdout: '', code: null, missing: true },
      'nft-ruleset': { stdout: '', code: 127, missing: false },
      'iptables-nft-save': {
        stdout: `${nftSave?.stdout ?? ''}iptables-nft-save: some table failed\n`,
        code: 1,
        missing: false,
      },
    });
    expect(s.backends).toEqual(['iptables-nft']);
    expect(s.problems).toContain(
      'iptables-nft-save exited with status 1: iptables-nft-save: some table failed',
    );
    expect(s.problems).toContain(
      'not installed on the host: iptables-legacy-save, ip6tables-legacy-save, nft',
    );
  });
});
