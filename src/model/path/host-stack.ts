// The host namespace's part of a path: the netfilter hooks in the kernel's order (PREROUTING →
// routing → INPUT or FORWARD → POSTROUTING; for what the host sends, routing → OUTPUT → re-routing
// after DNAT → POSTROUTING), the sysctls that decide on the way (ip_forward, route_localnet,
// rp_filter) and the NAT statements that rewrite the packet.
import type { Interface, Route } from '../snapshot.js';
import type { Hook } from '../rules/rule-view.js';
import { parseNatTo } from '../rules/nat-to.js';
import { unknownMatters, walkHook, type HookResult, type NatAction } from './netfilter.js';
import { hookHops, ruleRef } from './hook-hops.js';
import { effective, forwarding } from './sysctl.js';
import {
  addressOf,
  byName,
  isLocal,
  isLoopbackAddress,
  routeFor,
  sourceFor,
  type RouteDecision,
} from './net-index.js';
import type { End, Trace, Words } from './trace.js';
import { text } from '../text/message.js';

type Types = readonly ('raw' | 'mangle' | 'nat' | 'filter')[];
const BEFORE_FILTER: Types = ['raw', 'mangle', 'nat'];

/** Walk one hook of the host with the trace's packet; its hops are added, a drop ends the path. */
export function walk(
  t: Trace,
  hook: Hook,
  types: Types,
  inDev: string | null,
  outDev: string | null,
): { result: HookResult; end: End | null } {
  const ix = t.ix;
  const p = t.pkt;
  const result = walkHook(
    ix.s.firewall,
    hook,
    {
      family: p.family,
      protocol: p.protocol,
      src: p.srcKnown ? p.src : null,
      ...(!p.srcKnown && p.srcNotIn && { srcNotIn: p.srcNotIn }),
      dst: p.dst,
      dport: p.dport,
      inInterface: inDev,
      outInterface: outDev,
      dstLocal: isLocal(ix, 'host', p.dst),
      srcLocal: isLocal(ix, 'host', p.src),
    },
    { types },
  );
  if (!ix.s.host.collected.firewall) t.lack(text('path.firewallMissing', {}));
  for (const u of unknownMatters(result)) {
    const r = ix.rule.get(u.ruleId);
    t.lack(
      r
        ? text(p.srcKnown ? 'path.ruleMatchMissing' : 'path.ruleMatchMissingSrc', {
            rule: `${r.table} ${r.chain} #${r.position}`,
            text: r.text,
          })
        : text('path.ruleIdMissing', { id: u.ruleId }),
    );
  }
  t.hops.push(...hookHops(ix, result, types.includes('filter')));
  if (result.verdict === 'ACCEPT') return { result, end: null };
  const rule = result.decidedBy ? ix.rule.get(result.decidedBy) : undefined;
  const end = rule
    ? t.blocked(
        text('path.droppedBy', { rule: `${rule.table} ${rule.chain} #${rule.position}`, text: rule.text }),
        {
          kind: 'rule',
          rule: ruleRef(rule, result.verdict.toLowerCase()),
        },
      )
    : t.blocked(text('path.droppedByPolicy', { chain: result.policyOf ?? hook }), {
        kind: 'policy',
        chain: result.policyOf ?? hook,
      });
  return { result, end };
}

