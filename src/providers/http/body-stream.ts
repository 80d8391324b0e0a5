import type { Dispatcher } from 'undici';
import { createParser } from 'eventsource-parser';
import { ProviderError } from '../../model/provider-error.ts';
import { readErrorBody } from './error-body.ts';
import type { HttpTransport } from './http-transport.ts';
import type { StreamWatchdog } from './stream-watchdog.ts';

/**
 * Decodes a response body as ONE UTF-8 stream, so a character split across two network
 * chunks comes out whole. A connection lost mid-body becomes a `cut` ProviderError (retryable
 * only when no byte of the body had come); a watchdog timeout or caller abort becomes the
 * matching error. Stopping the iteration early destroys the body, which closes the upstream
 * connection.
 *
 * `maxReadBytes` caps one read (`oversized` past it), for a body with no framing of its own
 * (aivvm's bare text), where a read is the only unit there is. An event stream must not pass
 * it: one read may carry many small events, and its events are capped instead.
 */
export async function* decodeBody(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  watchdog: StreamWatchdog,
  maxReadBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bodyBytes = 0;
  try {
    for await (const chunk of response.body) {
      const bytes = chunk as Uint8Array;
      bodyBytes += bytes.length;
      // undici's reads are socket-sized (64 KiB), so this only trips on a cap set below that
      if (bytes.length > maxReadBytes) throw oversized(provider, maxReadBytes);
      const text = decoder.decode(bytes, { stream: true });
      if (text !== '') yield text;
    }
  } catch (error) {
    throw transport.networkError(provider, error, watchdog.signal, bodyBytes);
  } finally {
    response.body.destroy();
  }
  if (watchdog.signal.aborted) throw transport.networkError(provider, new Error('aborted'), watchdog.signal, bodyBytes);
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/**
 * Server-sent events from decoded text: yields the `data` of each complete event. Comment
 * lines (keep-alives) are dropped; an event not terminated by a blank line when the body
 * ends is incomplete and dropped too, which the caller sees as a missing end marker. A line
 * or event that grows past `maxEventBytes` is `oversized`: the parser would otherwise buffer
 * it without bound. A body that ends without a single event is a `protocol` error: whatever
 * it was, it was not an event stream.
 */
export async function* serverSentEvents(provider: string, text: AsyncIterable<string>, maxEventBytes: number): AsyncGenerator<string> {
  const pending: string[] = [];
  let overflowed = false;
  let events = 0;
  const parser = createParser({
    onEvent: (event) => pending.push(event.data),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflowed = true;
    },
    maxBufferSize: maxEventBytes,
  });
  for await (const chunk of text) {
    parser.feed(chunk);
    // events completed before the overflow are still the answer's
    events += pending.length;
    for (const data of pending) yield data;
    pending.length = 0;
    if (overflowed) throw oversized(provider, maxEventBytes);
  }
  if (events === 0) throw new ProviderError({ provider, kind: 'protocol', message: 'the provider’s answer held no events: it was not an event stream' });
}

/**
 * The events of an SSE answer: checks the content type the protocol requires (an HTML page
 * with status 200 is a login wall or a proxy's error page, not an answer, and retrying will not
 * change it), then decodes and frames the body. A missing type is let through: the events
 * themselves then decide.
 */
export async function* eventStream(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  watchdog: StreamWatchdog,
): AsyncGenerator<string> {
  await refuseContentType(transport, provider, response, (type) => type !== 'text/event-stream', 'an event stream');
  yield* serverSentEvents(provider, decodeBody(transport, provider, response, watchdog), transport.config.maxEventBytes);
}

/**
 * Throws a `protocol` error, after reading what a JSON body says (a proxy's error, a server
 * that ignored `stream`), when the response has a content type and `refused(type)` holds.
 * `expected` names what the protocol answers with, for the message.
 */
export async function refuseContentType(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  refused: (mediaType: string) => boolean,
  expected: string,
): Promise<void> {
  const contentType = mediaTypeOf(response.headers['content-type']);
  if (contentType === undefined || !refused(contentType)) return;
  const upstreamMessage = contentType.endsWith('json') ? transport.redact(await readErrorBody(response)) : '';
  await response.body.dump().catch(() => undefined);
  const message = `the provider answered with ${contentType}, not ${expected}${upstreamMessage === '' ? '' : `: ${upstreamMessage}`}`;
  throw new ProviderError({ provider, kind: 'protocol', status: response.statusCode, message, ...(upstreamMessage === '' ? {} : { upstreamMessage }) });
}

function oversized(provider: string, limit: number): ProviderError {
  return new ProviderError({ provider, kind: 'oversized', message: `the provider sent an oversized event (over ${formatSize(limit)})` });
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}
