// The hops of one netfilter hook walk: the chains entered and the rules that decided, each naming
// its table, chain and position. Base chains a packet crossed without anything happening in them are
// left out of raw/mangle/nat walks (they would only lengthen the list); filter chains always show.
import type { Rule } from '../snapshot.js';
import type { HookResult, PathStep } from './netfilter.js';
import type { NetIndex } from './net-index.js';
import type { PathHop, RuleRef } from './types.js';
import { english, text } from '../text/message.js';

export function ruleRef(rule: Rule, action: string): RuleRef {
  return {
    id: rule.id,
    table: rule.table,
    chain: rule.chain,
    position: rule.position,
    text: rule.text,
    action,
  };
}

const base = (over: Partial<PathHop>): PathHop => ({
  kind: 'chain',
  label: '',
  detail: '',
  namespace: 'host',
  device: null,
  route: null,
  rule: null,
  item: null,
  blocked: false,
  ...over,
});

/** A base chain entered and left by its ACCEPT policy with no rule matching on the way. */
function idle(steps: PathStep[], i: number): boolean {
  const enter = steps[i];
  const next = steps[i + 1];
  return (
    enter?.kind === 'chain' &&
    enter.action === 'enter' &&
    next?.kind === 'chain' &&
    next.chain === enter.chain &&
    next.table === enter.table &&
    next.action === 'accept'
  );
}

export function hookHops(ix: NetIndex, result: HookResult, keepFilter: boolean): PathHop[] {
  const hops: PathHop[] = [];
  const steps = result.steps;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!s) continue;
    const filterish =
      s.table === 'filter' ||
      (result.backend === 'nftables' && /filter|^(input|forward|output)$/i.test(`${s.chain}`));
    if (idle(steps, i) && !(keepFilter && filterish)) {
      i += 1;
      continue;
    }
    if (s.kind === 'chain' && s.action === 'enter')
      hops.push(
        base({
          label: `${s.table} ${s.chain}`,
          detail: english(text('path.chainEntered', {})),
          detailText: text('path.chainEntered', {}),
        }),
      );
    else if (s.kind === 'rule' && s.ruleId) {
      // A NAT statement gets its own hop (with the rewrite) from the caller.
      if (s.action === 'nat') continue;
      const rule = ix.rule.get(s.ruleId);
      const blocked = s.action === 'drop' || s.action === 'reject';
      hops.push(
        base({
          kind: 'rule',
          label: `${s.chain} #${s.position ?? '?'}: ${s.action}`,
          detail: rule?.text ?? s.ruleId,
          rule: rule ? ruleRef(rule, s.action) : null,
          blocked,
        }),
      );
    } else if (s.kind === 'chain' && (s.action === 'drop' || s.action === 'accept')) {
      const label = text('path.policy', { table: s.table, chain: s.chain, action: s.action.toUpperCase() });
      const detail = text(filterish || s.action === 'drop' ? 'path.policyDecided' : 'path.policyNothing', {});
      hops.push(
        base({
          label: english(label),
          labelText: label,
          detail: english(detail),
          detailText: detail,
          blocked: s.action === 'drop',
        }),
      );
    }
  }
  return hops;
}
