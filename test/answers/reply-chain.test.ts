/**
 * The reply-chain walker: from a person's reply up through `replyToId`, each answer of the bot
 * read whole through its record, back to the root — over a fake message source and records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerAnchors } from '../../src/answers/answer-anchors.ts';
import type { MessageSource } from '../../src/answers/message-source.ts';
import { mentionsUser, replyChainConversation, walkReplyChain, withoutMentionOf, type ReplyChainReader } from '../../src/answers/reply-chain.ts';
import type { ConversationServices } from '../../src/answers/turn-conversation.ts';
import { AttachmentCache } from '../../src/attachments/attachment-cache.ts';
import { AttachmentReader } from '../../src/attachments/read-attachments.ts';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { HistoryCache } from '../../src/conversation/history-cache.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';
import type { AnswerRecord, AnswerTrigger } from '../../src/store/saved-answers.ts';
import type { Store } from '../../src/store/store-port.ts';

const bot = '1100000000000000001';
const ada = { id: '1100000000000000302', name: 'Ada' };
const max = { id: '1100000000000000303', name: 'Max' };

/** A channel of messages and the bot's answer records, as the walker reads them. */
class World {
  readonly messages = new Map<string, ThreadMessage>();
  readonly records: AnswerRecord[] = [];
  readonly reads: string[] = [];
  #next = 1000;

  reader(): ReplyChainReader {
    const source: MessageSource = {
      id: 'channel',
      page: async () => ({ messages: [], fetched: 0, oldestId: undefined }),
      message: async (id) => {
        this.reads.push(id);
        return this.messages.get(id);
      },
      post: async () => assert.fail('the walker posts nothing'),
      typing: () => undefined,
    };
    return { source, answers: { answerContaining: async (id) => this.records.find((record) => record.messageIds.includes(id)) }, botUserId: bot };
  }

  say(person: { id: string; name: string }, content: string, replyTo?: string): string {
    const id = String(this.#next++);
    this.messages.set(id, { id, authorId: person.id, authorName: person.name, isFromThisBot: false, authorIsBot: false, content, createdAt: Number(id), ...(replyTo === undefined ? {} : { replyToId: replyTo }) });
    return id;
  }

  /** An answer of the bot in `parts` messages, the first replying to `replyTo`; its record kept. */
  answer(trigger: AnswerTrigger, parts: string[], options: { replyTo?: string; turn?: unknown; modelId?: string; askedBy?: string[] } = {}): string[] {
    const ids = parts.map((content, index) => {
      const id = String(this.#next++);
      const replyToId = index === 0 ? options.replyTo : undefined;
      this.messages.set(id, { id, authorId: bot, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content, createdAt: Number(id), ...(replyToId === undefined ? {} : { replyToId }) });
      return id;
    });
    this.records.push({
      firstMessageId: ids[0]!,
      channelId: 'channel',
      guildId: 'guild',
      messageIds: ids,
      modelId: options.modelId ?? 'openai/gpt-4o',
      askedBy: options.askedBy ?? [ada.id],
      trigger,
      turn: options.turn ?? null,
      locale: 'en-US',
      follows: null,
      createdAt: Number(ids[0]),
    });
    return ids;
  }

  /** `reply` answers to `replyTo`, as the bot records them. */
  replyAnswer(replyTo: string, parts: string[], modelId?: string): string[] {
    return this.answer('reply', parts, { replyTo, turn: { from: replyTo }, ...(modelId === undefined ? {} : { modelId }) });
  }
}

const contents = (messages: readonly ThreadMessage[]) => messages.map((message) => `${message.isFromThisBot ? 'bot' : message.authorName}: ${message.content}`);

describe('walkReplyChain', () => {
  it('GIVEN an /ask answered in two messages and replies to it THEN the chain is the question, each answer whole in order, and the replies; the root is the /ask', async () => {
    const world = new World();
    const root = world.answer('ask', ['Paris is the capital ', 'of France.'], { turn: { prompt: 'Capital of France?', attachments: [] } });
    const first = world.say(ada, 'And its population?', root[1]);
    const second = world.replyAnswer(first, ['About 2.1 million, ', 'in the city proper.']);
    const from = world.say(max, 'And the metro area?', second[0]);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), [
      'Ada: Capital of France?',
      'bot: Paris is the capital ',
      'bot: of France.',
      'Ada: And its population?',
      'bot: About 2.1 million, ',
      'bot: in the city proper.',
      'Max: And the metro area?',
    ]);
    assert.equal(chain.messages[0]?.id, `${root[0]}:prompt`);
    assert.equal(chain.root?.firstMessageId, root[0]);
  });

  it('GIVEN an /ask record without the asker’s name THEN the chain names them as they show in it, else "Someone"', async () => {
    const world = new World();
    const root = world.answer('ask', ['Yes.'], { turn: { prompt: 'Is it?', attachments: [] }, askedBy: [ada.id] });
    const byAda = world.say(ada, 'Sure?', root[0]);
    assert.equal((await walkReplyChain(world.reader(), byAda, { maxMessages: 50 })).messages[0]?.authorName, 'Ada');
    const byMax = world.say(max, 'Really?', root[0]);
    assert.deepEqual((await walkReplyChain(world.reader(), byMax, { maxMessages: 50 })).messages.map((message) => [message.authorId, message.authorName]), [
      [ada.id, 'Someone'],
      [bot, 'Cordial'],
      [max.id, 'Max'],
    ]);
  });

  it('GIVEN a mention root THEN its question is the person’s message it replied to, without the mention; once that is deleted, the recorded question', async () => {
    const world = new World();
    const question = world.say(ada, `<@${bot}> what is a monad?`);
    const root = world.answer('mention', ['A monoid in the category of endofunctors.'], {
      replyTo: question,
      turn: { prompt: 'what is a monad?', attachments: [], authorId: ada.id, authorName: 'Ada (then)' },
    });
    const from = world.say(max, `<@${bot}>, simpler please`, root[0]);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Ada: what is a monad?', 'bot: A monoid in the category of endofunctors.', 'Max: simpler please']);
    assert.equal(chain.messages[0]?.id, question);

    world.messages.delete(question);
    const again = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(again.messages), ['Ada (then): what is a monad?', 'bot: A monoid in the category of endofunctors.', 'Max: simpler please']);
    assert.equal(again.root?.trigger, 'mention');
  });

