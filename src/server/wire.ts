// The real modules behind the back end's interfaces (deps.ts), for `netlens serve` and Electron.
import { dirname, join } from 'node:path';
import { createCapturer } from '../capture/capturer.js';
import { connect } from '../connection/connect.js';
import type { ConnectOptions } from '../connection/connect.js';
import { diffSnapshots } from '../diff/index.js';
import { openHistory, type HistoryOptions } from '../history/index.js';
import { auditIntervalFromEnv, formatAuditReport } from '../session/audit.js';
import { createHostSession, type HostSessionOptions } from '../session/host-session.js';
import { defaultStoreDir, openStore } from '../store/index.js';
import type { Backend } from './backend.js';
import { createBackend } from './backend.js';
import { tuneHeapForLiveSessions } from './heap-tuning.js';

export interface DefaultBackendOptions {
  /** Snapshot folder (`--store`); defaultStoreDir() otherwise. */
  storeDir?: string;
  /** Where hosts.json lives; the folder above the default snapshot folder otherwise. */
  dataDir?: string;
  /** SSH options (known_hosts, identity, …) for every connection this back end opens. */
  connectOptions?: ConnectOptions;
  /** How live sessions are recorded (on by default); false turns recording off. */
  history?: HistoryOptions | false;
  /** Where the timelines live; `history` beside the snapshot folder otherwise. */
  historyDir?: string;
  log?: (line: string) => void;
  /** Benchmarks: stage times of every capture of every session (see HostSessionOptions). */
  onCaptureTimings?: HostSessionOptions['onCaptureTimings'];
  /**
   * Audit every live session every this many ms (src/session/audit.ts), logging what differs;
   * `NETLENS_AUDIT=<seconds>` in the environment by default, off without it.
   */
  auditMs?: number | null;
  /**
   * Tests: the clock captures are stamped with (`capturedAt`, hence the timeline's times), so a real
   * event can be recorded minutes before the next without waiting minutes.
   */
  now?: () => Date;
}

export function createDefaultBackend(options: DefaultBackendOptions = {}): Backend {
  tuneHeapForLiveSessions();
  const dataDir = options.dataDir ?? dirname(defaultStoreDir());
  const connectOptions = options.connectOptions ?? {};
  const storeDir = options.storeDir ?? defaultStoreDir();
  const auditMs = options.auditMs === undefined ? auditIntervalFromEnv(process.env) : options.auditMs;
  const log = options.log ?? ((line: string) => console.error(line));
  const history =
    options.history === false
      ? undefined
      : openHistory(
          options.historyDir ?? join(dirname(storeDir), 'history'),
          options.history ?? {},
          options.log ? { log: options.log } : {},
        );
  return createBackend({
    ...(history ? { history } : {}),
    createSession: ({ hostId, target, emit, acceptNewHostKey, settings }) =>
      createHostSession({
        hostId,
        target: hostId,
        // Every (re)connect of this session goes to the Target the back end parsed.
        connect: () =>
          connect(target, {
            ...connectOptions,
            // A saved host's identity file and jump hosts stand where --identity and -J would.
            ...settings,
            acceptNewHostKey: acceptNewHostKey === true || connectOptions.acceptNewHostKey,
          }),
        createCapturer: (conn, target) =>
          createCapturer(conn, { target, ...(options.now ? { now: options.now } : {}) }),
        emit,
        ...(options.onCaptureTimings ? { onCaptureTimings: options.onCaptureTimings } : {}),
        ...(auditMs
          ? {
              audit: {
                intervalMs: auditMs,
                onReport: (report) => {
                  const line = formatAuditReport(report);
                  if (line) log(`warning: ${line}`);
                },
              },
            }
          : {}),
      }),
    store: openStore(storeDir),
    diff: (a, b, labels, options) => diffSnapshots(a, b, labels, options),
    hostsFile: join(dataDir, 'hosts.json'),
    targetOptions: {
      ...(connectOptions.sshConfigPath !== undefined && { sshConfigPath: connectOptions.sshConfigPath }),
      ...(connectOptions.homedir !== undefined && { homedir: connectOptions.homedir }),
    },
    ...(options.log ? { log: options.log } : {}),
  });
}
