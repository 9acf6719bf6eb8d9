// From the script's recorded output to KernelFacts, and the single exec collectKernel makes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  collectKernel,
  interpretKernelOutput,
  mergeKnownProxies,
  unquoteOsRelease,
} from '../../../src/collect/kernel/kernel.js';
import { parseFirewall } from '../../../src/collect/firewall/firewall.js';
import {
  KERNEL_SCRIPT,
  SUDO_WRAPPER,
  kernelArgv,
  kernelCommand,
} from '../../../src/collect/kernel/kernel-script.js';
import { parseProxies } from '../../../src/collect/kernel/parse-delivery.js';
import type { Section } from '../../../src/collect/kernel/parse-sections.js';
import type { Connection, ExecOptions, ExecResult } from '../../../src/connection/types.js';

const read = (name: string) => readFileSync(`test/fixtures/kernel/${name}`, 'utf8');
interface Meta {
  nonce: string;
  hostileNetns: string;
  userBridge: string;
  containers: Record<
    string,
    { sandboxKey: string; networks: Record<string, { IPAddress: string; MacAddress: string }> }
  >;
}
const meta = JSON.parse(read('lab.meta.json')) as Meta;
const lab = interpretKernelOutput(read('lab.stdout'), read('lab.stderr'), meta.nonce, 0);

describe('interpretKernelOutput on the recorded lab (root)', () => {
  const { kernel, firewall } = lab;
  const ns = (name: string) => kernel.namespaces.find((n) => n.path === meta.containers[name]?.sandboxKey);

  it('reads identity and privilege', () => {
    expect(kernel).toMatchObject({ hostname: 'vm', os: 'Debian GNU/Linux 12 (bookworm)', privilege: 'root' });
    expect(kernel.kernel).toMatch(/^\d+\.\d+/);
  });

  it('reports, per file, namespace files that cannot be read, and carries on', () => {
    expect(kernel.problems).toContainEqual(
      expect.stringMatching(
        /^\/var\/run\/netns\/nlk-dangling: stat failed: stat: cannot statx .*No such file/,
      ),
    );
    expect(kernel.namespaces.find((n) => n.path === '/var/run/netns/nlk-dangling')).toMatchObject({
      inode: null,
      links: [],
    });
    // Plain files where a namespace was (ours, and Docker's of containers being removed): skipped silently.
    expect(kernel.problems.filter((p) => p.includes('not a network namespace'))).toEqual([]);
    expect(kernel.namespaces.find((n) => n.path === '/var/run/netns/nlk-stale')).toBeUndefined();
    expect(kernel.problems).toHaveLength(1);
  });

  it('reads the host namespace: its NIC, bridges, veths and routes of all tables', () => {
    const host = kernel.host;
    expect(host).toMatchObject({ path: null, error: null });
    expect(host?.inode).toBeGreaterThan(0);
    const names = host?.links.map((l) => l.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining(['lo', 'eth0', 'docker0', meta.userBridge, 'nlk-custom0', 'nlk-vp0', 'nlk-vp1']),
    );
    const tables = new Set(host?.routes.map((r) => `${r.family}:${r.table}`));
    expect(tables).toEqual(new Set(['ipv4:main', 'ipv4:local', 'ipv6:main', 'ipv6:local']));
  });

  it("reads each container's namespace, paired with the host side of its veth", () => {
    const user1 = ns('nlk-user1');
    const eth0 = user1?.links.find((l) => l.name === 'eth0');
    expect(eth0?.mac).toBe(meta.containers['nlk-user1']?.networks['nlk-user']?.MacAddress);
    const hostSide = kernel.host?.links.find((l) => l.ifindex === eth0?.linkIndex);
    expect(hostSide).toMatchObject({ infoKind: 'veth', master: meta.userBridge, linkIndex: eth0?.ifindex });
    expect(user1?.routes.filter((r) => r.family === 'ipv6' && r.dst === 'default')).toHaveLength(1);
    const custEth0 = ns('nlk-cust1')?.links.find((l) => l.name === 'eth0');
    expect(custEth0?.addresses[0]?.address).toBe('10.232.2.2');
    const cust = kernel.host?.links.find((l) => l.ifindex === custEth0?.linkIndex);
    expect(cust?.master).toBe('nlk-custom0');
    expect(ns('nlk-none')?.links.map((l) => l.name)).toEqual(['lo']);
    const mac = ns('nlk-mac1')?.links.find((l) => l.name === 'eth0');
    expect(mac?.infoKind).toBe('macvlan');
    expect(kernel.host?.links.find((l) => l.ifindex === mac?.linkIndex)?.name).toBe('nlk-vp0');
  });

  it('lists the host namespace file (host-mode containers) without reading it again', () => {
    const def = kernel.namespaces.find((n) => n.path === '/var/run/docker/netns/default');
    expect(def).toEqual({
      path: '/var/run/docker/netns/default',
      inode: kernel.host?.inode,
      links: [],
      routes: [],
      error: null,
    });
    expect(meta.containers['nlk-host']?.sandboxKey).toBe('/var/run/docker/netns/default');
    expect(meta.containers['nlk-side']?.sandboxKey).toBe('');
  });

  it('reads plain `ip netns` namespaces, a hostile name included', () => {
    const labNs = kernel.namespaces.find((n) => n.path === '/var/run/netns/nlk-lab');
    expect(labNs?.links.map((l) => `${l.name}:${l.infoKind ?? '-'}`).sort()).toEqual(
      ['lo:-', 'nlk-pa:veth', 'nlk-pb:veth', 'nlk-tap0:tun', 'nlk-tun0:tun', 'nlk-vx0:vxlan'].sort(),
    );
    expect(labNs?.routes.filter((r) => r.table === '100').map((r) => r.family)).toEqual(['ipv4', 'ipv6']);
    const hostile = kernel.namespaces.find((n) => n.path === `/var/run/netns/${meta.hostileNetns}`);
    expect(hostile).toMatchObject({ error: null, links: [expect.objectContaining({ name: 'lo' })] });
  });

  it('passes the firewall outputs through, iptables -V included', () => {
    expect(Object.keys(firewall).sort()).toEqual(
      [
        'ip6tables-legacy-save',
        'ip6tables-nft-save',
        'iptables-legacy-save',
        'iptables-nft-save',
        'iptables-version',
        'nft-ruleset',
      ].sort(),
    );
    expect(firewall['iptables-nft-save']).toMatchObject({ code: 0, missing: false });
    expect(firewall['iptables-nft-save']?.stdout).toContain('-j DOCKER');
    expect(JSON.parse(firewall['nft-ruleset']?.stdout ?? '')).toHaveProperty('nftables');
    expect(firewall['iptables-version']?.stdout).toMatch(/^iptables v[\d.]+ \((nf_tables|legacy)\)/);
  });
});

