/**
 * Daily token quotas on the answering path: `prepareTurn` refuses at a person's or a server's
 * quota before any model is asked, says when it resets, lets everyone in again at the next UTC
 * midnight on an injected clock, and leaves an answer already prepared to finish.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { answerTurn, isRefusal, prepareTurn, refusalText, type TurnRefusal } from '../../src/answers/answer-turn.ts';
import { promptConversation } from '../../src/answers/turn-conversation.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import { MemorySink } from './support/memory-sink.ts';
import { ada, guildId, max } from './support/people.ts';
import { testServices, type TestServices } from './support/test-services.ts';

const channelId = '1100000000000000601';
/** 2026-03-10 23:30 UTC: half an hour before the day's quotas reset. */
const LATE_EVENING = Date.parse('2026-03-10T23:30:00Z');
const MIDNIGHT = Date.parse('2026-03-11T00:00:00Z');

const open: TestServices[] = [];
afterEach(() => {
  for (const built of open.splice(0)) built.close();
});

/** Services on a ManualClock set to `LATE_EVENING`, the store's and the quota check's alike. */
async function setUp(env: Record<string, string>): Promise<TestServices> {
  const built = testServices(env);
  open.push(built);
  await built.clock.advance(LATE_EVENING - built.clock.now());
  const services = { ...built.services, now: () => built.clock.now() };
  return { ...built, services };
}

async function used(built: TestServices, userId: string, tokens: number, where: string | null = guildId): Promise<void> {
  await built.store.recordUsage({ guildId: where, channelId, userId, modelId: 'openai/gpt-4o', messageId: null, outcome: 'complete', promptTokens: tokens - 10, completionTokens: 10 });
}

const turnOf = (userId: string, where: string | null = guildId) => ({ modelId: 'openai/gpt-4o', askerId: userId, claimQuota: true, guildId: where });

describe('token quotas in prepareTurn', () => {
  it('GIVEN a person at QUOTA_PERSON_TOKENS_PER_DAY THEN they are refused with when it resets, no place taken, no model asked; others are not', async () => {
    const built = await setUp({ QUOTA_PERSON_TOKENS_PER_DAY: '100', MAX_ANSWERS_PER_USER: '1' });
    await used(built, ada.id, 99);
    const below = await prepareTurn(built.services, turnOf(ada.id));
    assert.ok(!isRefusal(below), '99 of 100: still in');
    below.release();
    await used(built, ada.id, 1);
    const refusal = await prepareTurn(built.services, turnOf(ada.id));
    assert.deepEqual(refusal, { refused: 'quota', scope: 'person', limit: 100, resetsAt: MIDNIGHT, resetsInSeconds: 30 * 60 });
    assert.equal(built.provider.requests.length, 0);
    const other = await prepareTurn(built.services, turnOf(max.id));
    assert.equal(isRefusal(other), false, 'the quota is per person');
    if (!isRefusal(other)) other.release();
    const claim = await built.services.quota.claim(ada.id);
    assert.notEqual(claim, undefined, 'the refusal took no place');
  });

  it('GIVEN the clock moves past UTC midnight THEN the new day starts from zero and the person is answered again', async () => {
    const built = await setUp({ QUOTA_PERSON_TOKENS_PER_DAY: '100' });
    await used(built, ada.id, 150);
    assert.equal(isRefusal(await prepareTurn(built.services, turnOf(ada.id))), true);
    await built.clock.advance(MIDNIGHT - 1 - built.clock.now());
    assert.equal(isRefusal(await prepareTurn(built.services, turnOf(ada.id))), true, 'one millisecond before midnight: still refused');
    await built.clock.advance(1);
    const turn = await prepareTurn(built.services, turnOf(ada.id));
    assert.equal(isRefusal(turn), false, 'at midnight the quota resets');
  });

  it('GIVEN a server at its own quota THEN everyone there is refused with the server scope, while a server setting of 0 lifts the default', async () => {
    const built = await setUp({ QUOTA_SERVER_TOKENS_PER_DAY: '1000' });
    await used(built, ada.id, 600);
    await used(built, max.id, 400);
    assert.deepEqual(await prepareTurn(built.services, turnOf(max.id)), { refused: 'quota', scope: 'server', limit: 1000, resetsAt: MIDNIGHT, resetsInSeconds: 1800 });
    assert.equal(isRefusal(await prepareTurn(built.services, turnOf(max.id, null))), false, 'a DM has no server quota');
    await built.store.setGuildQuota(guildId, { serverTokensPerDay: 0 }, { userId: ada.id, name: 'Ada' });
    assert.equal(isRefusal(await prepareTurn(built.services, turnOf(max.id))), false);
  });

  it('GIVEN a turn prepared before the quota is reached THEN its answer still finishes, and only the next turn is refused', async () => {
    const built = await setUp({ QUOTA_PERSON_TOKENS_PER_DAY: '100' });
    const prepared = await prepareTurn(built.services, turnOf(ada.id));
    assert.ok(!isRefusal(prepared));
    await used(built, ada.id, 500);
    built.provider.answers.push('Still answered.');
    const answered = await built.clock.run(
      answerTurn(built.services, {
        prepared,
        catalog: english,
        place: { guildId, channelId },
        askerId: ada.id,
        conversation: (contextTokens) => promptConversation(built.services, { messages: [], prompt: { authorId: ada.id, authorName: ada.name, content: 'Hi' }, modelId: 'openai/gpt-4o', contextTokens }),
        reply: { sink: new MemorySink() },
        logContext: {},
      }),
    );
    assert.equal(answered.result.text, 'Still answered.');
    assert.equal(isRefusal(await prepareTurn(built.services, turnOf(ada.id))), true);
  });

  it('GIVEN no guildId (a test of another refusal) THEN no token quota is checked', async () => {
    const built = await setUp({ QUOTA_PERSON_TOKENS_PER_DAY: '1' });
    await used(built, ada.id, 50);
    assert.equal(isRefusal(await prepareTurn(built.services, { modelId: 'openai/gpt-4o', askerId: ada.id, claimQuota: false })), false);
  });
});

describe('the quota refusal in words', () => {
  const person: TurnRefusal = { refused: 'quota', scope: 'person', limit: 20_000, resetsAt: MIDNIGHT, resetsInSeconds: 5 * 3600 + 20 * 60 };
  const server: TurnRefusal = { refused: 'quota', scope: 'server', limit: 1_000_000, resetsAt: MIDNIGHT, resetsInSeconds: 90 };
  const stamp = `<t:${MIDNIGHT / 1000}:t>`;

  it('THEN English says whose quota, its tokens with the locale’s grouping, roughly when and at what time it resets', async () => {
    assert.equal(refusalText(english, person), `You have used today’s 20,000 tokens of your quota here; it resets in about 5 hours, at ${stamp}.`);
    assert.equal(refusalText(english, server), `This server has used today’s 1,000,000 tokens of its quota; it resets in about 2 minutes, at ${stamp}.`);
  });

  it('THEN Russian says it naturally, with Russian grouping and plural forms', async () => {
    assert.equal(refusalText(russian, person), `Вы израсходовали свою дневную квоту здесь — 20\u00a0000 токенов; она обновится примерно через 5 часов, в ${stamp}.`);
    assert.equal(refusalText(russian, { ...server, limit: 1001 }), `Сервер израсходовал свою дневную квоту — 1\u00a0001 токен; она обновится примерно через 2 минуты, в ${stamp}.`);
  });
});
