/**
 * Fetching one attachment's bytes from Discord's CDN. Only URLs on the allowed origins are ever
 * requested (Discord's CDN by default): the URL comes from Discord's attachment object, never from
 * a message's text, and checking the origin keeps a forged or proxied attachment from making the
 * bot fetch from anywhere else (an internal address, say). Redirects are not followed, for the
 * same reason. The file may hold at most `maxBytes`: a larger stated size is refused before any
 * request, and a body that grows past it is cut off, whatever the size said.
 */
import { request, type Dispatcher } from 'undici';

/** How one fetch is bounded. */
export interface FetchLimits {
  /** Origins (`https://cdn.discordapp.com`) attachments may be fetched from. */
  allowedOrigins: readonly string[];
  /** The most bytes one file may have. */
  maxBytes: number;
  /** How long the whole fetch may take, in ms. */
  timeoutMs: number;
  /** The connection pool; undici's global one by default (tests pass their own). */
  dispatcher?: Dispatcher;
}

/** Why a file was not fetched. */
export type FetchFailure =
  /** Its URL is on no allowed origin: never requested. */
  | 'origin'
  /** Bigger than `maxBytes`, stated or found while reading. */
  | 'too-large'
  /** The CDN answered an error, the connection failed, or the time-out passed. */
  | 'failed';

/** The bytes, or why there are none. */
export type FetchResult = { ok: true; bytes: Uint8Array } | { ok: false; failure: FetchFailure };

/** Whether `url` is an http(s) URL on one of `allowedOrigins`. */
export function isAllowedAttachmentUrl(url: string, allowedOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && allowedOrigins.includes(parsed.origin);
}

/** Fetches a file of `statedBytes` (Discord's `size`) from `url`, within `limits`. */
export async function fetchAttachment(url: string, statedBytes: number, limits: FetchLimits, signal?: AbortSignal): Promise<FetchResult> {
  if (!isAllowedAttachmentUrl(url, limits.allowedOrigins)) return { ok: false, failure: 'origin' };
  if (statedBytes > limits.maxBytes) return { ok: false, failure: 'too-large' };
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  try {
    const response = await request(url, { method: 'GET', signal: combined, ...(limits.dispatcher === undefined ? {} : { dispatcher: limits.dispatcher }) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return { ok: false, failure: 'failed' };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limits.maxBytes) {
        response.body.destroy();
        return { ok: false, failure: 'too-large' };
      }
      chunks.push(chunk);
    }
    return { ok: true, bytes: concatenate(chunks, total) };
  } catch {
    return { ok: false, failure: 'failed' };
  }
}

function concatenate(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
