import type { HttpTransport } from './http-transport.ts';

/** GETs `url` and discards the answer: any HTTP status below 500 means the upstream is up. */
export async function probe(transport: HttpTransport, provider: string, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(transport.config.connectTimeoutMs);
  try {
    const response = await transport.send(provider, { url, method: 'GET', headers, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
    await response.body.dump();
  } catch (error) {
    // a 4xx still proves the server is there (e.g. a login page); only 5xx and network errors count
    if ((error as { status?: number }).status !== undefined && (error as { status: number }).status < 500) return;
    throw error;
  }
}
