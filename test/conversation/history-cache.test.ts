import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HistoryCache } from '../../src/conversation/history-cache.ts';
import { compareSnowflakes, type ThreadMessage } from '../../src/conversation/thread-message.ts';

function message(id: string, content = `m${id}`, version = 1): ThreadMessage {
  return { id, authorId: 'u', authorName: 'User', isFromThisBot: false, authorIsBot: false, content, createdAt: 1, editedAt: version };
}
const ids = (messages: readonly ThreadMessage[] | undefined): string[] | undefined => messages?.map((item) => item.id);

test('compareSnowflakes orders by numeric value, also across lengths', () => {
  const sorted = ['9', '10', '175928847299117063', '1175928847299117063', '1175928847299117064'];
  assert.deepEqual([...sorted].reverse().sort(compareSnowflakes), sorted);
  assert.equal(compareSnowflakes('42', '42'), 0);
});

test('GIVEN an unknown thread THEN get misses and events for it are ignored', () => {
  const cache = new HistoryCache();
  cache.onMessageCreated('t', message('5'));
  assert.equal(cache.get('t'), undefined);
  assert.equal(cache.size, 0);
});

test('GIVEN a cached thread THEN created, updated and deleted messages keep it current and sorted', () => {
  const cache = new HistoryCache();
  cache.set('t', [message('30'), message('10')]);
  cache.onMessageCreated('t', message('20'));
  cache.onMessageCreated('t', message('100'));
  cache.onMessageUpdated('t', { id: '20', content: 'edited', editedAt: 2 });
  cache.onMessageDeleted('t', '10');
  const messages = cache.get('t');
  assert.deepEqual(ids(messages), ['20', '30', '100']);
  assert.equal(messages?.[0]?.content, 'edited');
  assert.equal(messages?.[0]?.authorName, 'User', 'fields absent from the update are kept');
});

test('GIVEN a streamed answer edited many times, with a stale version arriving late THEN the newest text stays', () => {
  const cache = new HistoryCache();
  cache.set('t', []);
  cache.onMessageCreated('t', { ...message('7', '▌', 1), isFromThisBot: true });
  for (let edit = 2; edit <= 50; edit += 1) cache.onMessageUpdated('t', { id: '7', content: 'x'.repeat(edit), editedAt: edit });
  cache.onMessageUpdated('t', { id: '7', content: 'stale', editedAt: 10 });
  cache.onMessageCreated('t', { ...message('7', '▌', 1), isFromThisBot: true });
  assert.equal(cache.get('t')?.[0]?.content, 'x'.repeat(50));
  assert.equal(cache.get('t')?.length, 1);
});

test('GIVEN an update for a message not in the cache THEN a whole message is inserted and a partial one ignored', () => {
  const cache = new HistoryCache();
  cache.set('t', []);
  cache.onMessageUpdated('t', { id: '3', content: 'partial' });
  assert.deepEqual(cache.get('t'), []);
  cache.onMessageUpdated('t', message('3', 'whole'));
  assert.deepEqual(ids(cache.get('t')), ['3']);
});

test('GIVEN more messages than the per-thread limit THEN the newest are kept', () => {
  const cache = new HistoryCache({ maxMessagesPerThread: 3 });
  cache.set('t', ['1', '2', '3', '4', '5'].map((id) => message(id)));
  assert.deepEqual(ids(cache.get('t')), ['3', '4', '5']);
  cache.onMessageCreated('t', message('6'));
  cache.onMessageCreated('t', message('2'));
  assert.deepEqual(ids(cache.get('t')), ['4', '5', '6']);
});

test('GIVEN more threads than the limit THEN the least recently read is evicted', () => {
  const cache = new HistoryCache({ maxThreads: 2 });
  cache.set('a', [message('1')]);
  cache.set('b', [message('2')]);
  cache.get('a');
  cache.set('c', [message('3')]);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), undefined);
  assert.deepEqual(ids(cache.get('a')), ['1']);
  assert.deepEqual(ids(cache.get('c')), ['3']);
});

