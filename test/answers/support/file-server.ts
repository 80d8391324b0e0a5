/**
 * A stand-in for Discord's attachment CDN on loopback: serves the files it was given by name and
 * logs every request, so a test can tell which files a conversation fetched. Give its `origin`
 * to DISCORD_ATTACHMENT_ORIGINS and the bot's real attachment reader fetches from it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageAttachment } from '../../../src/conversation/thread-message.ts';
import { nextSnowflake } from './people.ts';

/** One file the server holds. */
export interface ServedFile {
  name: string;
  bytes: Uint8Array;
  contentType?: string;
}

export interface FileServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The paths requested, in order. */
  readonly requests: string[];
  /** The file as an attachment of a message, as Discord describes it. */
  attachment(name: string): MessageAttachment;
  stop(): Promise<void>;
}

/** The first bytes of a PNG file: enough for the reader to tell it is one. */
export const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

export async function startFileServer(files: readonly ServedFile[]): Promise<FileServer> {
  const requests: string[] = [];
  const byPath = new Map(files.map((file) => [`/attachments/${file.name}`, file]));
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    const file = byPath.get(path);
    if (file === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream', 'content-length': file.bytes.byteLength }).end(file.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ids = new Map<string, string>();
  return {
    origin,
    requests,
    attachment(name) {
      const file = byPath.get(`/attachments/${name}`);
      if (file === undefined) throw new Error(`no file ${name} is served`);
      // one id per file, as Discord keeps for the same attachment
      const id = ids.get(name) ?? nextSnowflake();
      ids.set(name, id);
      return { id, name, byteSize: file.bytes.byteLength, url: `${origin}/attachments/${name}`, ...(file.contentType === undefined ? {} : { contentType: file.contentType }) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
