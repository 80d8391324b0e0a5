import { z } from 'zod';
import type { HttpTransport } from '../http/http-transport.ts';
import { readJson } from '../http/json-body.ts';

/** `GET /models`: `{"object": "list", "data": [{"id": "…"}]}`; entries without a string id are skipped. */
const modelList = z.looseObject({ data: z.array(z.unknown()) });

/** Asks an OpenAI-compatible server which models it serves, sorted. */
export async function fetchModelIds(
  transport: HttpTransport,
  provider: string,
  url: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<string[]> {
  const timeout = AbortSignal.timeout(transport.config.firstTokenTimeoutMs);
  const requestSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  const response = await transport.send(provider, { url, method: 'GET', headers: { accept: 'application/json', ...headers }, signal: requestSignal });
  const { data } = await readJson(transport, provider, response, modelList, 'a model list', requestSignal);
  return data
    .map((entry) => (entry as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}
