// The one API contract between the back end (Electron main or `netlens serve`) and the renderer.
// Requests are methods validated by zod where they enter; events are pushed. Both transports
// (Electron IPC via the preload, WebSocket for serve) implement exactly this.
import { z } from 'zod';
import {
  DOCKER_HOST_MAX,
  HISTORY_POINTS_MAX,
  HOST_ID_MAX,
  HOST_LABEL_MAX,
  IDENTITY_FILE_MAX,
  IMPORT_CONTENT_MAX,
  JUMP_MAX,
  PORT_TEXT_MAX,
  IMPORT_FILE_NAME_MAX,
  SNAPSHOT_ID_PATTERN,
  SNAPSHOT_NAME_MAX,
  SNAPSHOT_NOTE_MAX,
  TARGET_MAX,
  TARGET_USER_MAX,
} from '../model/limits.js';
import type { Snapshot, Warning } from '../model/snapshot.js';
import type { SnapshotDiff } from '../model/diff-types.js';
import type {
  ConnectionStatus,
  CountersEvent,
  HistoryPoint,
  SnapshotMeta,
  SnapshotPatch,
} from '../model/wire.js';

export type {
  ConnectionStatus,
  CountersEvent,
  HostKeyFacts,
  HistoryPoint,
  InterfaceRate,
  PatchCollection,
  RuleRate,
  SnapshotMeta,
  SnapshotPatch,
} from '../model/wire.js';

export interface HostEntry {
  /** The target, followed by ` ` and the engine address when the host names one. */
  id: string;
  target: string;
  /** The engine socket (`unix:///run/podman/podman.sock`), null for the host's default Docker socket. */
  dockerHost: string | null;
  label: string;
  /** Saved settings, present when set (else the target and the ssh config decide). */
  user?: string;
  port?: number;
  /** A private key tried first for the target, as `-i` (absolute, or `~/…`). */
  identityFile?: string;
  /** Jump hosts, as ProxyJump (`bastion,ops@10.0.0.1:2222`, or `none` for a direct connection). */
  jump?: string;
  /** false: a non-root login never tries `sudo -n` for the kernel facts (absent: it does). */
  sudo?: false;
  status: ConnectionStatus;
}

/** Where `hosts:import` looks: `~/.ssh/config` Host aliases, or Docker contexts with `ssh://` endpoints. */
export type HostImportSource = 'ssh-config' | 'docker-contexts';

/** A host `hosts:import` found; `hosts:add` with its `settings` saves it. */
export interface HostCandidate {
  /** Where it came from: the alias, or the Docker context's name. */
  source: string;
  settings: HostSettingsInput;
  /** The id it would have, and whether a saved host has it already. */
  id: string;
  saved: boolean;
}

/** A saved snapshot, a live host now, or a live host at a recorded moment of its timeline. */
export type SnapshotRef =
  | { kind: 'saved'; id: string }
  | { kind: 'live'; hostId: string }
  | { kind: 'moment'; hostId: string; at: string };

// Limits from model/limits.ts: a host id is the trimmed target text (plus ` ` and the engine address).
const hostId = z.string().min(1).max(HOST_ID_MAX);
const snapshotId = z.string().regex(SNAPSHOT_ID_PATTERN, 'a snapshot id');
const snapshotName = z.string().min(1).max(SNAPSHOT_NAME_MAX);
/** A moment of a recorded timeline: an ISO time as the timeline lists it. */
const moment = z.iso.datetime({ offset: true });
const snapshotRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), id: snapshotId }),
  z.object({ kind: z.literal('live'), hostId }),
  z.object({ kind: z.literal('moment'), hostId, at: moment }),
]);

/**
 * A saved host as the form sends it; the back end checks every field with the one target grammar and
 * the ssh config (a refusal names the fields: WireError.fields). Empty text means "not set".
 */
const hostSettings = z.object({
  target: z.string().trim().min(1).max(TARGET_MAX),
  /** The engine socket on that host (Podman's, a second dockerd's); checked by the back end. */
  dockerHost: z.string().trim().max(DOCKER_HOST_MAX).optional(),
  label: z.string().max(HOST_LABEL_MAX).optional(),
  user: z.string().trim().max(TARGET_USER_MAX).optional(),
  /** A number, or the text typed (checked by the back end, so the error stands next to the field). */
  port: z.union([z.number(), z.string().trim().max(PORT_TEXT_MAX)]).optional(),
  identityFile: z.string().trim().max(IDENTITY_FILE_MAX).optional(),
  jump: z.string().trim().max(JUMP_MAX).optional(),
  sudo: z.boolean().optional(),
});
export type HostSettingsInput = z.input<typeof hostSettings>;
const fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a SHA256 fingerprint');