  it('GIVEN an "Ask Cordial" root THEN its recorded question, with its files, stands first, and the message it was about is not walked into', async () => {
    const world = new World();
    const target = world.say(max, 'The meeting moved to 3pm.');
    const file = { id: '1300000000000000001', name: 'notes.txt', byteSize: 5, url: 'https://cdn.discordapp.com/a/notes.txt' };
    const root = world.answer('message-command', ['On Friday.'], { replyTo: target, turn: { prompt: 'A message by Max: … Which day?', attachments: [file], authorId: ada.id, authorName: 'Ada' } });
    const from = world.say(ada, 'Which week?', root[0]);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Ada: A message by Max: … Which day?', 'bot: On Friday.', 'Ada: Which week?']);
    assert.deepEqual(chain.messages[0]?.attachments, [file]);
    assert.equal(world.reads.includes(target), false);
  });

  it('GIVEN a chain longer than the cap THEN the newest entries are kept, whole answers only, and the root is the oldest answer reached', async () => {
    const world = new World();
    let previous = world.answer('ask', ['A0'], { turn: { prompt: 'Q0', attachments: [] }, modelId: 'openai/root' });
    const answers: string[][] = [previous];
    for (let turn = 1; turn <= 5; turn += 1) {
      const reply = world.say(ada, `R${turn}`, previous.at(-1));
      previous = world.replyAnswer(reply, [`A${turn}a`, `A${turn}b`], `openai/m${turn}`);
      answers.push(previous);
    }
    const from = world.say(ada, 'R6', previous[0]);
    // R6, A5 (2), R5, A4 (2): 6 entries; R4 would be the 7th
    const six = await walkReplyChain(world.reader(), from, { maxMessages: 6 });
    assert.deepEqual(contents(six.messages), ['bot: A4a', 'bot: A4b', 'Ada: R5', 'bot: A5a', 'bot: A5b', 'Ada: R6']);
    assert.equal(six.root?.modelId, 'openai/m4');
    // with room for 5, A4 does not fit whole: it goes, and all before it
    const five = await walkReplyChain(world.reader(), from, { maxMessages: 5 });
    assert.deepEqual(contents(five.messages), ['Ada: R5', 'bot: A5a', 'bot: A5b', 'Ada: R6']);
    assert.equal(five.root?.modelId, 'openai/m5');
    // the whole chain: 5 replies, 5 answers of 2, the root answer, its question and R6
    const whole = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.equal(whole.messages.length, 18);
    assert.equal(whole.root?.modelId, 'openai/root');
    // the question counts as an entry: with one place fewer it is the one dropped
    const noQuestion = await walkReplyChain(world.reader(), from, { maxMessages: 17 });
    assert.equal(noQuestion.messages[0]?.content, 'A0');
    assert.equal(noQuestion.root?.modelId, 'openai/root');
  });

  it('GIVEN a deleted message in the middle THEN the chain starts after it', async () => {
    const world = new World();
    const root = world.answer('ask', ['A0'], { turn: { prompt: 'Q0', attachments: [] } });
    const gone = world.say(ada, 'R1', root[0]);
    const from = world.say(max, 'R2', gone);
    world.messages.delete(gone);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Max: R2']);
    assert.equal(chain.root, undefined);
  });

  it('GIVEN a deleted part of a split answer, its first one included THEN the rest of it stays and the walk goes on through its recorded turn', async () => {
    const world = new World();
    const root = world.answer('ask', ['A0'], { turn: { prompt: 'Q0', attachments: [] } });
    const reply = world.say(ada, 'R1', root[0]);
    const answer = world.replyAnswer(reply, ['A1a', 'A1b', 'A1c']);
    const from = world.say(ada, 'R2', answer[2]);
    world.messages.delete(answer[0]!);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Ada: Q0', 'bot: A0', 'Ada: R1', 'bot: A1b', 'bot: A1c', 'Ada: R2']);
  });

