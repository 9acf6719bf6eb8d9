// End to end, the fleet view against `netlens serve` with the two-node Swarm (two-node-swarm.ts), each
// node reached over SSH like a separate machine (an sshd inside its namespaces): the overlay network
// both nodes carry is one row, stitched across the two hosts' columns, each cell with the VNI, VTEP
// and task its kernel and engine have, and the VXLAN wire drawn from one host's node to the other's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/lab.js';
import { rendererMissing } from '../support/renderer-harness.js';
import { openServedApp, type ServedApp } from '../support/served-app.js';
import { options } from '../support/ssh-client.js';
import { sshdSkipReason, startSshd, type Sshd } from '../support/sshd.js';
import { startTwoNodeSwarm, vniOn, type TwoNodeSwarm } from '../support/two-node-swarm.js';

const NET = 'nlfe-ov';
const missing = rendererMissing() ?? sshdSkipReason();
if (missing && process.env.CI === 'true') throw new Error(`CI: ${missing}`);
const suite = missing || process.getuid?.() !== 0 ? describe.skip : describe;

interface Cell {
  host: string;
  member: boolean;
  wire: boolean;
  first: boolean;
  last: boolean;
  text: string;
  /** The member's node (its dot on the wire), centre x. */
  node: number | null;
  /** Where the wire runs in this cell: [left, right] in page x, null without one. */
  line: [number, number] | null;
}

function row(page: Page, networkId: string): Promise<{ head: string; cells: Cell[] }> {
  return page.evaluate(`(() => {
    const tr = document.querySelector('tr[data-overlay="${networkId}"]');
    if (!tr) return { head: '', cells: [] };
    return {
      head: tr.querySelector('th').textContent,
      cells: [...tr.querySelectorAll('td')].map((td) => {
        const r = td.getBoundingClientRect();
        const dot = td.querySelector('.node');
        const d = dot ? dot.getBoundingClientRect() : null;
        const before = getComputedStyle(td, '::before');
        const drawn = td.classList.contains('wire') && before.content !== 'none' && parseFloat(before.borderTopWidth) > 0;
        return {
          host: td.getAttribute('data-host'),
          member: td.classList.contains('member'),
          wire: td.classList.contains('wire'),
          first: td.classList.contains('first'),
          last: td.classList.contains('last'),
          text: td.textContent.replace(/\\s+/g, ' ').trim(),
          node: d ? d.left + d.width / 2 : null,
          line: drawn ? [r.left + parseFloat(before.left), r.right - parseFloat(before.right)] : null,
        };
      }),
    };
  })()`);
}

suite('the fleet view: an overlay network stitched across two Swarm nodes', () => {
  let lab: TwoNodeSwarm;
  const sshds: Sshd[] = [];
  let app: ServedApp | undefined;
  let page: Page;

  beforeAll(async () => {
    lab = await startTwoNodeSwarm({
      names: ['nlea', 'nleb'],
      subnets: ['10.253.96', '10.253.97', '10.253.98'],
      link: ['nlfe-a', 'nlfe-b'],
      network: NET,
      subnet: '10.254.98.0/24',
      service: 'nlfe-web',
    });
    for (const node of [lab.a, lab.b])
      sshds.push(await startSshd({ listenAddress: node.address, enterPid: node.pid }));
    const [first, second] = sshds as [Sshd, Sshd];
    // One client key and one known_hosts for both, as for two servers of one operator.
    second.authorize(readFileSync(`${first.identityFile}.pub`, 'utf8').trim());
    const knownHosts = join(first.dir, 'known_hosts_fleet');
    writeFileSync(knownHosts, sshds.map((s) => readFileSync(s.knownHostsFile, 'utf8')).join(''));
    app = await openServedApp(
      { width: 1600, height: 1000 },
      { panelsOpen: true, connectOptions: options(first, { knownHostsPath: knownHosts }) },
    );
    page = app.page;
  }, 400_000);

  afterAll(async () => {
    await app?.close();
    for (const s of sshds) await s.dispose();
    await lab?.stop();
  }, 180_000);

  it('draws the overlay as one row whose wire joins the two nodes, with what each kernel says', async () => {
    for (const [node, sshd] of [
      [lab.a, sshds[0]],
      [lab.b, sshds[1]],
    ] as const) {
      await page.getByRole('button', { name: 'Add host…' }).click();
      await page.fill('#host-target', `root@${node.address}`);
      await page.fill('#host-port', String(sshd?.port));
      await page.getByRole('button', { name: 'Save and connect' }).click();
      await page.waitForSelector('#host-target', { state: 'detached' });
    }
    await page.getByRole('button', { name: /Fleet/ }).click();
    await page.waitForSelector('[data-testid="fleet"]');
    await page.getByRole('button', { name: 'Connect all' }).click();
    let seen: Awaited<ReturnType<typeof row>> = { head: '', cells: [] };
    await waitFor(
      async () => {
        seen = await row(page, lab.networkId);
        return seen.cells.filter((c) => c.member).length === 2;
      },
      180_000,
      `the overlay ${NET} on two hosts in the fleet`,
    );
    const vni = vniOn(lab.a, lab.sandbox);
    expect(vniOn(lab.b, lab.sandbox)).toBe(vni);
    expect(seen.head).toContain(NET);
    expect(seen.head).toContain(`VNI ${vni}`);
    // One tunnel: the pair of nodes, each with a forwarding entry to the other.
    expect(seen.head).toContain('1 tunnel');
    expect(seen.head).not.toMatch(/disagree|outside this fleet/);
    // Three hosts (this computer first); the overlay is on the two nodes, each cell as its node has it.
    expect(seen.cells.map((c) => c.member)).toEqual([false, true, true]);
    expect(seen.cells[0]?.host).toBe('local');
    for (const [i, node, vtep] of [
      [1, lab.a, lab.addrA],
      [2, lab.b, lab.addrB],
    ] as const) {
      const task = node.docker('ps', '--filter', 'name=nlfe-web', '--format', '{{.Names}}');
      expect(seen.cells[i]?.text).toContain(`VNI ${vni}`);
      expect(seen.cells[i]?.text).toContain(`VTEP ${vtep}`);
      expect(seen.cells[i]?.text).toContain(task);
    }
    // The wire: drawn in both nodes' cells, from the first node's dot to the second's, not into this
    // computer's column.
    const [local, a, b] = seen.cells as [Cell, Cell, Cell];
    expect([local.wire, a.first, b.last]).toEqual([false, true, true]);
    // (Within a few pixels: cell borders and spacing.)
    const near = (x: number | undefined, y: number | null | undefined) =>
      x !== undefined && y !== undefined && y !== null && Math.abs(x - y) <= 3;
    expect(near(a.line?.[0], a.node), JSON.stringify(seen.cells)).toBe(true);
    expect(near(b.line?.[1], b.node), JSON.stringify(seen.cells)).toBe(true);
    expect(near(a.line?.[1], b.line?.[0]), JSON.stringify(seen.cells)).toBe(true);
    expect(local.line).toBeNull();
    await page.screenshot({ path: 'test-results/fleet-overlay.png' });
    expect(app?.errors).toEqual([]);
  });
});
