// The saved hosts behind the contract: list, add, update (a re-keyed host keeps its place), remove,
// and import from the ssh config or Docker contexts. The registry itself (the map, its file, the
// sessions) is the back end's (backend.ts); these handlers get what they need from it.
import type { ConnectionStatus, Handlers, HostEntry } from '../api/contract.js';
import { ApiError } from '../api/contract.js';
import type { ParseTargetOptions } from '../connection/ssh/target.js';
import type { HostState } from './backend.js';
import { checkHostSettings, hostIdOf, LOCAL_HOST_ID } from './host-record.js';
import type { HostRecord } from './host-record.js';
import { readDockerContexts, readSshConfigImport } from './hosts-import.js';

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A host as the contract lists it: its settings present only when set. */
export function hostEntryOf(id: string, record: HostRecord, status: ConnectionStatus): HostEntry {
  const { target, dockerHost, label, user, port, identityFile, jump, sudo } = record;
  return {
    id,
    target,
    dockerHost: dockerHost ?? null,
    label,
    ...(user !== undefined && { user }),
    ...(port !== undefined && { port }),
    ...(identityFile !== undefined && { identityFile }),
    ...(jump !== undefined && { jump }),
    ...(sudo === false && { sudo }),
    status,
  };
}

export interface HostRegistry {
  hosts: Map<string, HostState>;
  newState(record: HostRecord): HostState;
  /** Resolves once the hosts file was read. */
  ready: Promise<void>;
  targetOptions: ParseTargetOptions;
  /** Runs a change of the list after the ones before it. */
  mutateHosts<T>(change: () => Promise<T>): Promise<T>;
  hostOf(hostId: string): Promise<HostState>;
  persist(): Promise<void>;
  disconnect(hostId: string, state: HostState): Promise<void>;
  /** Tells every client the list changed. */
  changed(): void;
  entryOf(id: string, state: HostState): HostEntry;
  list(): HostEntry[];
}

type HostHandlers = Pick<
  Handlers,
  'hosts:list' | 'hosts:add' | 'hosts:update' | 'hosts:remove' | 'hosts:import'
>;

export function hostHandlers(ctx: HostRegistry): HostHandlers {
  return {
    'hosts:list': async () => {
      await ctx.ready;
      return ctx.list();
    },
    'hosts:add': (settings) =>
      ctx.mutateHosts(async () => {
        // Every field through the one target grammar and the ssh config `connect` will read: a host
        // that is added is one that can be connected to. The id is the target as written (trimmed, user
        // and port folded in), plus the engine address when one is named.
        const record = checkHostSettings(settings, ctx.targetOptions);
        const id = hostIdOf(record);
        if (ctx.hosts.has(id)) throw new ApiError('conflict', `host "${id}" is already in the list`);
        const state = ctx.newState(record);
        ctx.hosts.set(id, state);
        try {
          await ctx.persist();
        } catch (error) {
          ctx.hosts.delete(id);
          throw error;
        }
        ctx.changed();
        return ctx.entryOf(id, state);
      }),
    'hosts:update': ({ hostId, settings }) =>
      ctx.mutateHosts(async () => {
        if (hostId === LOCAL_HOST_ID) throw new ApiError('bad-request', '"local" cannot be changed');
        const state = await ctx.hostOf(hostId);
        const record = checkHostSettings(settings, ctx.targetOptions);
        const id = hostIdOf(record);
        if (id !== hostId && ctx.hosts.has(id))
          throw new ApiError('conflict', `host "${id}" is already in the list`, {
            target: `"${id}" is already in the list`,
          });
        // New settings count from the next connect: the session of the old ones ends.
        await ctx.disconnect(hostId, state);
        const before = [...ctx.hosts];
        const replaced = ctx.newState(record);
        ctx.hosts.clear();
        for (const [key, value] of before)
          ctx.hosts.set(key === hostId ? id : key, key === hostId ? replaced : value);
        try {
          await ctx.persist();
        } catch (error) {
          ctx.hosts.clear();
          for (const [key, value] of before) ctx.hosts.set(key, value);
          throw error;
        }
        ctx.changed();
        return ctx.entryOf(id, replaced);
      }),
    'hosts:remove': ({ hostId }) =>
      ctx.mutateHosts(async () => {
        if (hostId === LOCAL_HOST_ID) throw new ApiError('bad-request', '"local" cannot be removed');
        const state = await ctx.hostOf(hostId);
        await ctx.disconnect(hostId, state);
        ctx.hosts.delete(hostId);
        await ctx.persist();
        ctx.changed();
      }),
    'hosts:import': async ({ source }) => {
      await ctx.ready;
      const result =
        source === 'ssh-config'
          ? await readSshConfigImport(ctx.targetOptions)
          : await readDockerContexts(
              ctx.targetOptions.homedir !== undefined ? { homedir: ctx.targetOptions.homedir } : {},
            );
      const candidates = result.found.flatMap((item) => {
        try {
          const id = hostIdOf(checkHostSettings(item.settings, ctx.targetOptions));
          return [{ source: item.source, settings: item.settings, id, saved: ctx.hosts.has(id) }];
        } catch (error) {
          result.skipped.push(`${item.source}: ${reasonOf(error)}`);
          return [];
        }
      });
      return { candidates, skipped: result.skipped };
    },
  };
}
