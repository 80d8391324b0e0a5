/**
 * One spelling in which a secret can leak, and how much of it must appear before the text is
 * treated as a leak: a run that starts with the first `anchorLength` characters of `text` and
 * goes on matching it is blanked, so a truncated copy (a log field cut at 40 characters, an
 * error that quotes the start of a header) goes as well as a whole one.
 */
export interface SecretForm {
  /** The spelling. */
  text: string;
  /** Characters of `text` that must match before a run counts as the secret; at least 1. */
  anchorLength: number;
}

/** Secrets shorter than this are blanked only whole: a short prefix is too likely to be ordinary text. */
const shortestTruncatable = 16;
/** Characters of a long secret that identify it when a copy is cut short. */
const identifyingCharacters = 10;
/** The same in base64: 12 characters carry 9 bytes, so any copy of 10 or more characters shows them. */
const identifyingBase64Characters = 12;

/** Header prefixes a secret is sent with (none, too), so base64 of the whole header value is caught. */
const wrappers = ['', 'Bearer ', 'Bot '];

/**
 * Every form of `secret` worth looking for:
 * - the value, percent-encoded and JSON-escaped;
 * - base64 and base64url of the value, of `Bearer <value>` and of `Bot <value>`, whole;
 * - base64 and base64url of the value at each of the three byte alignments, keeping only the
 *   characters that depend on the value alone. That catches the value inside any base64 text
 *   (Basic credentials, a proxy header, a header dump) whatever precedes it.
 */
export function secretForms(secret: string): SecretForm[] {
  const truncatable = secret.length >= shortestTruncatable;
  const plain = (text: string): SecretForm => ({ text, anchorLength: truncatable ? identifyingCharacters : text.length });
  const spellings = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const forms = [...spellings].map(plain);
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const wrapper of wrappers) {
      const text = Buffer.from(`${wrapper}${secret}`).toString(encoding);
      // the anchor covers the wrapper and enough of the secret to identify it
      const anchorLength = truncatable ? base64Length(Buffer.byteLength(wrapper) + identifyingCharacters) : text.length;
      forms.push({ text, anchorLength: Math.min(anchorLength, text.length) });
    }
    for (const alignment of [0, 1, 2]) {
      const core = alignedCore(secret, alignment, encoding);
      if (core.length < 8) continue;
      forms.push({ text: core, anchorLength: truncatable ? Math.min(core.length, identifyingBase64Characters) : core.length });
    }
  }
  return forms;
}

/** The base64 characters that `secret` alone decides when it follows `alignment` other bytes. */
function alignedCore(secret: string, alignment: number, encoding: 'base64' | 'base64url'): string {
  const bytes = Buffer.concat([Buffer.alloc(alignment), Buffer.from(secret)]);
  const encoded = bytes.toString(encoding).replace(/=+$/, '');
  // a character holds 6 bits: the first one wholly inside the secret, and the last
  const first = Math.ceil((alignment * 8) / 6);
  const end = Math.floor((bytes.length * 8) / 6);
  return encoded.slice(first, end);
}

function base64Length(byteCount: number): number {
  return Math.ceil((byteCount * 4) / 3);
}
