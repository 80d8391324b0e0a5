import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HistoryCache } from '../../src/conversation/history-cache.ts';
import { rememberedSink } from '../../src/answers/remembered-sink.ts';
import type { MessageSink } from '../../src/reply/message-sink.ts';

function memorySink(prefix: string, log: string[]): MessageSink {
  let next = 100;
  return {
    create: async (content, meta) => {
      log.push(`${prefix} create ${content}${meta.final ? ' (final)' : ''}`);
      return { messageId: String(next++) };
    },
    edit: async (messageId, content, meta) => {
      log.push(`${prefix} edit ${messageId} ${content}${meta.final ? ' (final)' : ''}`);
      return { messageId };
    },
  };
}

describe('rememberedSink', () => {
  it('GIVEN a reply written through its sink and a fallback route THEN the cache gets each message’s final content, passing writes through unchanged', async () => {
    const log: string[] = [];
    const channelRoute = memorySink('channel', log);
    const base: MessageSink = { ...memorySink('webhook', log), fallback: () => channelRoute, waitForTurn: async (urgent) => void log.push(`turn ${urgent}`) };
    const reply = rememberedSink(base);
    await reply.sink.waitForTurn?.(true);
    const first = await reply.sink.create('Hello ▌', { final: false });
    await reply.sink.edit(first.messageId, 'Hello world ▌', { final: false });
    await reply.sink.fallback?.()?.edit(first.messageId, 'Hello world, final.', { final: true });
    const cache = new HistoryCache();
    cache.set('thread', [{ id: first.messageId, authorId: 'bot', authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content: 'Hello ▌', createdAt: 1, editedAt: 2 }]);
    reply.remember(cache, 'thread', 'bot');
    assert.deepEqual(cache.get('thread')?.map((message) => message.content), ['Hello world, final.']);
    assert.deepEqual(log, ['turn true', 'webhook create Hello ▌', 'webhook edit 100 Hello world ▌', 'channel edit 100 Hello world, final. (final)']);
  });
});