/** Argument schemas, one per request; the handler table is typed from them. */
export const requestSchemas = {
  'hosts:list': z.object({}),
  'hosts:add': hostSettings,
  /** Replaces a saved host's settings (its id follows its target and engine socket). */
  'hosts:update': z.object({ hostId, settings: hostSettings }),
  'hosts:remove': z.object({ hostId }),
  /** Hosts found in `~/.ssh/config` or the Docker contexts, to add one by one. */
  'hosts:import': z.object({ source: z.enum(['ssh-config', 'docker-contexts']) }),
  /**
   * acceptNewHostKey: trust and remember any SSH host key seen for the first time (the CLI's flag).
   * trustHostKey: only this fingerprint, the one the app showed and the person trusted; never a changed key.
   */
  'session:connect': z.object({
    hostId,
    acceptNewHostKey: z.boolean().optional(),
    trustHostKey: fingerprint.optional(),
  }),
  'session:disconnect': z.object({ hostId }),
  'session:capture': z.object({ hostId }),
  'session:current': z.object({ hostId }),
  /** Every counter as a full event (counters are pushed as deltas: a client that joins late asks once). */
  'session:counters': z.object({ hostId }),
  'snapshots:save': z.object({
    hostId,
    name: snapshotName,
    note: z.string().max(SNAPSHOT_NOTE_MAX).optional(),
  }),
  'snapshots:list': z.object({}),
  'snapshots:open': z.object({ id: snapshotId }),
  'snapshots:rename': z.object({ id: snapshotId, name: snapshotName }),
  'snapshots:delete': z.object({ id: snapshotId }),
  'snapshots:import': z.object({
    fileName: z.string().max(IMPORT_FILE_NAME_MAX),
    content: z.string().max(IMPORT_CONTENT_MAX),
  }),
  'snapshots:export': z.object({ id: snapshotId, redact: z.boolean().optional() }),
  /** Options as in CompareOptions (model/diff-types.ts). */
  'snapshots:compare': z.object({
    a: snapshotRef,
    b: snapshotRef,
    all: z.boolean().optional(),
    byRole: z.boolean().optional(),
    strict: z.boolean().optional(),
  }),
  /** The recorded timeline of a host: its moments, newest last (at most `limit`, default and cap 5000). */
  'history:list': z.object({
    hostId,
    since: moment.optional(),
    until: moment.optional(),
    limit: z.number().int().min(1).max(HISTORY_POINTS_MAX).optional(),
  }),
  /** The host as recorded at a moment. */
  'history:at': z.object({ hostId, at: moment }),
  /** "Save this moment": the host as recorded at a moment, saved as a snapshot. */
  'history:save': z.object({
    hostId,
    at: moment,
    name: snapshotName,
    note: z.string().max(SNAPSHOT_NOTE_MAX).optional(),
  }),
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;

/** What each request resolves to. */
export interface RequestResults {
  'hosts:list': HostEntry[];
  'hosts:add': HostEntry;
  'hosts:update': HostEntry;
  'hosts:remove': void;
  /** What was found, and one line for each entry passed over (a bad context file, an alias that does not parse). */
  'hosts:import': { candidates: HostCandidate[]; skipped: string[] };
  'session:connect': void;
  'session:disconnect': void;
  'session:capture': Snapshot;
  'session:current': Snapshot | null;
  'session:counters': CountersEvent | null;
  'snapshots:save': SnapshotMeta;
  'snapshots:list': SnapshotMeta[];
  'snapshots:open': Snapshot;
  'snapshots:rename': SnapshotMeta;
  'snapshots:delete': void;
  'snapshots:import': SnapshotMeta;
  'snapshots:export': { fileName: string; content: string };
  /** The diff and the two snapshots it was computed from (a live ref resolved once, for all three). */
  'snapshots:compare': { diff: SnapshotDiff; a: Snapshot; b: Snapshot };
  'history:list': HistoryPoint[];
  'history:at': Snapshot;
  'history:save': SnapshotMeta;
}

/** Pushed events, all scoped to a host. */
export interface EventPayloads {
  'host:status': { hostId: string; status: ConnectionStatus };
  'host:snapshot': { hostId: string; snapshot: Snapshot };
  'host:patch': { hostId: string; patch: SnapshotPatch };
  'host:counters': { hostId: string; counters: CountersEvent };
  'host:warnings': { hostId: string; warnings: Warning[] };
  'hosts:changed': { hosts: HostEntry[] };
}
export type EventName = keyof EventPayloads;
export const eventNames = [
  'host:status',
  'host:snapshot',
  'host:patch',
  'host:counters',
  'host:warnings',
  'hosts:changed',
] as const satisfies readonly EventName[];

/** The API as the renderer sees it (window.netlens in Electron, a WebSocket client in a browser). */
export interface NetlensApi {
  request<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** The back end's handler table: `satisfies Handlers` makes a missing handler a compile error. */
export type Handlers = {
  [K in RequestName]: (args: z.output<(typeof requestSchemas)[K]>) => Promise<RequestResults[K]>;
};

/** Error shape that crosses a transport: the caller re-throws it as an ApiError. */
export interface WireError {
  code: 'bad-request' | 'not-found' | 'unavailable' | 'internal' | 'conflict';
  message: string;
  /** A refused form: what is wrong with each field, by field name (shown next to the field). */
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly code: WireError['code'],
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Validate a request at the boundary; throws ApiError('bad-request') naming the field. */
export function parseRequest<K extends RequestName>(
  name: string,
  args: unknown,
): { name: K; args: z.output<(typeof requestSchemas)[K]> } {
  if (!Object.hasOwn(requestSchemas, name)) throw new ApiError('bad-request', `unknown request "${name}"`);
  const schema = requestSchemas[name as K];
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
    const field = issue?.path[issue.path.length - 1];
    throw new ApiError(
      'bad-request',
      `${name}: ${where}: ${issue?.message ?? 'invalid'}`,
      typeof field === 'string' ? { [field]: issue?.message ?? 'invalid' } : undefined,
    );
  }
  return { name: name as K, args: parsed.data as z.output<(typeof requestSchemas)[K]> };
}

/** WebSocket wire protocol of `netlens serve` (the token travels as `?token=` on the socket URL). */
export type ClientMessage = { type: 'request'; id: number; name: string; args: unknown };
export type ServerMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: WireError }
  | { type: 'event'; event: EventName; payload: unknown };
export const WS_PATH = '/api';
