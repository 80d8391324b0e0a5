import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { estimateConversationTokens } from '../../src/conversation/budget.ts';
import type { ChatMessage } from '../../src/model/chat-message.ts';
import { contentOf, startWorld, type World } from './bot-harness.ts';

/** The model's context here: 300 tokens, of which a half is kept for the answer. */
const contextTokens = 300;
const historyBudgetTokens = 150;

describe('thread history: trimmed to the model, and served from the cache, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { OPENAI_CONTEXT_TOKENS: String(contextTokens), SYSTEM_PROMPT: 'Be brief.' } });
  });
  after(async () => {
    await world?.close();
  });

  const lastAsked = () => (world.upstream.requestsTo('POST', '/v1/chat/completions').at(-1)?.parsedBody as { messages: (ChatMessage & { content: string })[] }).messages;
  const historyReadsOf = (threadId: string, fromRequest: number) =>
    world.discord.requests.slice(fromRequest).filter((request) => request.method === 'GET' && request.path === `/channels/${threadId}/messages`).length;

  async function openThread(prompt: string, answer: string): Promise<string> {
    world.upstream.enqueue({ text: answer });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt } });
    return (await world.discord.waitForThread({ name: prompt })).id;
  }

  /** Posts a message in the thread and waits for the bot's finished answer to it. */
  async function turn(threadId: string, question: string, answer: string): Promise<void> {
    world.upstream.enqueue({ text: answer });
    world.discord.sendMessage({ channelId: threadId, content: question });
    await world.discord.waitForMessage({ channelId: threadId, authorId: world.discord.bot.id, where: (message) => contentOf(message) === answer });
  }

  it('a history longer than the model’s context loses its oldest turns and keeps the newest, starting with a question', async () => {
    const threadId = await openThread('Trim me', 'Ok.');
    const filler = 'and some more words to make it long '.repeat(3);
    for (let round = 1; round <= 6; round += 1) await turn(threadId, `question ${round} ${filler}`, `answer ${round}.`);

    const asked = lastAsked();
    // the answer asked for is what trimming left for it, so prompt and answer fit the context
    assert.equal((world.upstream.requestsTo('POST', '/v1/chat/completions').at(-1)?.parsedBody as { max_tokens?: number }).max_tokens, contextTokens / 2);
    assert.equal(asked[0]?.role, 'system');
    const turns = asked.slice(1).map((message) => `${message.role}: ${message.content.split(' ').slice(0, 2).join(' ')}`);
    // the /ask prompt and the first rounds are gone; what stays is the newest rounds, whole, in order
    const kept = turns.length;
    assert.ok(kept >= 3 && kept < 12, turns.join(' | '));
    const firstRound = 6 - (kept - 1) / 2;
    assert.ok(Number.isInteger(firstRound) && firstRound > 1, `an odd number of turns, from a question: ${turns.join(' | ')}`);
    const expected: string[] = [];
    for (let round = firstRound; round <= 6; round += 1) expected.push(`user: question ${round}`, ...(round < 6 ? [`assistant: answer ${round}.`] : []));
    assert.deepEqual(turns, expected);
    assert.equal(asked.at(-1)?.content, `question 6 ${filler}`);
    assert.ok(estimateConversationTokens(asked) <= historyBudgetTokens, `${estimateConversationTokens(asked)} tokens`);
  });

  it('after a restart the thread is read from Discord once; later turns come from the cache, with edits and deletions in it', async () => {
    const threadId = await openThread('Cache me', 'Ok.');
    await turn(threadId, 'The colour is red.', 'Noted.');
    await turn(threadId, 'My name is Bob.', 'Nice to meet you.');
    const messageSaying = (content: string) => world.discord.messagesIn(threadId).find((message) => contentOf(message) === content)!;
    const colour = messageSaying('The colour is red.');
    const introduction = messageSaying('My name is Bob.');
    // the bot's cache is empty after a restart, and it never saw these two messages arrive
    await world.bot.stop();
    await world.startBot();

    const beforeRead = world.discord.requests.length;
    await turn(threadId, 'Hello again.', 'Welcome back.');
    assert.equal(historyReadsOf(threadId, beforeRead), 1, 'the first turn after the restart reads the thread');
    assert.deepEqual(lastAsked().slice(1).map((message) => message.content), ['Cache me', 'Ok.', 'The colour is red.', 'Noted.', 'My name is Bob.', 'Nice to meet you.', 'Hello again.']);

    const afterRead = world.discord.requests.length;
    world.discord.editMessage(colour.id, 'The colour is blue.');
    world.discord.deleteMessage(introduction.id);
    // the gateway delivers the edit and the deletion before this message, on the same socket
    await turn(threadId, 'What colour, and who am I?', 'Blue, and I do not know.');
    assert.equal(historyReadsOf(threadId, afterRead), 0, 'the next turn reads nothing from Discord');
    const asked = lastAsked().slice(1);
    assert.deepEqual(asked.map((message) => message.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(asked[2]?.content, 'The colour is blue.');
    assert.equal(asked.some((message) => /red|Bob/.test(message.content)), false, JSON.stringify(asked));
    assert.equal(asked.at(-1)?.content, 'What colour, and who am I?');
  });
});
