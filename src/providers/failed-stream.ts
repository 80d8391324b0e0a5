import type { ProviderError } from '../model/provider-error.ts';
import type { StreamPart } from '../model/stream-part.ts';

/** A stream that fails on first read: for errors found before any request is made. */
export async function* failedStream(error: ProviderError): AsyncGenerator<StreamPart> {
  throw error;
}