  it('GIVEN replies that point at each other (a cycle) THEN each message is read once and the walk ends', async () => {
    const world = new World();
    const first = world.say(ada, 'one');
    const second = world.say(max, 'two', first);
    world.messages.set(first, { ...world.messages.get(first)!, replyToId: second });
    const chain = await walkReplyChain(world.reader(), second, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Ada: one', 'Max: two']);
    assert.deepEqual(world.reads, [second, first]);
  });

  it('GIVEN a bot message without a record (an old answer, a note) THEN it is an ordinary message of the chain, followed up its own reply', async () => {
    const world = new World();
    const question = world.say(ada, 'Q');
    const note = String(9000);
    world.messages.set(note, { id: note, authorId: bot, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content: 'old answer', createdAt: 9000, replyToId: question });
    const from = world.say(max, 'R', note);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50 });
    assert.deepEqual(contents(chain.messages), ['Ada: Q', 'bot: old answer', 'Max: R']);
    assert.equal(chain.root, undefined);
  });

  it('GIVEN `without` THEN those messages are left out', async () => {
    const world = new World();
    const root = world.answer('ask', ['A0'], { turn: { prompt: 'Q0', attachments: [] } });
    const from = world.say(ada, 'R1', root[0]);
    const chain = await walkReplyChain(world.reader(), from, { maxMessages: 50, without: [root[0]!] });
    assert.deepEqual(contents(chain.messages), ['Ada: Q0', 'Ada: R1']);
  });
});

describe('replyChainConversation', () => {
  const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';
  const config = loadBotConfig({ DISCORD_TOKEN: token, PROVIDERS: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', SYSTEM_PROMPT: 'Be brief.', REPLY_CHAIN_MAX_MESSAGES: '4' });

  it('GIVEN a chain THEN the model gets the system prompt and the chain as alternating turns, capped by REPLY_CHAIN_MAX_MESSAGES; the newest author asked', async () => {
    const world = new World();
    const root = world.answer('ask', ['A0'], { turn: { prompt: 'Q0', attachments: [] } });
    const reply = world.say(max, 'R1', root[0]);
    const answer = world.replyAnswer(reply, ['A1']);
    const from = world.say(ada, `<@${bot}> R2`, answer[0]);
    const { source, answers } = world.reader();
    const services: ConversationServices = {
      config,
      historyCache: new HistoryCache(),
      anchors: new AnswerAnchors(10),
      attachments: new AttachmentReader({
        fetch: { allowedOrigins: ['https://cdn.discordapp.com'], maxBytes: 1000, timeoutMs: 1000 },
        maxMessageBytes: 1000,
        maxTextFileBytes: 1000,
        historyMaxImages: 4,
        historyMaxBytes: 1000,
        cache: new AttachmentCache(1000),
        fetchFile: async () => assert.fail('no files here'),
      }),
      store: answers as unknown as Store,
      botUserId: bot,
    };
    const conversation = await replyChainConversation(services, source, from, 'openai/gpt-4o', 8192);
    // the cap of 4 leaves out the question; a conversation the model gets begins with a person's turn, so A0 goes too
    assert.deepEqual(conversation.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Max: R1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Ada: R2' },
    ]);
    assert.deepEqual(conversation.askedBy, [ada.id]);
    assert.equal(conversation.newestMessageId, from);
    const redone = await replyChainConversation(services, source, from, 'openai/gpt-4o', 8192, { without: [answer[0]!] });
    // left out, A1 takes no place: the question fits, and the two replies make one person's turn
    assert.deepEqual(redone.messages.map((message) => message.content), ['Be brief.', 'Ada: Q0', 'A0', 'Max: R1\n\nAda: R2']);
  });
});

describe('the bot’s mention in a message', () => {
  it('GIVEN mentions in either form THEN they are recognised, and a reply that only pings writes none', async () => {
    assert.equal(mentionsUser(`hi <@${bot}>`, bot), true);
    assert.equal(mentionsUser(`hi <@!${bot}>`, bot), true);
    assert.equal(mentionsUser(`hi <@${ada.id}>`, bot), false);
    assert.equal(mentionsUser('hi', bot), false);
  });

  it('GIVEN a question around the mention THEN the mention goes, with a comma or colon after it, other mentions and the layout stay', async () => {
    assert.equal(withoutMentionOf(`<@${bot}> what is a monad?`, bot), 'what is a monad?');
    assert.equal(withoutMentionOf(`<@!${bot}>: what is a monad?`, bot), 'what is a monad?');
    assert.equal(withoutMentionOf(`Hey <@${bot}>, ask <@${ada.id}> too`, bot), `Hey ask <@${ada.id}> too`);
    assert.equal(withoutMentionOf(`thanks <@${bot}>`, bot), 'thanks');
    assert.equal(withoutMentionOf(`<@${bot}> fix this:\n\`\`\`\n  indented\n\`\`\``, bot), 'fix this:\n```\n  indented\n```');
    assert.equal(withoutMentionOf(`<@${bot}>`, bot), '');
    assert.equal(withoutMentionOf('  no mention  ', bot), '  no mention  ');
  });
});
