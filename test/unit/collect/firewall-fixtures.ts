// Loads a recorded firewall scenario (test/fixtures/firewall/<name>/) as the FirewallOutputs the
// batched collection script would hand over. See test/fixtures/firewall/record.sh for how they were made.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIREWALL_COMMANDS, type FirewallOutputs } from '../../../src/collect/facts.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/firewall');

export type Scenario =
  'docker20' | 'legacy' | 'docker28' | 'docker29' | 'nftables' | 'denied' | 'podman-netavark' | 'podman-cni';

export function fixtureText(scenario: Scenario, file: string): string {
  return readFileSync(join(FIXTURES, scenario, file), 'utf8');
}

/** The outputs of one scenario; with mergeStderr, stderr is appended to stdout (as `2>&1` would). */
export function loadOutputs(scenario: Scenario, options: { mergeStderr?: boolean } = {}): FirewallOutputs {
  const codes = JSON.parse(fixtureText(scenario, 'codes.json')) as Record<string, number>;
  const outputs: FirewallOutputs = {};
  for (const cmd of FIREWALL_COMMANDS) {
    const out = join(FIXTURES, scenario, `${cmd}.out`);
    if (!existsSync(out)) continue;
    const err = join(FIXTURES, scenario, `${cmd}.err`);
    const stderr = options.mergeStderr && existsSync(err) ? readFileSync(err, 'utf8') : '';
    outputs[cmd] = { stdout: readFileSync(out, 'utf8') + stderr, code: codes[cmd] ?? null, missing: false };
  }
  return outputs;
}

/** What Docker itself said about the Engine 20.10 lab when its rules were recorded. */
export interface Docker20Lab {
  dockerVersion: string;
  appnetBridge: string;
  internalBridge: string;
  web: string;
  range: string;
  internal: string;
}

export function docker20Lab(): Docker20Lab {
  return JSON.parse(fixtureText('docker20', 'lab.json')) as Docker20Lab;
}
