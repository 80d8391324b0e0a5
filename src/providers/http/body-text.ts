import type { Dispatcher } from 'undici';
import { ProviderError } from '../../model/provider-error.ts';
import type { HttpTransport } from './http-transport.ts';
import type { BodyReader } from './body-reader.ts';
import { refuseContentType } from './content-type.ts';

/**
 * Decodes a response body as ONE UTF-8 stream, so a character split across two network
 * chunks comes out whole. A connection lost mid-body becomes a `cut` ProviderError (retryable
 * only when no byte of the body had come); a watchdog timeout or caller abort (`signal`) becomes
 * the matching error. Stopping the iteration early destroys the body, which closes the upstream
 * connection.
 *
 * `maxReadBytes` caps one read (`oversized` past it), for a body with no framing of its own
 * (aivvm's bare text), where a read is the only unit there is. An event stream must not pass
 * it: one read may carry many small events, and its events are capped instead.
 */
export async function* bodyText(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  signal: AbortSignal,
  maxReadBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bodyBytes = 0;
  try {
    for await (const chunk of response.body) {
      const bytes = chunk as Uint8Array;
      bodyBytes += bytes.length;
      // undici's reads are socket-sized (64 KiB), so this only trips on a cap set below that
      if (bytes.length > maxReadBytes) throw oversizedError(provider, maxReadBytes);
      const text = decoder.decode(bytes, { stream: true });
      if (text !== '') yield text;
    }
  } catch (error) {
    throw transport.networkError(provider, error, signal, bodyBytes);
  } finally {
    response.body.destroy();
  }
  if (signal.aborted) throw transport.networkError(provider, new Error('aborted'), signal, bodyBytes);
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** One event (or line, or read) passed the cap: the answer is dropped rather than buffered without bound. */
export function oversizedError(provider: string, limit: number): ProviderError {
  return new ProviderError({ provider, kind: 'oversized', message: `the provider sent an oversized event (over ${formatSize(limit)})` });
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * A body of bare UTF-8 text (chatbot-ui's answer), yielded as it is read, each read at most
 * `maxEventBytes`. It has no content type, so only a web page (a Cloudflare challenge, a login)
 * is refused: that is not an answer.
 */
export const plainText: BodyReader<string> = async function* ({ transport, provider, response, signal }) {
  await refuseContentType(transport, provider, response, (type) => type === 'text/html', 'the answer text');
  yield* bodyText(transport, provider, response, signal, transport.config.maxEventBytes);
};
