// The fuzz targets: every parser that reads what a host, a file, a peer or a user hands Netlens, each
// with real recorded seeds and the failures it is allowed. Anything else it throws (a TypeError, a
// RangeError…) or an output that is not plain data counts as a crash.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../src/server/handler-wrap.js';
import { parseCountersOutput } from '../../src/collect/counters/counters-parse.js';
import { parseFirewall } from '../../src/collect/firewall/firewall.js';
import { interpretKernelOutput } from '../../src/collect/kernel/kernel.js';
import { parseIptablesSave } from '../../src/collect/firewall/parse-iptables-save.js';
import { parseLinks, parseRoutes, splitJsonValues } from '../../src/collect/kernel/parse-ip.js';
import { parseNftRuleset } from '../../src/collect/firewall/parse-nft.js';
import { parseIpvs, parseMeshMarks } from '../../src/collect/kernel/parse-mesh.js';
import { parseNftRuleText } from '../../src/model/rules/nft-text.js';
import { parseTarget, splitTarget } from '../../src/connection/ssh/target.js';
import { ConnectionError } from '../../src/connection/types.js';
import { applyPatch, computePatch, PatchBaseError, PatchInvalidError } from '../../src/model/patch.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { Backend } from '../../src/server/backend.js';
import { toSnapshotFirewall } from '../../src/topology/firewall.js';
import { extractNatRules } from '../../src/topology/nat-rules.js';
import { loadDocument, SnapshotLoadError } from '../../src/store/load-snapshot.js';
import { buildSnapshot } from '../support/snapshot-factory/index.js';

export interface FuzzTarget {
  name: string;
  seeds: string[];
  /** Resolves when the input was handled (read, or refused with an allowed error); rejects on a crash. */
  run(input: string): void | Promise<void>;
}

const FIX = 'test/fixtures';
const read = (path: string) => readFileSync(path, 'utf8');
const files = (dir: string, test: (name: string) => boolean) =>
  readdirSync(dir)
    .filter(test)
    .sort()
    .map((name) => read(join(dir, name)));
const firewallDirs = readdirSync(join(FIX, 'firewall'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(FIX, 'firewall', d.name));

/** Output must be plain data: serialisable, and (for these parsers) never a function or a class. */
function plainData(value: unknown): void {
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function') throw new Error('a function in the output');
    return v;
  });
}

/** Throws again anything that is not one of the allowed failures. */
function allow(error: unknown, ...kinds: (abstract new (...args: never[]) => Error)[]): void {
  if (!kinds.some((kind) => error instanceof kind)) throw error;
  if (!(error as Error).message) throw new Error(`${(error as Error).name} without a message`);
}

function ipTarget(): FuzzTarget {
  return {
    name: 'ip -json',
    seeds: files(join(FIX, 'ip'), (n) => n.endsWith('.json')),
    run(input) {
      const problems: string[] = [];
      const links = parseLinks(input, problems);
      for (const l of links)
        for (const a of l.addresses)
          if (!['ipv4', 'ipv6'].includes(a.family)) throw new Error(`family ${String(a.family)}`);
      plainData([links, parseRoutes(input, 'ipv4', problems), parseRoutes(input, 'ipv6', problems)]);
      plainData(splitJsonValues(input));
    },
  };
}

function iptablesTarget(): FuzzTarget {
  const seeds = firewallDirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('-save.out'))
      .map((n) => read(join(dir, n))),
  );
  seeds.push(...files(join(FIX, 'firewall'), (n) => n.endsWith('.rules')));
  return {
    name: 'iptables-save',
    seeds: seeds.filter((s) => s.trim() !== ''),
    run(input) {
      plainData(parseIptablesSave(input, 'iptables-nft', 'ipv4', []));
      plainData(parseIptablesSave(input, 'iptables-legacy', 'ipv6', []));
    },
  };
}

/** iptables-save text all the way to the NAT flows (where the rules' words are looked up). */
function natTarget(): FuzzTarget {
  return {
    name: 'iptables to NAT flows',
    seeds: iptablesTarget().seeds,
    run(input) {
      const facts = parseFirewall({ 'iptables-nft-save': { stdout: input, code: 0, missing: false } });
      const nat = extractNatRules(toSnapshotFirewall(facts), facts);
      for (const d of nat.dnat)
        if (!['tcp', 'udp', 'sctp', undefined].includes(d.protocol))
          throw new Error(`protocol ${String(d.protocol)}`);
      plainData(nat);
    },
  };
}

function nftJsonTarget(): FuzzTarget {
  return {
    name: 'nft -j',
    seeds: firewallDirs
      .filter((dir) => existsSync(join(dir, 'nft-ruleset.out'))) // Podman's recordings have no nft dump
      .map((dir) => read(join(dir, 'nft-ruleset.out')))
      .filter((s) => s.trim().startsWith('{')),
    run(input) {
      plainData(parseNftRuleset(input, []));
    },
  };
}

