/**
 * What each kind of turn gives the model, exactly: a bot thread (its opening `/ask` and first
 * answer standing first, `/ask`s used inside it before their answers, an `/ask` as the turn, the
 * cuts a Regenerate makes), a DM, and a turn that stands alone — with the files they carry read
 * from a local stand-in for Discord's CDN, the answer bound, and who asked.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { answerTokenLimit, directConversation, promptConversation, threadConversation } from '../../src/answers/turn-conversation.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';
import { MERGED_TURN_SEPARATOR } from '../../src/conversation/alternate-roles.ts';
import { OPENING_ANSWER, OPENING_PROMPT, openBotThread } from './support/bot-thread.ts';
import { FakeMessageSource } from './support/fake-message-source.ts';
import { PNG_BYTES, startFileServer, type FileServer } from './support/file-server.ts';
import { ada, botUserId, eve, helperBot, max, nextSnowflake, timeOf } from './support/people.ts';
import { CONTEXT_TOKENS, SYSTEM_PROMPT, testServices, type TestServices } from './support/test-services.ts';

const NOTES = 'Line one.\nLine two.';
const SPEC = '# Spec\nIt must be fast.';
let files: FileServer;
before(async () => {
  files = await startFileServer([
    { name: 'notes.txt', bytes: new TextEncoder().encode(NOTES), contentType: 'text/plain' },
    { name: 'spec.md', bytes: new TextEncoder().encode(SPEC) },
    { name: 'cat.png', bytes: PNG_BYTES, contentType: 'image/png' },
  ]);
});
after(() => files.stop());

const open: TestServices[] = [];
function setUp(env: Record<string, string> = {}): TestServices {
  const built = testServices({ DISCORD_ATTACHMENT_ORIGINS: files.origin, ...env });
  open.push(built);
  return built;
}
afterEach(() => {
  for (const built of open.splice(0)) built.close();
  files.requests.length = 0;
});

const system = { role: 'system', content: SYSTEM_PROMPT } as const;
const user = (content: string) => ({ role: 'user', content }) as const;
const assistant = (content: string) => ({ role: 'assistant', content }) as const;

/** An `/ask` used in a thread, as the command builds it (its id is the interaction's). */
function askPrompt(person: typeof ada, content: string, attachments?: ThreadMessage['attachments']): ThreadMessage {
  const id = nextSnowflake();
  return { id, authorId: person.id, authorName: person.name, isFromThisBot: false, authorIsBot: false, content, createdAt: timeOf(id), ...(attachments === undefined ? {} : { attachments }) };
}