/** Apply a NAT statement to the trace's packet; the hop names the rule (and the published port's flow). */
function applyNat(t: Trace, nat: NatAction, outDev: string | null): void {
  const p = t.pkt;
  const rule = t.ix.rule.get(nat.ruleId);
  const before = `${p.family === 'ipv6' ? `[${p.dst}]` : p.dst}${p.dport === null ? '' : `:${p.dport}`}`;
  const flow = t.ix.s.natFlows.find(
    (f) => f.rule === nat.ruleId && (f.kind === 'masquerade' || f.hostPort === p.dport),
  );
  if (nat.target === 'DNAT' && nat.to) {
    const to = parseNatTo(nat.to);
    if (to) {
      // Docker writes one rule per port; the flow knows the port of a range rule.
      const port =
        flow?.kind === 'dnat' && flow.toAddress === to.address ? flow.toPort : (to.from ?? p.dport);
      t.pkt = { ...p, dst: to.address, dport: port };
    } else t.lack(text('path.dnatTargetMissing', { to: nat.to }));
  } else if (nat.target === 'MASQUERADE') {
    const dev = byName(t.ix, 'host', outDev);
    const src = addressOf(dev, p.family);
    if (src) t.pkt = { ...p, src, srcKnown: true };
  } else if (nat.target === 'SNAT' && nat.to) {
    const to = parseNatTo(nat.to);
    if (to) t.pkt = { ...p, src: to.address, srcKnown: true };
  } else if (nat.target === 'REDIRECT') {
    t.lack(text('path.redirectMissing', { rule: rule?.text ?? nat.ruleId }));
  }
  const label =
    nat.target === 'DNAT' || nat.target === 'REDIRECT'
      ? `${nat.target} → ${t.pkt.dst}${t.pkt.dport === null ? '' : `:${t.pkt.dport}`}`
      : text('path.natSource', { target: nat.target, src: t.pkt.src ?? '?' });
  const ruleText = rule ? `${rule.table} ${rule.chain} #${rule.position}: ${rule.text}` : nat.ruleId;
  t.hop('nat', label, nat.target === 'DNAT' ? text('path.natWas', { before, rule: ruleText }) : ruleText, {
    namespace: 'host',
    rule: rule ? ruleRef(rule, 'nat') : null,
    item: flow?.id ?? null,
  });
}

function routeHop(t: Trace, route: Route, why: Words): Interface | undefined {
  const dev = byName(t.ix, 'host', route.dev);
  t.hop(
    'route',
    `route ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${route.dev ?? '?'}`,
    why,
    {
      namespace: 'host',
      device: dev?.id ?? null,
      route: t.routeRef('host', route),
    },
  );
  return dev;
}

/** A 127.0.0.0/8 source or destination may only cross a non-loopback device with route_localnet=1. */
function localnetCheck(t: Trace, dev: string, leave: boolean): End | null {
  const p = t.pkt;
  const loop = (p.src !== null && isLoopbackAddress(p.src)) || isLoopbackAddress(p.dst);
  if (!loop || p.family !== 'ipv4' || dev === 'lo') return null;
  const value = effective(t.ix.s.sysctls?.routeLocalnet, dev, 'or');
  if (value === 1) return null;
  if (value === null)
    return t.unknown(
      text('path.localnetMissing', { dev }),
      text(leave ? 'path.localnetUnknownLeave' : 'path.localnetUnknownArrive', { dev }),
    );
  return t.blocked(
    text(leave ? 'path.martianLeave' : 'path.martianArrive', { dev }),
    { kind: 'other', text: `route_localnet=0 on ${dev}` },
    {
      kind: 'interface',
      label: text('path.martianOn', { dev }),
      detail: `route_localnet=0`,
      namespace: 'host',
    },
  );
}

