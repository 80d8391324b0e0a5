import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContentPartSent } from '../fake-upstreams/openai.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

const marker = '▌';
/** A small PNG's worth of bytes: its signature, then bytes that are not text. */
const picture = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80, 0x42]);

describe('images and files: attachments reach the model, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { OPENAI_VISION_MODELS: 'gpt-4o' } });
  });
  after(async () => {
    await world?.close();
  });

  const newestUser = () => world.upstream.chatMessages().filter((message) => message.role === 'user').at(-1)!;
  const finalBotMessageIn = (channelId: string, after: number, text: string) =>
    world.discord.waitForMessage({ channelId, authorId: world.discord.bot.id, where: (message) => message.createdAt >= after && contentOf(message) === text });
  async function threadWith(model: string, prompt: string): Promise<string> {
    world.upstream.enqueue({ text: `Answer to ${prompt}` });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt, model } });
    await waitForReply(world, ask.id, (content) => content === `Answer to ${prompt}`);
    return (await world.discord.waitForThread({ name: prompt })).id;
  }
  /** A person's message in the thread, and the bot's answer to it (the text the upstream streams). */
  async function turn(threadId: string, message: Parameters<World['discord']['sendMessage']>[0], answer: string) {
    world.upstream.enqueue({ text: answer });
    const sentAt = world.discord.clock();
    world.discord.sendMessage(message);
    return finalBotMessageIn(threadId, sentAt, answer);
  }

  it('an image in a thread reaches a vision model as a data URL of exactly its bytes, fetched once however many turns follow', async () => {
    const threadId = await threadWith('openai/gpt-4o', 'Look at my cat');
    const fetchesBefore = world.discord.cdnRequests.length;
    await turn(threadId, { channelId: threadId, content: 'What is in this picture?', attachments: [{ filename: 'cat.png', bytes: picture, width: 1, height: 1 }] }, 'A cat.');
    const content = newestUser().content as ContentPartSent[];
    assert.deepEqual(content[0], { type: 'text', text: 'What is in this picture?' });
    const url = (content[1] as { image_url: { url: string } }).image_url.url;
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual(new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')), picture);
    assert.deepEqual(world.discord.cdnRequests.slice(fetchesBefore).map((request) => request.status), [200]);

    // the next turn's history still holds the image, read from the cache
    await turn(threadId, { channelId: threadId, content: 'What colour is it?' }, 'Grey.');
    const history = world.upstream.chatMessages();
    assert.ok(history.some((message) => Array.isArray(message.content) && message.content.some((part) => part.type === 'image_url')), JSON.stringify(history));
    assert.equal(world.discord.cdnRequests.length, fetchesBefore + 1, 'no second fetch');
  });

  it('a model that cannot see images gets the text and a note, the thread is told in one line, and the image is never fetched', async () => {
    const threadId = await threadWith('openai/gpt-4o-mini', 'Tell me about photos');
    const fetchesBefore = world.discord.cdnRequests.length;
    const sentAt = world.discord.clock();
    await turn(threadId, { channelId: threadId, content: 'And this one?', attachments: [{ filename: 'dog.png', bytes: picture }] }, 'I cannot see it.');
    assert.equal(newestUser().content, 'And this one?\n[image dog.png, not shown]');
    assert.equal(world.discord.cdnRequests.length, fetchesBefore);
    // the bot's messages of this turn (type 0: not the thread's starter reference, also the bot's)
    const note = world.discord.messagesIn(threadId).filter((message) => message.authorId === world.discord.bot.id && message.type === 0 && message.createdAt >= sentAt).map(contentOf);
    assert.deepEqual(note, ['-# 🖼️ `dog.png` was not shown to `openai/gpt-4o-mini`: it cannot see images.', 'I cannot see it.']);

    // the note is no part of the next turn's history
    await turn(threadId, { channelId: threadId, content: 'Never mind.' }, 'OK.');
    assert.equal(world.upstream.chatMessages().some((message) => typeof message.content === 'string' && message.content.includes('🖼️')), false);
  });

  it('a text file is inlined with its name; a PDF is named with its size, not fetched', async () => {
    const threadId = await threadWith('openai/gpt-4o-mini', 'Read my notes');
    const fetchesBefore = world.discord.cdnRequests.length;
    const notes = new TextEncoder().encode('# Notes\nПривет, world.\n');
    await turn(threadId, {
      channelId: threadId,
      content: 'Summarise these.',
      attachments: [{ filename: 'notes.md', bytes: notes }, { filename: 'report.pdf', bytes: new Uint8Array(2_200_000) }],
    }, 'Done.');
    assert.equal(newestUser().content, 'Summarise these.\n[file notes.md]\n# Notes\nПривет, world.\n[end of notes.md]\n[report.pdf, 2.1 MB, not read]');
    assert.equal(world.discord.cdnRequests.length, fetchesBefore + 1, 'only the text file');
  });

  it('an attachment whose URL is on another origin is never fetched: the model is told it could not be', async () => {
    const threadId = await threadWith('openai/gpt-4o', 'Elsewhere');
    const fetchesBefore = world.discord.cdnRequests.length;
    // the fake's own CDN path, on another origin (localhost is not 127.0.0.1): it would serve it if asked
    const elsewhere = `${world.discord.cdnOrigin.replace('127.0.0.1', 'localhost')}/attachments/${threadId}/1/evil.png`;
    await turn(threadId, { channelId: threadId, content: 'See this', attachments: [{ filename: 'evil.png', bytes: picture, url: elsewhere }] }, 'Nothing to see.');
    assert.equal(newestUser().content, 'See this\n[evil.png, could not be fetched]');
    assert.equal(world.discord.cdnRequests.length, fetchesBefore);
  });

  it('a DM of an image alone is a turn: the default model, which cannot see images, gets the note and the DM is told', async () => {
    const dm = world.discord.dmChannel(world.discord.defaults.users.admin.id);
    world.upstream.enqueue({ text: 'I only read text.' });
    world.discord.sendMessage({ channelId: dm.id, content: '', attachments: [{ filename: 'scan.png', bytes: picture }] });
    await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'I only read text.' });
    assert.equal(newestUser().content, '[image scan.png, not shown]');
    const bots = world.discord.messagesIn(dm.id).filter((message) => message.authorId === world.discord.bot.id).map(contentOf);
    assert.deepEqual(bots, ['-# 🖼️ `scan.png` was not shown to `openai/gpt-4o-mini`: it cannot see images.', 'I only read text.']);
  });

  it('/ask with the image option inside a thread continues it, the image beside the prompt after the thread’s history', async () => {
    const threadId = await threadWith('openai/gpt-4o', 'A thread for /ask');
    const image = world.discord.uploadAttachment({ filename: 'inside.png', bytes: picture });
    world.upstream.enqueue({ text: 'Seen inside.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', channelId: threadId, options: { prompt: 'And this?', image: image.id } });
    await waitForReply(world, ask.id, (content) => content === 'Seen inside.');
    const sent = world.upstream.chatMessages();
    assert.equal(sent.at(-2)?.content, 'Answer to A thread for /ask', 'the thread’s history comes first');
    const parts = sent.at(-1)?.content as ContentPartSent[];
    assert.deepEqual(parts[0], { type: 'text', text: 'And this?' });
    assert.equal(parts[1]?.type, 'image_url');
  });

  it('the image given to the /ask that opened a thread is in the history of the thread’s later turns, and of an /ask inside it', async () => {
    const image = world.discord.uploadAttachment({ filename: 'opening.png', bytes: picture });
    world.upstream.enqueue({ text: 'An opening picture.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Opening with an image', model: 'openai/gpt-4o', image: image.id } });
    await waitForReply(world, ask.id, (content) => content === 'An opening picture.');
    const threadId = (await world.discord.waitForThread({ name: 'Opening with an image' })).id;
    await turn(threadId, { channelId: threadId, content: 'Tell me more about it' }, 'More about it.');
    const firstUser = world.upstream.chatMessages().find((message) => message.role === 'user')!;
    const parts = firstUser.content as ContentPartSent[];
    assert.deepEqual(parts[0], { type: 'text', text: 'Opening with an image' });
    const url = (parts[1] as { image_url: { url: string } }).image_url.url;
    assert.deepEqual(new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')), picture);

    // an /ask with an image inside the thread: its image too stays in the history after it
    const inside = world.discord.uploadAttachment({ filename: 'later.png', bytes: picture });
    world.upstream.enqueue({ text: 'Seen later.' });
    const later = world.discord.sendSlashCommand({ name: 'ask', channelId: threadId, options: { prompt: 'And this one?', image: inside.id } });
    await waitForReply(world, later.id, (content) => content === 'Seen later.');
    await turn(threadId, { channelId: threadId, content: 'Compare them' }, 'Compared.');
    const images = world.upstream.chatMessages().flatMap((message) => (Array.isArray(message.content) ? message.content.filter((part) => part.type === 'image_url') : []));
    assert.equal(images.length, 2, 'both /ask images reach the next turn');
  });

  it('/ask with the image option: a vision model gets the image; another model gets the note and the asker is told privately', async () => {
    const image = world.discord.uploadAttachment({ filename: 'photo.png', bytes: picture });
    world.upstream.enqueue({ text: 'A photo.' });
    const seen = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Describe it', model: 'openai/gpt-4o', image: image.id } });
    await waitForReply(world, seen.id, (content) => content === 'A photo.');
    const parts = newestUser().content as ContentPartSent[];
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0], { type: 'text', text: 'Describe it' });
    const url = (parts[1] as { image_url: { url: string } }).image_url.url;
    assert.deepEqual(new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')), picture);

    const other = world.discord.uploadAttachment({ filename: 'photo2.png', bytes: picture });
    world.upstream.enqueue({ text: 'No idea.' });
    const unseen = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Describe this', image: other.id } });
    await waitForReply(world, unseen.id, (content) => content === 'No idea.');
    assert.equal(newestUser().content, 'Describe this\n[image photo2.png, not shown]');
    const followUp = await world.discord.waitFor(() => world.discord.interaction(unseen).followUps().find((message) => !contentOf(message).endsWith(marker)));
    assert.equal(contentOf(followUp), '-# 🖼️ `photo2.png` was not shown to `openai/gpt-4o-mini`: it cannot see images.');
    assert.equal(world.discord.interaction(unseen).followUps()[0]?.versions[0]?.flags, 64, 'privately');
  });
});
