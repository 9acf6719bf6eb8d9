// The Docker events stream (newline-delimited JSON), reduced to the events that change the network.
import type Docker from 'dockerode';
import { z } from 'zod';

// Not `kill`: it changes nothing by itself, and a re-capture it starts would delay the one for the
// `die` that follows ~0.1 s later.
export const CONTAINER_ACTIONS = ['create', 'start', 'die', 'destroy', 'rename', 'stop', 'pause', 'unpause'];
export const NETWORK_ACTIONS = ['create', 'destroy', 'connect', 'disconnect'];

export interface DockerEvent {
  type: 'container' | 'network';
  action: string;
  /** Container or network id. */
  id: string;
  /** Actor name (container or network name), when the engine gives one. */
  name: string | null;
  /** The container it concerns: the actor of a container event, the `container` of a connect/disconnect. */
  container: string | null;
  /** Nanoseconds since the epoch, exactly as the engine printed them (too big for a double). */
  timeNano: string;
}

const RawEvent = z.object({
  Type: z.string(),
  Action: z.string(),
  Actor: z.object({ ID: z.string(), Attributes: z.record(z.string(), z.string()).optional() }).optional(),
  time: z.number().optional(),
});

/** One line of the stream, or null for anything that is not a relevant, well-formed event. */
export function parseDockerEvent(line: string): DockerEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = RawEvent.safeParse(json);
  if (!parsed.success) return null;
  const { Type, Action, Actor, time } = parsed.data;
  const relevant =
    (Type === 'container' && CONTAINER_ACTIONS.includes(Action)) ||
    (Type === 'network' && NETWORK_ACTIONS.includes(Action));
  if (!relevant) return null;
  const nano = /"timeNano":\s*(\d{1,25})/.exec(line)?.[1] ?? (time !== undefined ? `${time}000000000` : '0');
  return {
    type: Type,
    action: Action,
    id: Actor?.ID ?? '',
    name: Actor?.Attributes?.name ?? null,
    container: (Type === 'container' ? Actor?.ID : Actor?.Attributes?.container) || null,
    timeNano: nano,
  };
}

/** The `since` query value that replays events from the millisecond of `timeNano` on. */
export function sinceFromTimeNano(timeNano: string): number {
  const ms = timeNano.length > 6 ? Number(timeNano.slice(0, -6)) : 0;
  return Math.floor(ms) / 1000;
}

export interface EventsSubscription {
  /** Destroys the stream; onEnd is not called for a close we asked for. */
  close(): void;
}

/**
 * Opens the events stream. `onEnd` is called once when the stream ends or fails on its own
 * (the engine stopped, the connection dropped).
 */
export async function subscribeDockerEvents(
  docker: Docker,
  handlers: { since?: string | null; onEvent: (event: DockerEvent) => void; onEnd: (error?: Error) => void },
): Promise<EventsSubscription> {
  const stream = (await docker.getEvents({
    ...(handlers.since ? { since: sinceFromTimeNano(handlers.since) } : {}),
    filters: {
      type: ['container', 'network'],
      event: [...new Set([...CONTAINER_ACTIONS, ...NETWORK_ACTIONS])],
    },
  })) as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  let closed = false;
  let buffer = '';
  const end = (error?: Error) => {
    if (closed) return;
    closed = true;
    handlers.onEnd(error);
  };
  stream.on('data', (chunk: Buffer | string) => {
    buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    // Bound the buffer: a line this long is not an event of ours.
    if (buffer.length > 1_000_000) buffer = '';
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      const event = line ? parseDockerEvent(line) : null;
      if (event && !closed) handlers.onEvent(event);
    }
  });
  stream.on('end', () => end(new Error('the Docker events stream ended')));
  stream.on('close', () => end(new Error('the Docker events stream closed')));
  stream.on('error', (error: Error) => end(error));
  return {
    close() {
      closed = true;
      stream.removeAllListeners('data');
      // Keep an error listener: a destroyed socket may still report ECONNRESET.
      stream.on('error', () => undefined);
      stream.destroy?.();
    },
  };
}
