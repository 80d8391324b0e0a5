import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchAttachment, isAllowedAttachmentUrl } from '../../src/attachments/fetch-attachment.ts';

describe('fetchAttachment', () => {
  let server: Server;
  let origin: string;
  const hits: string[] = [];
  const file = new Uint8Array(3000).fill(7);

  before(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/file') return void response.end(file);
      if (request.url === '/lying') return void response.end(new Uint8Array(5000));
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://localhost:1/elsewhere' });
        return void response.end();
      }
      if (request.url === '/never') return; // holds the request open until the time-out
      response.writeHead(404);
      response.end('gone');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const limits = () => ({ allowedOrigins: [origin], maxBytes: 4000, timeoutMs: 2000 });

  it('GIVEN a URL on an allowed origin THEN its exact bytes', async () => {
    assert.deepEqual(await fetchAttachment(`${origin}/file`, file.byteLength, limits()), { ok: true, bytes: file });
  });

  it('GIVEN a URL on any other origin (another host, port or scheme) THEN it is never requested', async () => {
    const before = hits.length;
    const other = origin.replace('127.0.0.1', 'localhost');
    assert.deepEqual(await fetchAttachment(`${other}/file`, 10, limits()), { ok: false, failure: 'origin' });
    assert.equal(isAllowedAttachmentUrl('https://cdn.discordapp.com.evil.example/x', ['https://cdn.discordapp.com']), false);
    assert.equal(isAllowedAttachmentUrl('https://cdn.discordapp.com/attachments/1/2/a.png?ex=1', ['https://cdn.discordapp.com']), true);
    assert.equal(isAllowedAttachmentUrl('file:///etc/passwd', ['null']), false);
    assert.equal(isAllowedAttachmentUrl('not a url', [origin]), false);
    assert.equal(hits.length, before);
  });

  it('GIVEN a stated size over the cap THEN no request; GIVEN a body that outgrows the cap THEN it is cut off', async () => {
    const before = hits.length;
    assert.deepEqual(await fetchAttachment(`${origin}/file`, 4001, limits()), { ok: false, failure: 'too-large' });
    assert.equal(hits.length, before);
    assert.deepEqual(await fetchAttachment(`${origin}/lying`, 10, limits()), { ok: false, failure: 'too-large' });
  });

  it('GIVEN an error status, a redirect or no answer within the time-out THEN failed', async () => {
    assert.deepEqual(await fetchAttachment(`${origin}/missing`, 10, limits()), { ok: false, failure: 'failed' });
    assert.deepEqual(await fetchAttachment(`${origin}/redirect`, 10, limits()), { ok: false, failure: 'failed' });
    assert.deepEqual(await fetchAttachment(`${origin}/never`, 10, { ...limits(), timeoutMs: 50 }), { ok: false, failure: 'failed' });
  });
});
