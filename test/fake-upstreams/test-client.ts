/**
 * A tiny `node:http` client for the fakes' self-tests: it keeps every body chunk as it arrived
 * (one per HTTP chunk the fake wrote), which `fetch` would merge.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** What `rawRequest` saw. */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Body chunks in arrival order. */
  chunks: Buffer[];
  /** The whole body. */
  body: Buffer;
  /** Set when the connection failed before the body ended (a drop, a stop). */
  error: Error | undefined;
}

/** Options of `rawRequest`. */
export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Called with each chunk; return true to abort the request there. */
  onChunk?: (chunk: Buffer, received: Buffer[]) => boolean | void;
  /** Called once the response headers arrived. */
  onHeaders?: (status: number) => void;
}

/** Sends one request on a fresh connection and collects the answer, never rejecting on a cut. */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false });
    request.on('error', reject);
    request.on('response', (response) => {
      options.onHeaders?.(response.statusCode ?? 0);
      const chunks: Buffer[] = [];
      let error: Error | undefined;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: response.headers,
          chunks,
          body: Buffer.concat(chunks),
          error,
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (options.onChunk?.(chunk, chunks)) {
          error = new Error('aborted by the test');
          request.destroy();
          settle();
        }
      });
      response.on('end', settle);
      response.on('error', (cause) => {
        error = cause;
      });
      response.on('close', () => {
        if (!response.complete && !error) error = new Error('connection closed before the body ended');
        settle();
      });
    });
    request.end(options.body);
  });
}

/** JSON POST headers. */
export const JSON_HEADERS = { 'content-type': 'application/json' };