describe('threadConversation', () => {
  it('GIVEN a thread of one person THEN the system prompt, the opening /ask, its answer standing first, then the thread, unprefixed', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'And of Germany?');
    thread.answer('Berlin.');
    const newest = thread.say(ada, 'And of Italy?');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    assert.deepEqual(conversation.messages, [system, user(OPENING_PROMPT), assistant(OPENING_ANSWER), user('And of Germany?'), assistant('Berlin.'), user('And of Italy?')]);
    assert.deepEqual(conversation.askedBy, [ada.id]);
    assert.equal(conversation.newestMessageId, newest.id);
    assert.equal(conversation.maxTokens, answerTokenLimit(services, CONTEXT_TOKENS));
    assert.deepEqual(conversation.dropped, []);
    assert.deepEqual(conversation.imagesNotShown, []);
  });

  it('GIVEN several people THEN each user turn names its speaker, people after the last answer merge into one turn, and they asked, newest first', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(max, 'And of Germany?');
    thread.answer('Berlin.');
    thread.say(eve, 'And of Spain?');
    thread.say(helperBot, 'Beep.');
    thread.say(ada, 'And of Italy?');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    assert.deepEqual(conversation.messages, [
      system,
      user(`Ada: ${OPENING_PROMPT}`),
      assistant(OPENING_ANSWER),
      user('Max: And of Germany?'),
      assistant('Berlin.'),
      user(`Eve: And of Spain?${MERGED_TURN_SEPARATOR}Ada: And of Italy?`),
    ]);
    assert.deepEqual(conversation.askedBy, [ada.id, eve.id], 'another bot asks nothing');
  });

  it('GIVEN the thread’s own system prompt THEN it replaces SYSTEM_PROMPT, and an explicit one replaces both', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store, { system: 'Answer in French.' });
    thread.say(ada, 'And of Germany?');
    assert.deepEqual((await threadConversation(services, thread, record, CONTEXT_TOKENS)).messages[0], { role: 'system', content: 'Answer in French.' });
    assert.deepEqual((await threadConversation(services, thread, record, CONTEXT_TOKENS, { system: 'Answer as a pirate.' })).messages[0], { role: 'system', content: 'Answer as a pirate.' });
  });

  it('GIVEN an /ask used inside the thread THEN its kept prompt stands before its answer, as its asker’s turn', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'And of Germany?');
    thread.answer('Berlin.');
    const [rome] = thread.answer('Rome.');
    await store.saveThreadPrompt({ messageId: rome!.id, threadId: thread.id, authorId: max.id, authorName: max.name, prompt: 'And of Italy?' });
    thread.say(ada, 'Thanks!');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    assert.deepEqual(conversation.messages, [
      system,
      user(`Ada: ${OPENING_PROMPT}`),
      assistant(OPENING_ANSWER),
      user('Ada: And of Germany?'),
      assistant('Berlin.'),
      user('Max: And of Italy?'),
      assistant('Rome.'),
      user('Ada: Thanks!'),
    ]);
  });

  it('GIVEN an /ask as the turn THEN its prompt is the newest turn and its asker asked first; the newest message stays the thread’s', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    const newest = thread.say(ada, 'Interesting.');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS, { ask: { prompt: askPrompt(max, 'And of Spain?'), modelId: 'openai/gpt-4o' } });
    assert.deepEqual(conversation.messages, [system, user(`Ada: ${OPENING_PROMPT}`), assistant(OPENING_ANSWER), user(`Ada: Interesting.${MERGED_TURN_SEPARATOR}Max: And of Spain?`)]);
    assert.deepEqual(conversation.askedBy, [max.id, ada.id]);
    assert.equal(conversation.newestMessageId, newest.id);
  });

  it('GIVEN upTo and without (a Regenerate) THEN later messages and the answer’s own are left out', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'Q1');
    thread.answer('A1 part one,', ' part two.');
    const question = thread.say(ada, 'Q2');
    const redone = thread.answer('A2');
    thread.say(ada, 'Q3');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS, { upTo: question.id, without: redone.map((message) => message.id) });
    assert.deepEqual(conversation.messages, [system, user(OPENING_PROMPT), assistant(OPENING_ANSWER), user('Q1'), assistant('A1 part one, part two.'), user('Q2')]);
    assert.equal(conversation.newestMessageId, question.id);
    assert.deepEqual(conversation.askedBy, [ada.id]);
  });

  it('GIVEN upTo the newest message and without the answer after it THEN the cut is the same as before the answer was written', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'Q1');
    const before = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    const answer = thread.answer('A1');
    services.historyCache.onMessageCreated(thread.id, answer[0]!);
    const after = await threadConversation(services, thread, record, CONTEXT_TOKENS, { upTo: before.newestMessageId!, without: [answer[0]!.id] });
    assert.deepEqual(after, before);
  });

  it('GIVEN without the thread’s id THEN the first answer is left out (the opening answer being redone)', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'Q1');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS, { without: [thread.id] });
    assert.deepEqual(conversation.messages, [system, user(`${OPENING_PROMPT}${MERGED_TURN_SEPARATOR}Q1`)]);
  });

  it('GIVEN an upTo that is no longer in the thread THEN nothing is cut by it', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    thread.say(ada, 'Q1');
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS, { upTo: '1300000000000000000' });
    assert.deepEqual(conversation.messages.at(-1), user('Q1'));
  });

  it('GIVEN files on the opening /ask and on a message THEN both are read and given with their turns', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store, { promptAttachments: [files.attachment('spec.md')] });
    thread.say(ada, 'Please read this.', { attachments: [files.attachment('notes.txt')] });
    const conversation = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    assert.deepEqual(conversation.messages, [
      system,
      { role: 'user', content: [{ type: 'text', text: OPENING_PROMPT }, { type: 'file-text', name: 'spec.md', text: SPEC }] },
      assistant(OPENING_ANSWER),
      { role: 'user', content: [{ type: 'text', text: 'Please read this.' }, { type: 'file-text', name: 'notes.txt', text: NOTES }] },
    ]);
    assert.deepEqual([...files.requests].sort(), ['/attachments/notes.txt', '/attachments/spec.md']);
  });

  it('GIVEN an image and the thread’s model cannot see images THEN it is named, not fetched, and said not shown; an /ask with a vision model is given it', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store, { modelId: 'openai/gpt-4o-mini' });
    thread.say(ada, 'Look!', { attachments: [files.attachment('cat.png')] });
    const blind = await threadConversation(services, thread, record, CONTEXT_TOKENS);
    assert.deepEqual(blind.messages.at(-1), { role: 'user', content: [{ type: 'text', text: 'Look!' }, { type: 'text', text: '[image cat.png, not shown]' }] });
    assert.deepEqual(blind.imagesNotShown, ['cat.png']);
    assert.deepEqual(files.requests, []);
    const seeing = await threadConversation(services, thread, record, CONTEXT_TOKENS, { ask: { prompt: askPrompt(ada, 'What is it?'), modelId: 'openai/gpt-4o' } });
    assert.deepEqual(seeing.messages.at(-1), { role: 'user', content: [{ type: 'text', text: 'Look!' }, { type: 'image', mediaType: 'image/png', data: PNG_BYTES, name: 'cat.png' }, { type: 'text', text: `${MERGED_TURN_SEPARATOR}What is it?` }] });
    assert.deepEqual(seeing.imagesNotShown, []);
  });

  it('GIVEN a small context THEN the oldest turns go, the system prompt and the newest message stay, and the answer bound is what is left', async () => {
    const { services, store } = setUp();
    const { thread, record } = await openBotThread(store);
    for (let index = 1; index <= 6; index += 1) {
      thread.say(ada, `Question ${index}: ${'blah '.repeat(80)}`);
      thread.answer(`Answer ${index}.`);
    }
    thread.say(ada, 'Last question?');
    const conversation = await threadConversation(services, thread, record, 1000);
    assert.deepEqual(conversation.messages[0], system);
    assert.deepEqual(conversation.messages.at(-1), user('Last question?'));
    assert.ok(conversation.dropped.length > 0);
    assert.ok(conversation.estimatedTokens <= 1000 - 500);
    assert.equal(conversation.maxTokens, 500, 'half of the context at most');
  });
});