/** What the host itself sends: routing, OUTPUT (DNAT, then re-routing), then local delivery or POSTROUTING. */
export function hostOutput(t: Trace, first: RouteDecision): End {
  let decision = first;
  if (decision.kind === 'none' || decision.kind === 'refused') return t.refusedEnd('host', decision);
  const route = decision.route;
  if (t.pkt.src === null) {
    t.pkt.src = decision.kind === 'local' ? t.pkt.dst : sourceFor(t.ix, 'host', route, t.pkt.dst);
    t.pkt.srcKnown = t.pkt.src !== null;
  }
  const outName = () =>
    decision.kind === 'local' ? 'lo' : decision.kind === 'unicast' ? decision.route.dev : null;
  if (decision.kind === 'unicast') routeHop(t, decision.route, text('path.hostTable', {}));
  else
    t.hop('route', `local ${t.pkt.dst}`, text('path.hostLocal', {}), {
      namespace: 'host',
    });
  const before = walk(t, 'output', BEFORE_FILTER, null, outName());
  if (before.end) return before.end;
  if (before.result.nat) {
    applyNat(t, before.result.nat, outName());
    decision = routeFor(t.ix, 'host', t.pkt.dst);
    if (decision.kind === 'none' || decision.kind === 'refused') return t.refusedEnd('host', decision);
    if (decision.kind === 'unicast') routeHop(t, decision.route, text('path.rerouted', {}));
  }
  const out = outName();
  if (out && decision.kind === 'unicast') {
    const martian = localnetCheck(t, out, true);
    if (martian) return martian;
  }
  const filter = walk(t, 'output', ['filter'], null, out);
  if (filter.end) return filter.end;
  if (decision.kind === 'local') {
    const input = walk(t, 'input', ['mangle', 'filter', 'nat'], 'lo', null);
    if (input.end) return input.end;
    return t.deliverLocal('host');
  }
  if (decision.kind !== 'unicast') return t.refusedEnd('host', decision);
  const post = walk(t, 'postrouting', ['mangle', 'nat'], null, out);
  if (post.end) return post.end;
  if (post.result.nat) applyNat(t, post.result.nat, out);
  return t.egress('host', decision.route, byName(t.ix, 'host', decision.route.dev));
}

/** A packet arriving on a host device: PREROUTING, routing, then INPUT or FORWARD and POSTROUTING. */
export function hostInput(t: Trace, dev: Interface): End {
  const martian = localnetCheck(t, dev.name, false);
  if (martian) return martian;
  const rp = rpFilterCheck(t, dev);
  if (rp) return rp;
  const pre = walk(t, 'prerouting', BEFORE_FILTER, dev.name, null);
  if (pre.end) return pre.end;
  if (pre.result.nat) applyNat(t, pre.result.nat, null);
  const decision = routeFor(t.ix, 'host', t.pkt.dst);
  if (decision.kind === 'local') {
    const input = walk(t, 'input', ['mangle', 'filter', 'nat'], dev.name, null);
    if (input.end) return input.end;
    return t.deliverLocal('host');
  }
  if (decision.kind !== 'unicast') return t.refusedEnd('host', decision);
  const on = forwarding(t.ix.s.sysctls, t.pkt.family);
  const outDev = routeHop(
    t,
    decision.route,
    text(on === null ? 'path.forwardedUnknown' : 'path.forwarded', {}),
  );
  if (on === false)
    return t.blocked(text('path.noForward', { family: t.pkt.family }), {
      kind: 'other',
      text: 'ip_forward=0',
    });
  const fwd = walk(t, 'forward', ['mangle', 'filter'], dev.name, decision.route.dev);
  if (fwd.end) return fwd.end;
  const post = walk(t, 'postrouting', ['mangle', 'nat'], dev.name, decision.route.dev);
  if (post.end) return post.end;
  if (post.result.nat) applyNat(t, post.result.nat, decision.route.dev);
  return t.egress('host', decision.route, outDev);
}

/** Strict reverse-path filtering drops a packet whose source is routed back through another device. */
function rpFilterCheck(t: Trace, dev: Interface): End | null {
  const p = t.pkt;
  if (!p.srcKnown || p.src === null || p.family !== 'ipv4') return null;
  if (effective(t.ix.s.sysctls?.rpFilter, dev.name, 'max') !== 1) return null;
  const back = routeFor(t.ix, 'host', p.src);
  if (back.kind !== 'unicast' || back.route.dev === dev.name) return null;
  return t.blocked(
    text('path.rpFilter', { dev: dev.name, src: p.src, back: back.route.dev ?? '?' }),
    { kind: 'other', text: `rp_filter on ${dev.name}` },
    {
      kind: 'interface',
      label: text('path.rpFilterOn', { dev: dev.name }),
      namespace: 'host',
      device: dev.id,
    },
  );
}
