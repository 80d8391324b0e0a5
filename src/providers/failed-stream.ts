import type { ProviderError } from './errors.ts';
import type { StreamPart } from './types.ts';

/** A stream that fails on first read: for errors found before any request is made. */
export async function* failedStream(error: ProviderError): AsyncGenerator<StreamPart> {
  throw error;
}