describe('directConversation', () => {
  it('GIVEN a DM THEN the system prompt and its messages as alternating turns; the person asked', async () => {
    const { services } = setUp();
    const dm = new FakeMessageSource(botUserId);
    dm.say(ada, 'Hi');
    dm.answer('Hello!');
    const newest = dm.say(ada, 'How are you?');
    const conversation = await directConversation(services, dm, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(conversation.messages, [system, user('Hi'), assistant('Hello!'), user('How are you?')]);
    assert.deepEqual(conversation.askedBy, [ada.id]);
    assert.equal(conversation.newestMessageId, newest.id);
    assert.equal(conversation.maxTokens, answerTokenLimit(services, CONTEXT_TOKENS));
  });

  it('GIVEN upTo and without THEN the DM is cut as the turn stood', async () => {
    const { services } = setUp();
    const dm = new FakeMessageSource(botUserId);
    dm.say(ada, 'Hi');
    const redone = dm.answer('Hello!');
    dm.say(ada, 'Later');
    const first = dm.messages[0]!;
    const conversation = await directConversation(services, dm, 'openai/gpt-4o', CONTEXT_TOKENS, { upTo: first.id, without: [redone[0]!.id] });
    assert.deepEqual(conversation.messages, [system, user('Hi')]);
    assert.equal(conversation.newestMessageId, first.id);
  });

  it('GIVEN an image THEN a model that sees images gets it; one that cannot is told its name and the turn says it was not shown', async () => {
    const { services } = setUp();
    const dm = new FakeMessageSource(botUserId);
    dm.say(ada, '', { attachments: [files.attachment('cat.png')] });
    const seeing = await directConversation(services, dm, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(seeing.messages.at(-1), { role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: PNG_BYTES, name: 'cat.png' }] });
    assert.deepEqual(seeing.imagesNotShown, []);
    const blind = await directConversation(services, dm, 'openai/gpt-4o-mini', CONTEXT_TOKENS);
    assert.deepEqual(blind.messages.at(-1), { role: 'user', content: [{ type: 'text', text: '[image cat.png, not shown]' }] });
    assert.deepEqual(blind.imagesNotShown, ['cat.png']);
  });
});

