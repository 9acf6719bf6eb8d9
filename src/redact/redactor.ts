// The keyed replacements a redaction uses: names, Docker ids, MAC and IP addresses. Every mapping is a
// pure function of (key, value), so two snapshots redacted with one key still line up in a comparison.
import { createHmac, randomBytes } from 'node:crypto';
import { rewriteTokens } from '../diff/text-scan.js';
import { AddressMapper } from './ip-map.js';

export type NameKind =
  'host' | 'user' | 'container' | 'network' | 'project' | 'service' | 'alias' | 'image' | 'iface' | 'netns';

const PREFIX: Record<NameKind, string> = {
  host: 'host',
  user: 'user',
  container: 'ctr',
  network: 'net',
  project: 'proj',
  service: 'svc',
  alias: 'alias',
  image: 'image',
  iface: 'if',
  netns: 'netns',
};

/** What the tokenizer reads as one word (text-scan.ts); a learned name of any other shape is matched as a substring. */
const ONE_WORD = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Names that carry Docker meaning rather than identity; never replaced. */
const RESERVED = new Set(['bridge', 'host', 'none', 'default', 'local', 'localhost']);
const HEX_ID = /^(.*-)?([0-9a-f]{12,64})$/;

/** A fresh random key for one export session (hex). */
export function newRedactionKey(): string {
  return randomBytes(32).toString('hex');
}

export class Redactor {
  readonly addresses: AddressMapper;
  private readonly names = new Map<string, string>();
  private readonly fullIds: string[] = [];
  /** Learned names with spaces or punctuation (a compose label, an `ip netns` name), longest first. */
  private phrases: RegExp | null = null;
  private phrasesStale = false;

  /** `keep`: names the caller declares public (made up for a demo, say): left as they are. */
  constructor(
    private readonly key: string | Uint8Array,
    private readonly keep: ReadonlySet<string> = new Set(),
  ) {
    this.addresses = new AddressMapper(key);
  }

  private hmac(label: string): string {
    return createHmac('sha256', this.key).update(label).digest('hex');
  }

  /** Registers a name seen in a structured field, so free text mentioning it is redacted the same way. */
  learnName(kind: NameKind, value: string): void {
    if (value.length < 2 || RESERVED.has(value) || this.keep.has(value) || this.names.has(value)) return;
    this.names.set(value, `${PREFIX[kind]}-${this.hmac(`name:${value}`).slice(0, 8)}`);
    if (!ONE_WORD.test(value)) this.phrasesStale = true;
  }

  private phraseRegExp(): RegExp | null {
    if (this.phrasesStale) {
      const phrases = [...this.names.keys()].filter((n) => !ONE_WORD.test(n));
      phrases.sort((a, b) => b.length - a.length);
      this.phrases = phrases.length > 0 ? new RegExp(phrases.map(escapeRegExp).join('|'), 'g') : null;
      this.phrasesStale = false;
    }
    return this.phrases;
  }

  /** Registers a full Docker id, so its short forms (`br-<12>`, sandbox names) map to its short form. */
  learnId(id: string): void {
    if (/^[0-9a-f]{64}$/.test(id)) this.fullIds.push(id);
  }

  name(kind: NameKind, value: string): string {
    if (RESERVED.has(value) || this.keep.has(value) || value === '') return value;
    return this.names.get(value) ?? `${PREFIX[kind]}-${this.hmac(`name:${value}`).slice(0, 8)}`;
  }

  hex(value: string): string {
    const full = value.length === 64 ? value : this.fullIds.find((id) => id.startsWith(value));
    const mapped = this.hmac(`id:${full ?? value}`);
    return (mapped + this.hmac(`id2:${full ?? value}`)).slice(0, value.length);
  }

  mac(value: string): string {
    const lower = value.toLowerCase();
    if (lower === '00:00:00:00:00:00' || lower === 'ff:ff:ff:ff:ff:ff') return lower;
    const bytes = Buffer.from(this.hmac(`mac:${lower}`).slice(0, 12), 'hex');
    const first = parseInt(lower.slice(0, 2), 16);
    // Keep the multicast and locally-administered bits, and Docker's 02:42 prefix, so the kind shows.
    bytes[0] = ((bytes[0] ?? 0) & 0xfc) | (first & 0x03);
    if (lower.startsWith('02:42:')) [bytes[0], bytes[1]] = [0x02, 0x42];
    return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
  }

  private word(value: string): string | undefined {
    const named = this.names.get(value);
    if (named !== undefined) return named;
    const id = HEX_ID.exec(value);
    if (id && /[a-f]/.test(id[2] ?? '')) return `${id[1] ?? ''}${this.hex(id[2] ?? '')}`;
    return undefined;
  }

  /** Free text: every address, MAC, known name and Docker id in it replaced. */
  text(value: string): string {
    const phrases = this.phraseRegExp();
    if (!phrases) return this.tokens(value);
    // Names that are not one word are cut out first (one pass: nothing is rewritten twice).
    let out = '';
    let from = 0;
    for (const match of value.matchAll(phrases)) {
      out += this.tokens(value.slice(from, match.index)) + (this.names.get(match[0]) ?? '');
      from = match.index + match[0].length;
    }
    return out + this.tokens(value.slice(from));
  }

  private tokens(value: string): string {
    return rewriteTokens(value, (t) => {
      if (t.type === 'word') return this.word(t.value);
      if (t.type === 'mac') return this.mac(t.value);
      const mapped = this.addresses.map(t.address, t.prefix);
      return t.prefix === null ? mapped : `${mapped}/${t.prefix}`;
    });
  }
}
