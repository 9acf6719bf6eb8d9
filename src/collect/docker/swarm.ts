// Swarm services and their tasks, from a manager's API (`/services`, `/tasks`, `/nodes`): what a
// service publishes (routing mesh or host mode), its virtual IP per network, and where each task runs.
// Pure parsing plus a thin reader; a worker cannot list them, which is not an error.
import type Docker from 'dockerode';
import { z } from 'zod';
import { cmp } from '../../model/order.js';
import type { Service, ServiceTask } from '../../model/snapshot.js';

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

const PortConfig = z.object({
  Protocol: z.enum(['tcp', 'udp', 'sctp']).nullish(),
  TargetPort: z.number().int().nonnegative().nullish(),
  PublishedPort: z.number().int().nonnegative().nullish(),
  PublishMode: str,
});

const SwarmService = z.object({
  ID: z.string(),
  Spec: z.object({
    Name: z.string(),
    Mode: z
      .object({ Replicated: z.object({ Replicas: z.number().int().nonnegative().nullish() }).nullish() })
      .loose()
      .nullish(),
  }),
  Endpoint: z
    .object({ Ports: list(PortConfig), VirtualIPs: list(z.object({ NetworkID: str, Addr: str })) })
    .nullish(),
});

const SwarmTask = z.object({
  ID: z.string(),
  ServiceID: z.string(),
  Slot: z.number().int().nonnegative().nullish(),
  NodeID: str,
  DesiredState: str,
  Status: z.object({ State: str, ContainerStatus: z.object({ ContainerID: str }).nullish() }),
  NetworksAttachments: list(
    z.object({
      Network: z.object({ ID: str, Spec: z.object({ Name: str }).nullish() }),
      Addresses: list(z.string()),
    }),
  ),
});

const SwarmNode = z.object({ ID: z.string(), Description: z.object({ Hostname: str }).nullish() });

function valid<T>(schema: z.ZodType<T>, raw: unknown, what: string, problems: string[]): T[] {
  if (!Array.isArray(raw)) {
    problems.push(`the Swarm ${what} list was not understood (not a list)`);
    return [];
  }
  const out: T[] = [];
  for (const item of raw) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else
      problems.push(
        `a Swarm ${what.replace(/s$/, '')} was not understood (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
  }
  return out;
}

/**
 * Services with their tasks. `networkNames` maps network ids to names (the Docker network list);
 * `containerNames` maps container ids to names on this host.
 */
export function swarmServices(
  raw: { services: unknown; tasks: unknown; nodes: unknown },
  networkNames: ReadonlyMap<string, string>,
  containerNames: ReadonlyMap<string, string>,
  problems: string[],
): Service[] {
  const nodes = new Map(
    valid(SwarmNode, raw.nodes, 'nodes', problems).map((n) => [n.ID, n.Description?.Hostname || n.ID]),
  );
  const tasks = valid(SwarmTask, raw.tasks, 'tasks', problems);
  return valid(SwarmService, raw.services, 'services', problems)
    .map((s): Service => ({
      id: s.ID,
      name: s.Spec.Name,
      mode: s.Spec.Mode?.Replicated ? 'replicated' : 'global' in (s.Spec.Mode ?? {}) ? 'global' : 'other',
      replicas: s.Spec.Mode?.Replicated?.Replicas ?? null,
      ports: (s.Endpoint?.Ports ?? [])
        .filter((p) => p.TargetPort != null)
        .map((p) => ({
          protocol: p.Protocol ?? 'tcp',
          targetPort: p.TargetPort ?? 0,
          publishedPort: p.PublishedPort ?? 0,
          publishMode: p.PublishMode || 'ingress',
        }))
        .sort((a, b) => a.publishedPort - b.publishedPort || cmp(a.protocol, b.protocol)),
      networks: (s.Endpoint?.VirtualIPs ?? [])
        .map((v) => ({ network: networkNames.get(v.NetworkID) ?? v.NetworkID, vip: v.Addr || null }))
        .sort((a, b) => cmp(a.network, b.network)),
      tasks: tasks
        .filter((t) => t.ServiceID === s.ID)
        .map((t): ServiceTask => ({
          id: t.ID,
          slot: t.Slot ?? null,
          node: t.NodeID ? (nodes.get(t.NodeID) ?? t.NodeID) : null,
          state: t.Status.State,
          desiredState: t.DesiredState,
          container: containerNames.get(t.Status.ContainerStatus?.ContainerID ?? '') ?? null,
          addresses: t.NetworksAttachments.flatMap((a) =>
            a.Addresses.map(
              (addr) => `${a.Network.Spec?.Name || networkNames.get(a.Network.ID) || a.Network.ID}=${addr}`,
            ),
          ).sort(cmp),
        }))
        .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || cmp(a.id, b.id)),
    }))
    .sort((a, b) => cmp(a.name, b.name));
}

/** Reads services, tasks and nodes from a manager. */
export async function readSwarm(
  docker: Docker,
): Promise<{ services: unknown; tasks: unknown; nodes: unknown }> {
  const [services, tasks, nodes] = await Promise.all([
    docker.listServices() as Promise<unknown>,
    docker.listTasks() as Promise<unknown>,
    docker.listNodes() as Promise<unknown>,
  ]);
  return { services, tasks, nodes };
}