describe('interpretKernelOutput, namespaces that went mid-read', () => {
  it("under Docker's folder: gone (no problem, no namespace); elsewhere a dangling file is a problem", () => {
    const n = 'feedc0de';
    const sections: [string, string][] = [
      [
        'ns r:/var/run/docker/netns/aaa 123 read',
        'nsenter: cannot open /var/run/docker/netns/aaa: No such file or directory',
      ],
      [
        'ns r:/var/run/docker/netns/bbb - stat-failed',
        "stat: cannot statx '/var/run/docker/netns/bbb': No such file or directory",
      ],
      [
        'ns r:/var/run/docker/netns/ccc 124 read',
        "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument",
      ],
      [
        'ns r:/var/run/netns/ddd - stat-failed',
        "stat: cannot statx '/var/run/netns/ddd': No such file or directory",
      ],
    ];
    const stdout = [
      `@@${n} start 1 root`,
      ...sections.flatMap(([h]) => [`@@${n} begin ${h}`, '', `@@${n} end 1`]),
      `@@${n} done`,
      '',
    ];
    const stderr = [`@@${n} start 1 root`, ...sections.flatMap(([h, e]) => [`@@${n} begin ${h}`, e]), ''];
    const { kernel } = interpretKernelOutput(stdout.join('\n'), stderr.join('\n'), n, 0);
    expect(kernel.gone).toEqual([
      '/var/run/docker/netns/aaa',
      '/var/run/docker/netns/bbb',
      '/var/run/docker/netns/ccc',
    ]);
    expect(kernel.namespaces.map((ns) => ns.path)).toEqual(['/var/run/netns/ddd']);
    expect(kernel.problems.filter((p) => p.includes('/var/run/'))).toEqual([
      expect.stringMatching(/^\/var\/run\/netns\/ddd: stat failed/),
    ]);
  });
});

