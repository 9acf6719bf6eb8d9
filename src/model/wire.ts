// What the back end sends the renderer besides snapshots: connection states, snapshot listings,
// patches and counters. Plain data shared by Node and the browser (the API contract re-exports it).
import type { DockerProxy, Listener, Snapshot } from './snapshot.js';

export type ConnectionStatus =
  | { state: 'disconnected' }
  | { state: 'connecting'; since: string }
  | { state: 'live'; since: string; lastUpdate: string }
  | { state: 'reconnecting'; attempt: number; nextRetryAt: string; reason: string }
  /**
   * `code` is the ConnectionError code when known. With `host-key-unknown` or `host-key-changed`, `hostKey`
   * names the key: the app asks to trust an unknown one (its fingerprint, once) and refuses a changed one.
   */
  | { state: 'error'; reason: string; code?: string; hostKey?: HostKeyFacts };

/** An SSH host key the back end refused, for the app's host-key dialog. */
export interface HostKeyFacts {
  /** The hop whose key it is (the target or a jump host), as shown: `user@host[:port]`. */
  host: string;
  /** Key type (`ssh-ed25519`) and `SHA256:…` fingerprint, as `ssh-keygen -l` prints them. */
  keyType: string;
  fingerprint: string;
  /** The known_hosts file Netlens checked (and writes a trusted key to). */
  knownHostsPath: string;
  /** A changed key only: the command that removes the old entry, to copy (the app never offers to trust it). */
  removeCommand?: string;
}

export interface SnapshotMeta {
  id: string;
  name: string;
  note: string;
  host: string;
  target: string;
  capturedAt: string;
  savedAt: string;
  bytes: number;
  containers: number;
  /** Listing only: why the file cannot be read as a snapshot (it is still listed, to be removed). */
  error?: string;
}

/** Keyed collections of a snapshot that patches address. */
export type PatchCollection =
  | 'namespaces'
  | 'interfaces'
  | 'routes'
  | 'networks'
  | 'containers'
  | 'firewall.chains'
  | 'firewall.rules'
  | 'natFlows'
  | 'findings'
  | 'warnings';

/** Keyed changes to a list: items to insert or replace (every item of their key), keys to remove. */
export interface ListChanges<T> {
  upsert: T[];
  remove: string[];
}

/**
 * Each field only when it changed. A list travels whole when it became known or unknown (null),
 * else as keyed changes; old patches (history files written before) carry all three whole.
 */
export interface DeliveryPatch {
  sysctls?: Snapshot['sysctls'];
  listeners?: Snapshot['listeners'];
  proxies?: Snapshot['proxies'];
  listenerChanges?: ListChanges<Listener>;
  proxyChanges?: ListChanges<DockerProxy>;
}

export interface SnapshotPatch {
  /** capturedAt of the snapshot this patch applies to; a mismatch means: ask for a full snapshot. */
  base: string;
  capturedAt: string;
  host?: Snapshot['host'];
  firewallBackends?: Snapshot['firewall']['backends'];
  /** What changed of the sysctls, listening sockets and docker-proxy processes (see patch-delivery.ts). */
  delivery?: DeliveryPatch;
  /** Items to insert or replace, by key, per collection. */
  upsert: Partial<Record<PatchCollection, unknown[]>>;
  /** Keys to remove, per collection. */
  remove: Partial<Record<PatchCollection, string[]>>;
}

export interface InterfaceRate {
  id: string;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  /** Per second, over the last polling interval; 0 on the first sample. */
  rxBps: number;
  txBps: number;
  rxPps: number;
  txPps: number;
}

export interface RuleRate {
  id: string;
  packets: number;
  bytes: number;
  pps: number;
  bps: number;
}

/**
 * Counters of one poll. A `full` event lists every counter (the client replaces its table); otherwise
 * it lists only the counters whose totals or rates (3 significant digits) changed since the previous
 * event, and `gone` the ids that no longer have counters: the client merges it into its table.
 */
export interface CountersEvent {
  at: string;
  intervalMs: number;
  full: boolean;
  interfaces: InterfaceRate[];
  rules: RuleRate[];
  gone?: { interfaces: string[]; rules: string[] };
}

/** One recorded moment of a live session (the timeline): when, a full capture or a patch, in words. */
export interface HistoryPoint {
  at: string;
  kind: 'full' | 'patch';
  changes: string[];
}
