// One tokenizer for free text (rule text, finding messages, ids): the diff uses it to give addresses and
// generated names a stable meaning, the redactor to replace them. One pass, so nothing is rewritten twice.
import { isIPv4, isIPv6 } from 'node:net';

export type Token =
  | { type: 'mac'; value: string }
  | { type: 'ipv4' | 'ipv6'; value: string; address: string; prefix: number | null }
  | { type: 'word'; value: string };

const TOKEN = new RegExp(
  [
    // MAC address
    String.raw`(?<![\w:])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:])`,
    // IPv6 candidate: hex, colons and dots with at least two colons (validated below)
    String.raw`(?<![\w:.])(?=[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:)[0-9A-Fa-f:.]+(?:/\d{1,3})?(?![\w:]|\.\d)`,
    // IPv4, optionally with a prefix length
    String.raw`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?(?![\w]|\.\d)`,
    // a name-like word (names may hold dots, dashes and underscores)
    String.raw`[A-Za-z0-9_][A-Za-z0-9_.-]*`,
  ]
    .map((p) => `(${p})`)
    .join('|'),
  'g',
);

function classify(value: string, mac?: string, v6?: string, v4?: string): Token | null {
  if (mac !== undefined) return { type: 'mac', value };
  const ip = v6 ?? v4;
  if (ip !== undefined) {
    const slash = ip.indexOf('/');
    const address = slash < 0 ? ip : ip.slice(0, slash);
    const prefix = slash < 0 ? null : Number(ip.slice(slash + 1));
    if (v6 !== undefined)
      return isIPv6(address) && (prefix ?? 0) <= 128 ? { type: 'ipv6', value, address, prefix } : null;
    return isIPv4(address) && (prefix ?? 0) <= 32 ? { type: 'ipv4', value, address, prefix } : null;
  }
  return { type: 'word', value };
}

/** Rewrites every token `fn` returns a string for; tokens it returns undefined for are kept. */
export function rewriteTokens(text: string, fn: (token: Token) => string | undefined): string {
  return text.replace(TOKEN, (value: string, mac?: string, v6?: string, v4?: string) => {
    const token = classify(value, mac, v6, v4);
    return token ? (fn(token) ?? value) : value;
  });
}
