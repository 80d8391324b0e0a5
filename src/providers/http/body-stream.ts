import type { Dispatcher } from 'undici';
import { createParser } from 'eventsource-parser';
import type { HttpTransport } from './http-transport.ts';
import type { StreamWatchdog } from './stream-watchdog.ts';

/**
 * Decodes a response body as ONE UTF-8 stream, so a character split across two network
 * chunks comes out whole. A connection lost mid-body becomes a `cut` ProviderError; a
 * watchdog timeout or caller abort becomes the matching error. Stopping the iteration early
 * destroys the body, which closes the upstream connection.
 */
export async function* decodeBody(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  watchdog: StreamWatchdog,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of response.body) {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      if (text !== '') yield text;
    }
  } catch (error) {
    throw transport.networkError(provider, error, watchdog.signal, true);
  } finally {
    response.body.destroy();
  }
  if (watchdog.signal.aborted) throw transport.networkError(provider, new Error('aborted'), watchdog.signal, true);
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/**
 * Server-sent events from decoded text: yields the `data` of each complete event. Comment
 * lines (keep-alives) are dropped; an event not terminated by a blank line when the body
 * ends is incomplete and dropped too, which the caller sees as a missing end marker.
 */
export async function* serverSentEvents(text: AsyncIterable<string>): AsyncGenerator<string> {
  const pending: string[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event.data) });
  for await (const chunk of text) {
    parser.feed(chunk);
    if (pending.length === 0) continue;
    for (const data of pending) yield data;
    pending.length = 0;
  }
}