function nftTextTarget(): FuzzTarget {
  const rules = read(join(FIX, 'firewall', 'nftables-docker29.nft'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(#|table |chain |map |set |type |elements|policy|flags|}|"|jump )/.test(l));
  return {
    name: 'nft text',
    seeds: rules,
    run(input) {
      plainData(parseNftRuleText(input));
    },
  };
}

function countersTarget(): FuzzTarget {
  return {
    name: 'counters',
    seeds: files(join(FIX, 'counters'), (n) => n.endsWith('.out')),
    run(input) {
      plainData(parseCountersOutput(input));
    },
  };
}

function meshTarget(): FuzzTarget {
  const dir = join(FIX, 'kernel', 'mesh');
  return {
    name: 'IPVS table and mesh marks',
    seeds: [read(join(dir, 'ip_vs.txt')), read(join(dir, 'mangle.rules'))],
    run(input) {
      plainData([parseIpvs(input), parseMeshMarks(input)]);
    },
  };
}

function kernelTarget(): FuzzTarget {
  const { nonce } = JSON.parse(read(join(FIX, 'kernel', 'lab.meta.json'))) as { nonce: string };
  const stderr = read(join(FIX, 'kernel', 'lab.stderr'));
  return {
    name: 'kernel script output',
    seeds: [read(join(FIX, 'kernel', 'lab.stdout')), read(join(FIX, 'kernel', 'unprivileged.stdout'))],
    run(input) {
      const { kernel, firewall } = interpretKernelOutput(input, stderr, nonce, 0);
      plainData([kernel, firewall]);
    },
  };
}

function snapshots(): Snapshot[] {
  return [
    buildSnapshot({
      networks: [{ name: 'appnet', subnet: '10.10.0.0/24' }],
      containers: [
        { name: 'web', networks: ['appnet'], ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: 'db', networks: ['appnet'], compose: { project: 'shop', service: 'db' } },
      ],
    }),
    buildSnapshot({ containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort: 8081 }] }] }),
    JSON.parse(read(join(FIX, 'counters', 'docker20-snapshot.json'))) as Snapshot,
  ];
}

function snapshotFileTarget(): FuzzTarget {
  return {
    name: 'snapshot files',
    seeds: snapshots().map((s) => JSON.stringify(s, null, 1)),
    run(input) {
      try {
        plainData(loadDocument(Buffer.from(input, 'utf8')));
      } catch (error) {
        allow(error, SnapshotLoadError);
      }
    },
  };
}

function patchTarget(): FuzzTarget {
  const [a, b] = snapshots() as [Snapshot, Snapshot];
  const patch = computePatch(a, b);
  const back = computePatch(b, a);
  return {
    name: 'patches',
    seeds: [JSON.stringify(patch), JSON.stringify(back)],
    run(input) {
      let value: unknown;
      try {
        value = JSON.parse(input);
      } catch {
        return; // the WebSocket client drops a message that is not JSON before any patch code sees it
      }
      for (const base of [a, b]) {
        try {
          plainData(applyPatch(base, value as never));
        } catch (error) {
          allow(error, PatchBaseError, PatchInvalidError);
        }
      }
    },
  };
}

/** The WebSocket path of `netlens serve`: JSON, then the request dispatched to a real back end. */
function wsTarget(backend: Pick<Backend, 'handlers'>): FuzzTarget {
  const messages = [
    { type: 'request', id: 1, name: 'hosts:list', args: {} },
    { type: 'request', id: 2, name: 'hosts:add', args: { target: 'ops@lab:2222', label: 'lab' } },
    { type: 'request', id: 3, name: 'snapshots:open', args: { id: '20250101-000000-abcdef' } },
    { type: 'request', id: 4, name: 'snapshots:rename', args: { id: 'x', name: 'y' } },
    {
      type: 'request',
      id: 5,
      name: 'snapshots:compare',
      args: { a: { kind: 'saved', id: 'a' }, b: { kind: 'live', hostId: 'local' } },
    },
    { type: 'request', id: 6, name: 'snapshots:import', args: { fileName: 'x.json', content: '{}' } },
    { type: 'request', id: 7, name: 'session:current', args: { hostId: 'local' } },
  ];
  return {
    name: 'WebSocket messages',
    seeds: messages.map((m) => JSON.stringify(m)),
    async run(input) {
      let message: unknown;
      try {
        message = JSON.parse(input);
      } catch {
        return; // answered "message is not valid JSON" by the endpoint
      }
      const { name, args } = (message ?? {}) as { name?: unknown; args?: unknown };
      if (typeof name !== 'string') return;
      const reply = await dispatch(backend.handlers, name, args);
      if (!reply.ok && !['bad-request', 'not-found', 'unavailable', 'conflict'].includes(reply.error.code))
        throw new Error(`${name}: ${reply.error.code}: ${reply.error.message}`);
      plainData(reply);
    },
  };
}

function targetTarget(configPath: string, home: string): FuzzTarget {
  return {
    name: 'SSH targets',
    seeds: [
      'local',
      'ops@lab',
      'ops@lab.example.com:2222',
      'ssh://ops@lab:22/',
      'SSH://root@[fe80::1]:2200',
      '2001:db8::5',
      '[2001:db8::5]:22',
      'alias-from-config',
    ],
    run(input) {
      for (const parse of [
        () => splitTarget(input),
        () => parseTarget(input, { sshConfigPath: configPath, homedir: home, localUser: 'me' }),
      ]) {
        try {
          plainData(parse());
        } catch (error) {
          allow(error, ConnectionError);
        }
      }
    },
  };
}

export function fuzzTargets(env: {
  backend: Pick<Backend, 'handlers'>;
  sshConfigPath: string;
  home: string;
}): FuzzTarget[] {
  return [
    ipTarget(),
    iptablesTarget(),
    natTarget(),
    nftJsonTarget(),
    nftTextTarget(),
    countersTarget(),
    kernelTarget(),
    meshTarget(),
    snapshotFileTarget(),
    patchTarget(),
    wsTarget(env.backend),
    targetTarget(env.sshConfigPath, env.home),
  ];
}
