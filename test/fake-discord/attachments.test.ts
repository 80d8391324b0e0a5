import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Events, type Message } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { OptionKind } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('fake Discord attachments and CDN, with a real discord.js client', () => {
  it('delivers a message with an attachment object whose signed CDN URL serves the exact bytes', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const received = new Promise<Message>((resolve) => client.on(Events.MessageCreate, resolve));
      fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'look', attachments: [{ filename: 'cat.png', bytes: png, width: 2, height: 1 }] });
      const attachment = (await received).attachments.first();
      assert.ok(attachment);
      assert.equal(attachment.name, 'cat.png');
      assert.equal(attachment.size, png.byteLength);
      assert.equal(attachment.contentType, 'image/png');
      assert.deepEqual([attachment.width, attachment.height], [2, 1]);
      const url = new URL(attachment.url);
      assert.equal(url.origin, fake.cdnOrigin);
      assert.ok(url.searchParams.has('ex') && url.searchParams.has('is') && url.searchParams.has('hm'), 'signed as Discord signs CDN URLs');
      const response = await fetch(attachment.url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), png);
      assert.equal((await fetch(`${url.origin}${url.pathname}`)).status, 404, 'an unsigned URL is refused');
      assert.deepEqual(fake.cdnRequests.map((request) => request.status), [200, 404]);
      assert.equal(fake.requests.some((request) => request.path.includes('/attachments/')), false, 'the CDN is not a REST request');
    });
  });

  it('states the URL a test gives for a file hosted elsewhere, and never serves it', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const received = new Promise<Message>((resolve) => client.on(Events.MessageCreate, resolve));
      fake.sendMessage({ channelId: DEFAULT_IDS.general, content: '', attachments: [{ filename: 'x.png', bytes: png, url: 'http://localhost:9/x.png' }] });
      assert.equal((await received).attachments.first()?.url, 'http://localhost:9/x.png');
      assert.equal(fake.cdnRequests.length, 0);
    });
  });

  it('puts a file given to an attachment option into resolved.attachments, as an ephemeral attachment', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const uploaded = fake.uploadAttachment({ filename: 'photo.png', bytes: png });
      const option = new Promise<import('discord.js').Attachment | null>((resolve) => {
        client.on(Events.InteractionCreate, (interaction) => {
          if (interaction.isChatInputCommand()) resolve(interaction.options.getAttachment('image'));
        });
      });
      fake.sendSlashCommand({ name: 'ask', options: { prompt: 'what is it?', image: { type: OptionKind.Attachment, value: uploaded.id } } });
      const attachment = await option;
      assert.equal(attachment?.id, uploaded.id);
      assert.equal(attachment?.ephemeral, true);
      assert.ok(attachment?.url.startsWith(`${fake.cdnOrigin}/ephemeral-attachments/${DEFAULT_IDS.bot}/`));
      assert.deepEqual(new Uint8Array(await (await fetch(attachment!.url)).arrayBuffer()), png);
    });
  });
});
