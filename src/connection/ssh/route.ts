// How to reach a host, hop by hop, as OpenSSH would: ProxyJump (from --jump or the ssh config)
// makes the last jump host the hop before the target, reached the same way with the hops before it;
// the first jump host follows its own config (its ProxyJump, or its ProxyCommand). A hop list given
// on a higher level (the command line, or a ProxyJump list) overrides a host's own proxy settings.
import { JUMP_HOPS_MAX } from '../../model/limits.js';
import { ConnectionError } from '../types.js';
import { proxyCommandArgv } from './proxy-command.js';
import type { SshTarget } from './target.js';

export interface Hop {
  target: SshTarget;
  /** The byte stream to it: TCP, a channel of the hop before it, or a ProxyCommand's pipes. */
  via: 'tcp' | 'previous-hop' | 'proxy-command';
  /** The ProxyCommand's argument vector (via 'proxy-command'). */
  proxyArgv?: string[];
}

export interface Route {
  /** In connection order: the first is reached directly (or by its ProxyCommand), the last is the target. */
  hops: Hop[];
  /** What of the ssh config Netlens does not honour, for every hop. */
  warnings: string[];
}

/** More than this is taken for a loop in the ssh config. */
const MAX_HOPS = JUMP_HOPS_MAX;

function tooLong(target: SshTarget): ConnectionError {
  return new ConnectionError(
    'bad-target',
    `the jump hosts for ${target.alias} go on for more than ${MAX_HOPS} hops: check the ssh config's ProxyJump entries for a loop`,
  );
}

/** The hops of a ProxyJump value (`a,ops@b:2222,ssh://c`), or [] for `none`. */
export function jumpList(spec: string): string[] {
  if (spec.trim().toLowerCase() === 'none') return [];
  const hops = spec.split(',').map((hop) => hop.trim());
  if (hops.some((hop) => hop === ''))
    throw new ConnectionError(
      'bad-target',
      `invalid jump host list ${JSON.stringify(spec)}: write hosts separated by commas, e.g. bastion,ops@10.0.0.1:2222`,
    );
  return hops;
}

/**
 * `jump`: hops given on the command line (`-J`), which override the target's config; `none` means
 * a direct connection whatever the config says. `parseHop` resolves a hop as a target (its config).
 */
export function planRoute(
  target: SshTarget,
  jump: string | undefined,
  parseHop: (text: string) => SshTarget,
): Route {
  const warnings: string[] = [];
  const route = (hop: SshTarget, override: string | undefined, depth: number): Hop[] => {
    if (depth > MAX_HOPS) throw tooLong(target);
    warnings.push(...(hop.configWarnings ?? []));
    const jumps = jumpList(override ?? hop.proxyJump ?? 'none');
    if (jumps.length > 0) {
      const last = parseHop(jumps[jumps.length - 1] as string);
      const before = jumps.slice(0, -1);
      // The first jump host follows its own config; later ones are reached through the list.
      const below = route(last, before.length > 0 ? before.join(',') : undefined, depth + 1);
      return [...below, { target: hop, via: 'previous-hop' }];
    }
    if (override === undefined && hop.proxyCommand !== undefined)
      return [{ target: hop, via: 'proxy-command', proxyArgv: proxyCommandArgv(hop.proxyCommand, hop) }];
    return [{ target: hop, via: 'tcp' }];
  };
  const hops = route(target, jump, 0);
  if (hops.length > MAX_HOPS) throw tooLong(target);
  return { hops, warnings: [...new Set(warnings)] };
}
