/**
 * Discord's CDN for attachments, on the fake's own port: `GET /attachments/:channelId/:id/:name`
 * (files on messages) and `GET /ephemeral-attachments/:applicationId/:id/:name` (files given to
 * a slash command's attachment option). Like the real CDN it needs no Authorization, signs its
 * URLs with `ex`/`is`/`hm` query parameters (and refuses a URL without them, as Discord has since
 * 2024), and answers the file's bytes with its content type. Every fetch is recorded, so a test
 * can tell that a file was never fetched.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { StoredAttachment } from './types.ts';

/** A file a test attaches: its name and bytes, and what Discord would state about it. */
export interface AttachmentInput {
  filename: string;
  bytes: Uint8Array;
  /** `content_type` as Discord states it; Discord guesses it from the name, so the default does too. */
  contentType?: string;
  /** Image dimensions, stated for images. */
  width?: number;
  height?: number;
  /** A URL to state instead of the CDN's (e.g. a file "hosted" elsewhere): the CDN does not serve it. */
  url?: string;
}

/** One fetch of a CDN URL. */
export interface CdnRequest {
  path: string;
  /** HTTP status answered. */
  status: number;
}

interface CdnFile {
  bytes: Uint8Array;
  contentType: string;
  signature: string;
}

const typesByExtension: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8', pdf: 'application/pdf', zip: 'application/zip',
};

/** Files the fake CDN serves, by path, and a record of every fetch. */
export class FakeCdn {
  readonly requests: CdnRequest[] = [];
  readonly #files = new Map<string, CdnFile>();
  readonly #origin: () => string;

  /** `origin`: where the fake listens (`http://127.0.0.1:<port>`), known once it does. */
  constructor(origin: () => string) {
    this.#origin = origin;
  }

  /** Whether a request path is the CDN's. */
  static handles(path: string): boolean {
    return path.startsWith('/attachments/') || path.startsWith('/ephemeral-attachments/');
  }

  /** Stores a file under `/<kind>/<scope>/<id>/<filename>` and returns the attachment object Discord would send. */
  add(kind: 'attachments' | 'ephemeral-attachments', scope: string, id: string, input: AttachmentInput): StoredAttachment {
    const contentType = input.contentType ?? typesByExtension[input.filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    const path = `/${kind}/${scope}/${id}/${encodeURIComponent(input.filename)}`;
    const signature = randomBytes(16).toString('hex');
    this.#files.set(path, { bytes: input.bytes, contentType, signature });
    const query = `?ex=${(Math.floor(Date.now() / 1000) + 86_400).toString(16)}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${signature}&`;
    const url = input.url ?? `${this.#origin()}${path}${query}`;
    return {
      id,
      filename: input.filename,
      size: input.bytes.byteLength,
      content_type: contentType,
      url,
      proxy_url: input.url ?? url,
      ...(input.width === undefined ? {} : { width: input.width }),
      ...(input.height === undefined ? {} : { height: input.height }),
      ...(kind === 'ephemeral-attachments' ? { ephemeral: true } : {}),
    };
  }

  /** Answers a GET of a CDN path: the bytes, 404 for an unknown file or a bad signature. */
  serve(path: string, query: URLSearchParams, response: ServerResponse): void {
    const file = this.#files.get(path);
    const status = file !== undefined && query.get('hm') === file.signature ? 200 : 404;
    this.requests.push({ path, status });
    if (status !== 200 || file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('This content is no longer available.');
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) });
    response.end(file.bytes);
  }
}