describe('promptConversation', () => {
  it('GIVEN a prompt alone THEN the system prompt and the prompt; its author asked; no newest message', async () => {
    const { services } = setUp();
    const conversation = await promptConversation(services, { messages: [], prompt: { authorId: ada.id, authorName: ada.name, content: 'Say hello.' }, modelId: 'openai/gpt-4o', contextTokens: CONTEXT_TOKENS });
    assert.deepEqual(conversation.messages, [system, user('Say hello.')]);
    assert.deepEqual(conversation.askedBy, [ada.id]);
    assert.equal(conversation.newestMessageId, undefined);
    assert.deepEqual(conversation.imagesNotShown, []);
  });

  it('GIVEN a prompt with a file and an image for a model that cannot see THEN the file is read into the turn and the image named and said not shown', async () => {
    const { services } = setUp();
    const conversation = await promptConversation(services, {
      messages: [],
      prompt: { authorId: ada.id, authorName: ada.name, content: 'Compare these.', attachments: [files.attachment('notes.txt'), files.attachment('cat.png')] },
      modelId: 'openai/gpt-4o-mini',
      contextTokens: CONTEXT_TOKENS,
    });
    assert.deepEqual(conversation.messages, [
      system,
      { role: 'user', content: [{ type: 'text', text: 'Compare these.' }, { type: 'file-text', name: 'notes.txt', text: NOTES }, { type: 'text', text: '[image cat.png, not shown]' }] },
    ]);
    assert.deepEqual(conversation.imagesNotShown, ['cat.png']);
    assert.deepEqual(files.requests, ['/attachments/notes.txt']);
  });

  it('GIVEN a chain of messages and a system prompt THEN they are the turns after it; the newest author asked and the newest message is the chain’s', async () => {
    const { services } = setUp();
    const chain = new FakeMessageSource(botUserId);
    chain.say(max, 'Q');
    chain.answer('A');
    const reply = chain.say(ada, 'R');
    const conversation = await promptConversation(services, { messages: chain.messages, modelId: 'openai/gpt-4o', contextTokens: CONTEXT_TOKENS, system: 'Answer as a pirate.' });
    assert.deepEqual(conversation.messages, [{ role: 'system', content: 'Answer as a pirate.' }, user('Max: Q'), assistant('A'), user('Ada: R')]);
    assert.deepEqual(conversation.askedBy, [ada.id]);
    assert.equal(conversation.newestMessageId, reply.id);
  });
});

describe('answerTokenLimit', () => {
  it('GIVEN PROVIDER_MAX_TOKENS THEN the larger of it and the reserve, never over half the context', async () => {
    const { services } = setUp();
    assert.equal(answerTokenLimit(services, 8192), 4096);
    assert.equal(answerTokenLimit(services, 4000), 2000);
    const reserved = setUp({ ANSWER_RESERVE_TOKENS: '6000', PROVIDER_MAX_TOKENS: '100' });
    assert.equal(answerTokenLimit(reserved.services, 32768), 6000);
  });

  it('GIVEN PROVIDER_MAX_TOKENS 0 THEN no bound is sent, and conversations carry none', async () => {
    const { services } = setUp({ PROVIDER_MAX_TOKENS: '0' });
    assert.equal(answerTokenLimit(services, 8192), undefined);
    const conversation = await promptConversation(services, { messages: [], prompt: { authorId: ada.id, authorName: ada.name, content: 'Hi' }, modelId: 'openai/gpt-4o', contextTokens: 8192 });
    assert.equal(conversation.maxTokens, undefined);
  });
});
