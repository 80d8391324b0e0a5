import type { Dispatcher } from 'undici';
import type { HttpTransport } from './http-transport.ts';

/** The answer's response as the reader of its body gets it from `streamAnswer`. */
export interface ResponseBody {
  transport: HttpTransport;
  /** The provider id, for errors. */
  provider: string;
  /** A successful response (its status already checked). */
  response: Dispatcher.ResponseData;
  /** The attempt's watchdog signal: aborted by the caller or a timeout, whose reason it then carries. */
  signal: AbortSignal;
}

/**
 * How a protocol frames its answer body: bytes in, the protocol's events out (checked, so the
 * decoder only meets well-formed ones). Failures are `ProviderError`s.
 */
export type BodyReader<Event> = (body: ResponseBody) => AsyncIterable<Event>;
