// bench:live helpers: the real `netlens serve` back end and server in this process, and a WebSocket
// client that plays the renderer (applies every patch to its view, notes when each event arrived).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WS_PATH } from '../../src/api/contract.js';
import type { EventPayloads, ServerMessage } from '../../src/api/contract.js';
import { epochNow } from '../../src/collect/stage-clock.js';
import type { ConnectOptions } from '../../src/connection/connect.js';
import { applyPatch } from '../../src/model/patch.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { startServer } from '../../src/server/serve.js';
import { createDefaultBackend } from '../../src/server/wire.js';
import type { CaptureTimings } from '../../src/session/host-session.js';

/** When a message arrived and what handling it cost (epoch ms, fractional). */
export interface Arrival {
  at: number;
  /** After it was parsed and (a patch) applied to the view. */
  appliedAt: number;
  /** JSON.parse + applyPatch, ms. */
  applyMs: number;
  /** capturedAt of the snapshot or patch it carried. */
  capturedAt: string | null;
}

export interface LiveClient {
  view(): Snapshot | null;
  /** Called after each message is handled. */
  onUpdate(listener: (event: ServerMessage, arrival: Arrival) => void): () => void;
  counts: Record<string, number>;
  /** Bytes received per event name. */
  bytes: Record<string, number>;
  /** How many `host:warnings` events carried each warning (code: message, ids masked). */
  warnings: Map<string, number>;
  request(name: string, args: unknown, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts back end + server on 127.0.0.1 and connects one client to it. */
export async function startLiveClient(
  options: { onCaptureTimings?: (t: CaptureTimings) => void; connectOptions?: ConnectOptions } = {},
): Promise<LiveClient> {
  const { connectOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'nlv-bench-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>bench</title>');
  const backend = createDefaultBackend({
    storeDir: join(dir, 'store'),
    dataDir: join(dir, 'data'),
    ...(connectOptions && { connectOptions }),
    log: () => undefined,
    ...(options.onCaptureTimings ? { onCaptureTimings: options.onCaptureTimings } : {}),
  });
  const server = await startServer({ port: 0, staticDir: join(dir, 'static'), backend });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`, {
    headers: { origin: `http://127.0.0.1:${server.port}` },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  let view: Snapshot | null = null;
  const counts: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  const warnings = new Map<string, number>();
  const listeners = new Set<(event: ServerMessage, arrival: Arrival) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  socket.on('message', (data: Buffer) => {
    const at = epochNow();
    let capturedAt: string | null = null;
    const message = JSON.parse(data.toString('utf8')) as ServerMessage;
    if (message.type === 'response') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      return;
    }
    counts[message.event] = (counts[message.event] ?? 0) + 1;
    bytes[message.event] = (bytes[message.event] ?? 0) + data.length;
    if (message.event === 'host:snapshot') {
      view = (message.payload as EventPayloads['host:snapshot']).snapshot;
      capturedAt = view.capturedAt;
    }
    if (message.event === 'host:warnings')
      for (const w of (message.payload as EventPayloads['host:warnings']).warnings) {
        const key = `${w.code}: ${w.message}`.replace(/[0-9a-f]{12,64}/g, '<id>').slice(0, 200);
        warnings.set(key, (warnings.get(key) ?? 0) + 1);
      }
    if (message.event === 'host:patch' && view) {
      const { patch } = message.payload as EventPayloads['host:patch'];
      view = applyPatch(view, patch);
      capturedAt = patch.capturedAt;
    }
    const appliedAt = epochNow();
    const arrival = { at, appliedAt, applyMs: appliedAt - at, capturedAt };
    for (const listener of listeners) listener(message, arrival);
  });

  return {
    view: () => view,
    counts,
    bytes,
    warnings,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    request(name, args, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no answer in ${timeoutMs} ms`)), timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        socket.send(JSON.stringify({ type: 'request', id, name, args }));
      });
    },
    async close() {
      socket.close();
      await server.close();
      await backend.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves at the first update for which check() is true (deadline, no sleeps). */
export function nextUpdate(
  client: LiveClient,
  check: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<Arrival> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = client.onUpdate((_message, arrival) => {
      if (!check()) return;
      clearTimeout(timer);
      off();
      resolve(arrival);
    });
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
