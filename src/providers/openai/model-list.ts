import { ProviderError } from '../../model/provider-error.ts';
import type { HttpTransport } from '../http/http-transport.ts';

/** Asks an OpenAI-compatible server which models it serves (`GET /models`). */
export async function fetchModelIds(
  transport: HttpTransport,
  provider: string,
  url: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<string[]> {
  const timeout = AbortSignal.timeout(transport.config.firstTokenTimeoutMs);
  const response = await transport.send(provider, { url, method: 'GET', headers: { accept: 'application/json', ...headers }, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
  let body: unknown;
  try {
    body = await response.body.json();
  } catch (error) {
    throw new ProviderError({ provider, kind: 'upstream', message: 'the model list is not valid JSON', cause: error });
  }
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new ProviderError({ provider, kind: 'upstream', message: 'the model list has no "data" array' });
  return data
    .map((entry) => (entry as { id?: unknown }).id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}
