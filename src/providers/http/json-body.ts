import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { ProviderError } from '../../model/provider-error.ts';
import type { HttpTransport } from './http-transport.ts';

/**
 * Reads a successful response's JSON body and checks it against `schema`; `what` names the
 * expected document (`a model list`) for the `protocol` error a body that is not it becomes.
 * A read cut by `signal` (the request's) is the abort or timeout it was.
 */
export async function readJson<Value>(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  schema: z.ZodType<Value>,
  what: string,
  signal: AbortSignal,
): Promise<Value> {
  let body: unknown;
  try {
    body = await response.body.json();
  } catch (error) {
    if (signal.aborted) throw transport.networkError(provider, error, signal);
    throw new ProviderError({ provider, kind: 'protocol', message: `${provider} answered with something that is not JSON where ${what} belongs`, cause: error });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ProviderError({ provider, kind: 'protocol', message: `${provider} answered with JSON that is not ${what}`, cause: result.error });
}
