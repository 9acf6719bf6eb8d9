// The tolerant iproute2 JSON reader on recorded output with control characters in interface names
// (recorded from iproute2 6.1 in a scratch netns: `ip link add $'a\x1bb' type veth peer name $'c\x7fd\x01'`,
// then `ip -json -details -stats addr show`), and on output damaged in the ways hosts damage it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeRawControls, readIpJson } from '../../../src/collect/kernel/ip-json.js';
import { parseIpLinkStats } from '../../../src/collect/counters/counters-parse.js';
import { namespaceFromSection } from '../../../src/collect/kernel/kernel.js';
import { parseLinks } from '../../../src/collect/kernel/parse-ip.js';

const recorded = readFileSync('test/fixtures/ip/control-char-names.json', 'utf8');
const physical = readFileSync('test/fixtures/ip/physical.json', 'utf8');

describe('readIpJson', () => {
  it('the recorded output is not JSON as it stands (iproute2 writes ESC raw)', () => {
    expect(recorded).toContain('"ifname":"a\u001bb"');
    expect(() => JSON.parse(recorded) as unknown).toThrow();
  });

  it('keeps every interface of the recorded output, names exactly as the kernel has them', () => {
    const problems: string[] = [];
    const links = parseLinks(recorded, problems);
    expect(links.map((l) => l.name)).toEqual(['lo', 'c\u007fd\u0001', 'a\u001bb']);
    const esc = links.find((l) => l.name === 'a\u001bb');
    expect(esc?.addresses).toEqual([
      { family: 'ipv4', address: '10.233.0.1', prefixLen: 24, scope: 'global' },
    ]);
    // The veth ends name each other (`link`) with the same raw bytes, so the peer join still works.
    expect(esc?.link).toBe('c\u007fd\u0001');
    expect(problems).toEqual([
      'ip addr: interface "c\u007fd\\u0001" has control characters in its name',
      'ip addr: interface "a\\u001bb" has control characters in its name',
    ]);
  });

  it('reads the counters poll of the same output', () => {
    expect([...parseIpLinkStats(recorded).keys()]).toEqual(['lo', 'c\u007fd\u0001', 'a\u001bb']);
  });

  it('keeps the well-formed items when one item is broken or the output is cut short', () => {
    const items = JSON.parse(physical) as unknown[];
    const good = JSON.stringify(items[0]);
    const broken = `[${good},{"ifindex":7,"ifname":"x" "mtu":1},${good.replace('"eth0"', '"eth1"')}]`;
    const read = readIpJson(broken);
    expect(read.items.map((i) => (i as { ifname: string }).ifname)).toEqual(['eth0', 'eth1']);
    expect(read.skipped).toBe(1);
    const problems: string[] = [];
    expect(parseLinks(broken, problems).map((l) => l.name)).toEqual(['eth0', 'eth1']);
    expect(problems).toEqual([expect.stringMatching(/^ip addr: skipped 1 unreadable item\(s\)/)]);
    const cut = readIpJson(`[${good},${good.slice(0, 40)}`);
    expect(cut.items).toHaveLength(1);
    expect(cut.skipped).toBe(1);
    expect(readIpJson('Error: Peer netns reference is invalid.').error).toMatch(/JSON/);
  });

  it('never blanks a namespace section over one name', () => {
    const section = {
      name: 'ns',
      args: [],
      stdout: `${recorded}\n[]\n[]`,
      stderr: '',
      code: 0,
      complete: true,
    };
    const facts = namespaceFromSection(section, '/var/run/docker/netns/x', 1, []);
    expect(facts.error).toBeNull();
    expect(facts.links).toHaveLength(3);
  });

  it('escapes only inside strings and changes no value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, name) => {
        const json = JSON.stringify([{ value, ifname: name }]);
        // What iproute2 does: control characters written raw instead of \u escapes.
        const raw = json.replace(
          /(?<!\\)((?:\\\\)*)\\u00([01][0-9a-f])/g,
          (_m, even: string, hex: string) => even + String.fromCharCode(parseInt(hex, 16)),
        );
        const read = readIpJson(raw);
        expect(read.error).toBeNull();
        expect(read.items).toEqual(JSON.parse(json));
        expect(escapeRawControls(json).text).toBe(json);
      }),
      { numRuns: 1000 },
    );
  });
});