describe('interpretKernelOutput, degraded', () => {
  it('recorded as nobody without sudo: host namespace only, one privilege warning with the fixes', () => {
    const { kernel, firewall } = interpretKernelOutput(
      read('unprivileged.stdout'),
      read('unprivileged.stderr'),
      meta.nonce,
      0,
    );
    expect(kernel.privilege).toBe('none');
    expect(kernel.host?.links.map((l) => l.name)).toContain('eth0');
    // One line instead of a raw "Permission denied" per firewall command, folder and namespace.
    expect(kernel.problems).toEqual([
      expect.stringMatching(/^not root and no passwordless sudo \(sudo is not installed\)/),
    ]);
    expect(kernel.problems[0]).toMatch(/log in as root/);
    expect(kernel.problems[0]).toMatch(/`sudo -n` without a password for sh/);
    expect(kernel.problems[0]).toMatch(/"docker" group/);
    expect(kernel.namespaces.filter((ns) => ns.error).length).toBeGreaterThan(1);
    expect(parseFirewall(firewall, true).problems).toEqual([]);
    expect(firewall['iptables-nft-save']).toMatchObject({ stdout: '', missing: false });
    expect(firewall['iptables-nft-save']?.code).not.toBe(0);
  });

  it('cut short in a container namespace: keeps everything before, flags the rest', () => {
    const stdout = read('lab.stdout');
    const path = meta.containers['nlk-user1']?.sandboxKey ?? '';
    const at = stdout.indexOf('"ifname":"eth0"', stdout.indexOf(`begin ns r:${path} `));
    const { kernel } = interpretKernelOutput(stdout.slice(0, at), read('lab.stderr'), meta.nonce, null);
    expect(kernel.host?.links.length).toBeGreaterThan(3);
    const cut = kernel.namespaces.at(-1);
    expect(cut).toMatchObject({ path, error: 'output cut short' });
    expect(kernel.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/stopped/), expect.stringMatching(/ended early/)]),
    );
  });

  it('drops a namespace whose path is not under the namespace folders', () => {
    const n = 'abcdef0123456789';
    const stdout = `@@${n} start 1 root\n@@${n} begin ns r:/etc/shadow 5 read\n[]\n\n@@${n} end 0\n@@${n} done\n`;
    const { kernel } = interpretKernelOutput(stdout, '', n, 0);
    expect(kernel.namespaces).toEqual([]);
    expect(kernel.problems).toEqual(expect.arrayContaining([expect.stringMatching(/invalid path/)]));
  });

  it('unquotes os-release values without evaluating them', () => {
    expect(unquoteOsRelease('"Debian GNU/Linux 12 (bookworm)"')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(unquoteOsRelease("'a $(b)'")).toBe('a $(b)');
    expect(unquoteOsRelease('"x \\"y\\" \\$z"')).toBe('x "y" $z');
    expect(unquoteOsRelease('Plain')).toBe('Plain');
  });
});

function fakeConnection(
  isRoot: boolean,
  reply: (argv: readonly string[]) => ExecResult,
): Connection & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    target: 'fake',
    isRoot,
    docker: undefined as never,
    dockerConcurrency: 1,
    stats: { execs: 0 },
    calls,
    exec(argv: readonly string[], _options?: ExecOptions) {
      calls.push([...argv]);
      this.stats.execs += 1;
      return Promise.resolve(reply(argv));
    },
    onClose: () => () => undefined,
    close: () => Promise.resolve(),
  };
}

