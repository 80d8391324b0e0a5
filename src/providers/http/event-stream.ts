import { createParser } from 'eventsource-parser';
import type { z } from 'zod';
import { ProviderError } from '../../model/provider-error.ts';
import type { BodyReader } from './body-reader.ts';
import { bodyText, oversizedError } from './body-text.ts';
import { refuseContentType } from './content-type.ts';

/** What the reader yields for the protocol's end marker (OpenAI's `data: [DONE]`). */
export const streamDone: unique symbol = Symbol('stream done');

/** The events of one protocol's stream. */
export interface EventKind<Event> {
  /** What an event's JSON must look like. */
  schema: z.ZodType<Event>;
  /** What the protocol calls its events, for the error when one is not (`chat.completion.chunk`). */
  name: string;
  /** An event data that is the end marker rather than JSON (`[DONE]`): yielded as `streamDone`. */
  doneData?: string;
}

/**
 * Server-sent events, each parsed as JSON and checked against `kind.schema`, as one pipeline
 * (vercel/ai's parse-json-event-stream shape): the content type must be `text/event-stream`,
 * the bytes are decoded as one UTF-8 stream and framed by eventsource-parser. Comment lines
 * (keep-alives) are dropped; an event not terminated by a blank line when the body ends is
 * incomplete and dropped too, which the decoder sees as a missing end marker. A line or event
 * that grows past `PROVIDER_MAX_EVENT_BYTES` is `oversized` (the parser would otherwise buffer
 * it without bound); an event that is not JSON, or not the schema's, is a `protocol` error
 * naming the provider; a body without a single event is one too: it was not an event stream.
 */
export function serverSentEvents<Event>(kind: EventKind<Event> & { doneData: string }): BodyReader<Event | typeof streamDone>;
export function serverSentEvents<Event>(kind: EventKind<Event>): BodyReader<Event>;
export function serverSentEvents<Event>(kind: EventKind<Event>): BodyReader<Event | typeof streamDone> {
  return async function* ({ transport, provider, response, signal }) {
    await refuseContentType(transport, provider, response, (type) => type !== 'text/event-stream', 'an event stream');
    const maxEventBytes = transport.config.maxEventBytes;
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
    for await (const text of bodyText(transport, provider, response, signal)) {
      parser.feed(text);
      // events completed before the overflow are still the answer's
      events += pending.length;
      for (const data of pending) yield data === kind.doneData ? streamDone : parseEvent(provider, data, kind);
      pending.length = 0;
      if (overflowed) throw oversizedError(provider, maxEventBytes);
    }
    if (events === 0) throw new ProviderError({ provider, kind: 'protocol', message: 'the provider’s answer held no events: it was not an event stream' });
  };
}

function parseEvent<Event>(provider: string, data: string, kind: EventKind<Event>): Event {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw malformedEvent(provider, kind.name, 'it is not JSON', error);
  }
  const result = kind.schema.safeParse(value);
  if (result.success) return result.data;
  throw malformedEvent(provider, kind.name, describeIssue(result.error.issues[0]), result.error);
}

/**
 * Where and how an event is wrong. A union's failure says only "Invalid input": what the event's
 * first shape (the protocol's usual event, by convention) found wrong says more.
 */
function describeIssue(issue: z.core.$ZodIssue | undefined, path: PropertyKey[] = []): string {
  if (issue === undefined) return 'unexpected shape';
  const inner = issue.code === 'invalid_union' ? issue.errors[0]?.[0] : undefined;
  if (inner !== undefined) return describeIssue(inner, [...path, ...issue.path]);
  const where = [...path, ...issue.path];
  return `${where.length === 0 ? '' : `${where.map(String).join('.')}: `}${issue.message}`;
}

/** Not retried: the same server would send the same shape again. */
function malformedEvent(provider: string, name: string, detail: string, cause: unknown): ProviderError {
  return new ProviderError({ provider, kind: 'protocol', message: `${provider} sent a stream event that is not a ${name} (${detail})`, cause });
}
