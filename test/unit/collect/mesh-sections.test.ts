// The kernel script's `ipvs` and `mangle` sections of Swarm's mesh sandboxes, as interpretKernelOutput
// receives them: joined to their namespace by path; a missing /proc/net/ip_vs (no ip_vs module, as on
// the development machines) is `absent`, other failures `unreadable` with the reason; and the script
// reads them in every sandbox, after events too.
import { describe, expect, it } from 'vitest';
import { interpretKernelOutput } from '../../../src/collect/kernel/kernel.js';
import { KERNEL_SCRIPT } from '../../../src/collect/kernel/kernel-script.js';

const N = 'c0ffee00';
const SBOX = '/var/run/docker/netns/ingress_sbox';
const LB = '/var/run/docker/netns/lb_0htmwfojk';
const IPVS = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn',
  'FWM  00000100 rr ',
  '  -> 0A000007:0000      Masq    1      0          0         ',
].join('\n');
const MANGLE = [
  '*mangle',
  ':PREROUTING ACCEPT [0:0]',
  '-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff',
  'COMMIT',
].join('\n');

type Part = { header: string; stdout: string; stderr?: string; code: number | null };
function output(parts: Part[]) {
  const stdout = [`@@${N} start 2 root`];
  const stderr = [`@@${N} start 2 root`];
  for (const p of parts) {
    stdout.push(
      `@@${N} begin ${p.header}`,
      p.stdout,
      ...(p.code === null ? [] : ['', `@@${N} end ${p.code}`]),
    );
    stderr.push(`@@${N} begin ${p.header}`, p.stderr ?? '');
  }
  if (parts.every((p) => p.code !== null)) stdout.push(`@@${N} done`);
  const out = interpretKernelOutput(`${stdout.join('\n')}\n`, `${stderr.join('\n')}\n`, N, 0);
  // (No host section here: that problem is not this test's.)
  out.kernel.problems = out.kernel.problems.filter((p) => p !== 'the host namespace could not be read');
  return out;
}
const ns = (path: string, inode: number): Part => ({
  header: `ns r:${path} ${inode} read`,
  stdout: '[]\n[]\n[]',
  code: 0,
});

describe('mesh sections', () => {
  it("put each sandbox's IPVS table and marks on its namespace", () => {
    const { kernel } = output([
      { header: `ipvs r:${SBOX} 7`, stdout: IPVS, code: 0 },
      { header: `mangle r:${SBOX} 7`, stdout: MANGLE, code: 0 },
      ns(SBOX, 7),
      {
        header: `ipvs r:${LB} 8`,
        stdout: '',
        stderr: 'cat: /proc/net/ip_vs: No such file or directory',
        code: 1,
      },
      { header: `mangle r:${LB} 8`, stdout: '*mangle\nCOMMIT', code: 0 },
      ns(LB, 8),
    ]);
    const sbox = kernel.namespaces.find((n) => n.path === SBOX);
    expect(sbox?.mesh).toMatchObject({
      ipvs: 'read',
      error: null,
      services: [{ fwmark: 256, destinations: [{ address: '10.0.0.7', port: 0, weight: 1 }] }],
      marks: [{ mark: 256, chain: 'PREROUTING', protocol: 'tcp', port: 8080, destination: null }],
    });
    // No ip_vs: said as it is (the finding explains it), not a problem of the capture.
    expect(kernel.namespaces.find((n) => n.path === LB)?.mesh).toEqual({
      ipvs: 'absent',
      services: [],
      marks: [],
      error: null,
    });
    expect(kernel.problems).toEqual([]);
  });

  it('say why a table could not be read, and keep the namespace', () => {
    const { kernel } = output([
      { header: `ipvs r:${SBOX} 7`, stdout: '', stderr: 'Killed', code: 137 },
      {
        header: `mangle r:${SBOX} 7`,
        stdout: '',
        stderr: 'iptables-save v1.8.9 (legacy): Cannot initialize: Permission denied',
        code: 1,
      },
      ns(SBOX, 7),
    ]);
    expect(kernel.namespaces.find((n) => n.path === SBOX)).toMatchObject({
      error: null,
      mesh: { ipvs: 'unreadable', services: [], marks: null, error: 'no answer within 10 s' },
    });
    expect(kernel.problems).toEqual([
      `${SBOX}: its mangle table could not be read: iptables-save v1.8.9 (legacy): Cannot initialize: Permission denied`,
    ]);
  });

  it('keep hostile lines out and report them under the namespace', () => {
    const { kernel } = output([
      {
        header: `ipvs r:${SBOX} 7`,
        stdout: `${IPVS}\n  -> 0A000008:0000      Masq    99999999999 0 0`,
        code: 0,
      },
      ns(SBOX, 7),
    ]);
    expect(kernel.namespaces[0]?.mesh?.services[0]?.destinations).toHaveLength(1);
    expect(kernel.problems).toEqual([
      expect.stringMatching(
        /^\/var\/run\/docker\/netns\/ingress_sbox: \/proc\/net\/ip_vs line 6: not a real server/,
      ),
    ]);
  });

  it('ignore a section cut short or for a path outside the namespace folders', () => {
    const { kernel } = output([
      { header: `ipvs r:/etc/shadow 7`, stdout: IPVS, code: 0 },
      ns(SBOX, 7),
      { header: `ipvs r:${SBOX} 7`, stdout: IPVS.slice(0, 60), code: null },
    ]);
    expect(kernel.namespaces[0]?.mesh).toMatchObject({ ipvs: 'unreadable', error: 'output cut short' });
  });

  it('are read in every mesh sandbox, also by an event update (not trusted as cached)', () => {
    expect(KERNEL_SCRIPT).toContain('ingress_sbox|lb_*) if [ $ns -eq 1 ]');
    expect(KERNEL_SCRIPT).toContain('to nsenter --net="$f" cat /proc/net/ip_vs');
    expect(KERNEL_SCRIPT).toContain('to nsenter --net="$f" iptables-save -t mangle');
    expect(KERNEL_SCRIPT).toContain('b !~ /^([0-9].*-|ingress_sbox$|lb_)/');
  });
});