describe('collectKernel', () => {
  const nonce = meta.nonce;
  it('as root: one exec of the constant script, nonce passed as an argument', async () => {
    const conn = fakeConnection(true, () => ({
      stdout: read('lab.stdout'),
      stderr: read('lab.stderr'),
      code: 0,
    }));
    const result = await collectKernel(conn, { nonce });
    expect(conn.calls).toEqual([['sh', '-c', KERNEL_SCRIPT, 'netlens-kernel', nonce, 'root']]);
    expect(result).toEqual(lab);
  });

  it('not root: one exec of the sudo wrapper, falling back inside it', async () => {
    const conn = fakeConnection(false, () => ({
      stdout: read('unprivileged.stdout'),
      stderr: read('unprivileged.stderr'),
      code: 0,
    }));
    const { kernel } = await collectKernel(conn, { nonce });
    expect(conn.calls).toEqual([['sh', '-c', SUDO_WRAPPER, 'netlens-wrapper', KERNEL_SCRIPT, nonce]]);
    expect(kernel.privilege).toBe('none');
  });

  it('uses a fresh random nonce each time and never puts input into the script', async () => {
    const conn = fakeConnection(true, () => ({ stdout: '', stderr: '', code: 0 }));
    const a = await collectKernel(conn);
    await collectKernel(conn);
    const [first, second] = conn.calls;
    expect(first?.[4]).toMatch(/^[0-9a-f]{32}$/);
    expect(first?.[4]).not.toBe(second?.[4]);
    expect(first?.[2]).toBe(second?.[2]);
    expect(a.kernel).toMatchObject({ host: null, namespaces: [], privilege: 'none' });
    expect(a.kernel.problems).toEqual([expect.stringMatching(/nothing recognisable/)]);
  });

  it('rejects only when the exec itself fails', async () => {
    const conn = fakeConnection(true, () => {
      throw new Error('connection closed');
    });
    await expect(collectKernel(conn)).rejects.toThrow('connection closed');
  });

  it('refuses a nonce that is not hex', async () => {
    const conn = fakeConnection(true, () => ({ stdout: '', stderr: '', code: 0 }));
    await expect(collectKernel(conn, { nonce: "x'; rm -rf /" })).rejects.toThrow(/hex/);
    expect(conn.calls).toEqual([]);
  });
});

/** What the script prints in an update: each reusable section (matching `which`) as `cached`, empty. */
function asUpdate(stdout: string, which: (header: string) => boolean): string {
  const prefix = `@@${meta.nonce} `;
  const out: string[] = [];
  let skipping = false;
  for (const line of stdout.split('\n')) {
    const header = line.startsWith(`${prefix}begin `) ? line.slice(prefix.length + 6) : null;
    if (header !== null) {
      const reusable = /^(uid|iptables-version|fw \S+|ns \S+ \d+ read)$/.test(header) && which(header);
      skipping = reusable;
      out.push(reusable ? `${prefix}begin ${header.replace(/ read$/, '')} cached` : line);
      if (reusable) out.push('');
    } else if (line.startsWith(`${prefix}end `) && skipping) {
      skipping = false;
      out.push(`${prefix}end 0`);
    } else if (!skipping) out.push(line);
  }
  return out.join('\n');
}

