// Zod schemas for the parts of Docker Engine API responses Netlens reads (API 1.41 – 1.51).
// The engine is a remote, untrusted peer: anything else in the payload is ignored, anything
// malformed here is reported instead of crashing the capture.
import { z } from 'zod';

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const strMap = z
  .record(z.string(), z.string().nullable())
  .nullish()
  .transform((v) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(v ?? {})) if (value !== null) out[key] = value;
    return out;
  });

export const DockerVersion = z.object({
  Version: str,
  ApiVersion: str,
  KernelVersion: str,
  Os: str,
  /** `Docker Engine - Community`, `Docker Desktop 4.x (…)`; Podman puts `linux/amd64/<distro>` here. */
  Platform: z.object({ Name: str }).nullish(),
  /** `Engine` for Docker, `Podman Engine` for Podman, then containerd, runc… */
  Components: z
    .array(z.object({ Name: str, Version: str }))
    .nullish()
    .transform((v) => v ?? []),
});

export const DockerInfo = z.object({
  Name: str,
  OperatingSystem: str,
  SecurityOptions: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  FirewallBackend: z.object({ Driver: str }).nullish(),
  Swarm: z
    .object({ NodeID: str, NodeAddr: str, LocalNodeState: str, ControlAvailable: z.boolean().nullish() })
    .nullish(),
});

/** One network of Podman's own API (`/libpod/networks/json`): the Linux device its compat list omits. */
export const PodmanNetwork = z.object({
  name: z.string(),
  id: z.string(),
  driver: str,
  network_interface: str,
});

const PortBinding = z.object({ HostIp: str, HostPort: str });

export const EndpointSettings = z.object({
  NetworkID: str,
  EndpointID: str,
  Gateway: str,
  IPAddress: str,
  IPPrefixLen: z.number().int().nullish(),
  GlobalIPv6Address: str,
  MacAddress: str,
  Aliases: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});

export const ContainerInspect = z.object({
  Id: z.string().regex(/^[0-9a-f]{12,64}$/),
  Name: z.string(),
  Config: z
    .object({
      Image: str,
      Labels: strMap,
    })
    .nullish(),
  State: z.object({
    Status: str,
    Running: z.boolean().nullish(),
    Pid: z.number().int().nullish(),
  }),
  HostConfig: z
    .object({
      NetworkMode: str,
      /** What `-p` asked for; Docker publishes none of it for a container on internal networks only. */
      PortBindings: z.record(z.string(), z.array(PortBinding).nullable()).nullish(),
    })
    .nullish(),
  NetworkSettings: z
    .object({
      SandboxKey: str,
      Ports: z.record(z.string(), z.array(PortBinding).nullable()).nullish(),
      Networks: z.record(z.string(), EndpointSettings).nullish(),
    })
    .nullish(),
});

export const NetworkInspect = z.object({
  Id: z.string(),
  Name: z.string(),
  Driver: str,
  Scope: str,
  Internal: z.boolean().nullish(),
  EnableIPv6: z.boolean().nullish(),
  IPAM: z
    .object({
      Config: z
        .array(z.object({ Subnet: str, Gateway: str }))
        .nullish()
        .transform((v) => v ?? []),
    })
    .nullish(),
  Options: strMap,
});

export type DockerVersion = z.infer<typeof DockerVersion>;
export type DockerInfo = z.infer<typeof DockerInfo>;
export type PodmanNetwork = z.infer<typeof PodmanNetwork>;
export type ContainerInspect = z.infer<typeof ContainerInspect>;
export type NetworkInspect = z.infer<typeof NetworkInspect>;