test('get returns a copy that later events do not change', () => {
  const cache = new HistoryCache();
  cache.set('t', [message('1')]);
  const snapshot = cache.get('t');
  cache.onMessageCreated('t', message('2'));
  assert.deepEqual(ids(snapshot), ['1']);
});

test('GIVEN events while a thread is being fetched THEN set replays them onto the fetched list', () => {
  const cache = new HistoryCache();
  cache.startLoading('t');
  cache.onMessageCreated('t', message('4'));
  cache.onMessageUpdated('t', { id: '1', content: 'edited during the fetch', editedAt: 5 });
  cache.onMessageDeleted('t', '2');
  assert.equal(cache.get('t'), undefined, 'nothing is cached before set');
  cache.set('t', [message('3'), message('2'), message('1')]);
  const messages = cache.get('t');
  assert.deepEqual(ids(messages), ['1', '3', '4']);
  assert.equal(messages?.[0]?.content, 'edited during the fetch');
});

test('GIVEN a cancelled load or a deleted thread THEN later events are ignored and nothing is cached', () => {
  const cache = new HistoryCache();
  cache.startLoading('t');
  cache.cancelLoading('t');
  cache.onMessageCreated('t', message('1'));
  cache.set('t', []);
  assert.deepEqual(cache.get('t'), []);
  cache.onThreadDeleted('t');
  assert.equal(cache.get('t'), undefined);
});

test('GIVEN more events during a fetch than can be buffered THEN the load is not cached (the next turn fetches again)', () => {
  const cache = new HistoryCache();
  cache.startLoading('t');
  for (let index = 0; index <= 1000; index += 1) cache.onMessageUpdated('t', { id: '1', content: String(index), editedAt: index });
  cache.set('t', [message('1')]);
  assert.equal(cache.get('t'), undefined);
});

type Event =
  | { type: 'create'; id: bigint; version: number }
  | { type: 'update'; id: bigint; version: number }
  | { type: 'delete'; id: bigint };

test('property: after any sequence of events the list is sorted by id, bounded, and matches a simple model', () => {
  const id = fc.oneof(fc.bigInt(1n, 50n), fc.bigInt(10n ** 17n, 10n ** 17n + 20n), fc.bigInt(10n ** 18n, 10n ** 18n + 20n));
  const event: fc.Arbitrary<Event> = fc.oneof(
    fc.record({ type: fc.constant('create' as const), id, version: fc.nat(5) }),
    fc.record({ type: fc.constant('update' as const), id, version: fc.nat(5) }),
    fc.record({ type: fc.constant('delete' as const), id }),
  );
  fc.assert(
    fc.property(fc.array(event, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), (events, limit) => {
      const cache = new HistoryCache({ maxMessagesPerThread: limit });
      cache.set('t', []);
      const model = new Map<bigint, { content: string; version: number }>();
      for (const [index, item] of events.entries()) {
        const key = String(item.id);
        if (item.type === 'delete') {
          cache.onMessageDeleted('t', key);
          model.delete(item.id);
        } else if (item.type === 'create') {
          cache.onMessageCreated('t', message(key, `c${index}`, item.version));
          const existing = model.get(item.id);
          if (existing === undefined || item.version >= existing.version) model.set(item.id, { content: `c${index}`, version: item.version });
        } else {
          cache.onMessageUpdated('t', { id: key, content: `u${index}`, editedAt: item.version });
          const existing = model.get(item.id);
          if (existing !== undefined && item.version >= existing.version) model.set(item.id, { content: `u${index}`, version: item.version });
        }
        // the cache keeps only the newest `limit` ids
        const sortedIds = [...model.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
        for (const evicted of sortedIds.slice(0, Math.max(0, sortedIds.length - limit))) model.delete(evicted);
      }
      const cached = cache.get('t') ?? [];
      const expected = [...model.entries()]
        .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
        .map(([key, value]) => ({ id: String(key), content: value.content }));
      assert.deepEqual(
        cached.map((item) => ({ id: item.id, content: item.content })),
        expected,
      );
      assert.ok(cached.length <= limit);
    }),
    { seed: 19, numRuns: 400 },
  );
});