describe('an update reading (sections reused from the last one)', () => {
  it('puts the last reading where the script printed `cached`, giving the same facts and cache', () => {
    const update = asUpdate(read('lab.stdout'), () => true);
    expect(update).toContain(' cached\n');
    const result = interpretKernelOutput(update, read('lab.stderr'), meta.nonce, 0, lab.cache);
    expect(result.missed).toEqual([]);
    expect(result).toEqual(lab);
  });

  it('says which reused sections the cache lacked', () => {
    const update = asUpdate(read('lab.stdout'), (h) => h.startsWith('ns ') || h === 'uid');
    const result = interpretKernelOutput(update, read('lab.stderr'), meta.nonce, 0, { sections: new Map() });
    expect(result.missed).toContain('uid');
    const namespaceReads = read('lab.stdout')
      .split('\n')
      .filter((l) => / begin ns \S+ \d+ read$/.test(l));
    expect(result.missed.filter((m) => m.startsWith('ns '))).toHaveLength(namespaceReads.length);
  });

  it('passes reuse words and host device names as arguments, kept namespaces on stdin, and refuses anything else', () => {
    const token = '4026532953=r:/var/run/docker/netns/0c5d2a37c832';
    const reuse = {
      sections: ['uid', 'nft-ruleset'],
      namespaces: [token, '12=x:2f6162'],
      host: { known: ['lo', 'eth0'], names: ['veth1a2b3c4', 'br-0123456789ab'] },
    };
    const root = kernelCommand(meta.nonce, true, reuse);
    expect(root.argv.slice(4)).toEqual([
      meta.nonce,
      'root',
      'uid nft-ruleset',
      '-',
      '+ veth1a2b3c4 br-0123456789ab',
    ]);
    expect(root.stdin).toBe(`k ${token}\nk 12=x:2f6162\nh lo\nh eth0\n`);
    expect(kernelArgv(meta.nonce, false, reuse).slice(5)).toEqual([
      meta.nonce,
      'uid nft-ruleset',
      '-',
      '+ veth1a2b3c4 br-0123456789ab',
    ]);
    // Nothing kept, host read whole: both arguments empty, nothing on stdin.
    const plain = kernelCommand(meta.nonce, true, { sections: ['uid'], namespaces: [] });
    expect(plain.argv.slice(6)).toEqual(['uid', '', '']);
    expect(plain.stdin).toBe('');
    for (const bad of [
      { sections: ['uid; reboot'], namespaces: [] },
      { sections: ['hostname'], namespaces: [] },
      { sections: [], namespaces: ['1=r:/var/run/netns/a b'] },
      { sections: [], namespaces: ['1=r:/x/*'] },
      { sections: [], namespaces: ['x=r:/var/run/netns/a'] },
      { sections: [], namespaces: [], host: { known: [], names: ['a b'] } },
      { sections: [], namespaces: [], host: { known: [], names: ['$(reboot)'] } },
      { sections: [], namespaces: [], host: { known: ['eth0\nk 1=r:/x'], names: [] } },
    ])
      expect(() => kernelArgv(meta.nonce, true, bad)).toThrow(/refusing/);
  });
});

describe('docker-proxy processes an update already knows', () => {
  const before = [
    '/proc/41/cmdline:/usr/bin/docker-proxy',
    '/proc/41/cmdline:-host-port',
    '/proc/41/cmdline:8080',
  ].join('\n');

  const section = (stdout: string): Section => ({
    name: 'proxy',
    args: [],
    stdout,
    stderr: '',
    code: 0,
    complete: true,
  });

  it('replaces `= <pid>` with that pid’s lines of the last reading, keeps new lines as read', () => {
    const merged = mergeKnownProxies(section('= 41\n/proc/77/cmdline:x\n'), section(before));
    expect(merged?.stdout).toBe(`${before}\n/proc/77/cmdline:x\n`);
  });

  it('keeps a known process parsed once: its fact is the last reading’s very object', () => {
    const full = [
      before,
      '/proc/41/cmdline:-proto',
      '/proc/41/cmdline:tcp',
      '/proc/41/cmdline:-host-ip',
      '/proc/41/cmdline:0.0.0.0',
      '/proc/41/cmdline:-container-ip',
      '/proc/41/cmdline:172.17.0.2',
      '/proc/41/cmdline:-container-port',
      '/proc/41/cmdline:80',
    ].join('\n');
    const last = section(full);
    const [first] = parseProxies(last, []) ?? [];
    expect(first).toMatchObject({ pid: 41, hostPort: 8080, containerIp: '172.17.0.2' });
    const merged = mergeKnownProxies(section('= 41\n'), last);
    expect(merged).not.toBeNull();
    expect(parseProxies(merged!, [])?.[0]).toBe(first);
    // A reading made from scratch gives an equal fact.
    expect(parseProxies(section(merged!.stdout), [])?.[0]).toEqual(first);
  });

  it('says null when the last reading lacks a pid it was told about (the capture reads all again)', () => {
    expect(mergeKnownProxies(section('= 42\n'), section(before))).toBeNull();
    expect(mergeKnownProxies(section('= 42\n'), undefined)).toBeNull();
  });

  it('sends known pids on stdin as p lines, with the `-` that makes the script read stdin', () => {
    const cmd = kernelCommand(meta.nonce, true, { sections: [], namespaces: [], proxies: [41, 77, -1, 1.5] });
    expect(cmd.stdin).toBe('p 41\np 77\n');
    expect(cmd.argv.slice(6)).toEqual(['', '-', '']);
  });
});
