import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpText, type HelpInput, type HelpPlace } from '../../src/discord/help-text.ts';
import type { MentionCommand } from '../../src/discord/command-mentions.ts';
import { commandText } from '../../src/i18n/command-names.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

const places: HelpPlace[] = ['channel', 'thread', 'bot-thread', 'dm', 'user-install'];
/** Mentions as Discord writes them once the commands are registered: 19-digit ids, the longest. */
const registered: MentionCommand = (command, subcommand) => `</${command}${subcommand === undefined ? '' : ` ${subcommand}`}:1234567890123456789>`;

function input(overrides: Partial<HelpInput> = {}): HelpInput {
  return {
    catalog: english,
    place: 'channel',
    bot: { id: '2345678901234567890', name: 'Cordial' },
    model: { modelId: 'openai/gpt-4o-mini', source: 'server' },
    systemPrompt: 'You are a helpful assistant.',
    maxAnswersPerUser: 2,
    maxPromptLength: 4000,
    threadReplies: 'every-message',
    readsMessages: true,
    directMessages: true,
    mention: registered,
    ...overrides,
  };
}

test('GIVEN a server channel THEN help names every way to start and continue, the model, prompt and limits', () => {
  const text = helpText(input());
  assert.match(text, /^\*\*Cordial\*\* answers/);
  assert.match(text, /• <\/ask:1234567890123456789> `prompt:` your question \(`model:` .*`private:` .*`image:` .*\)\. The answer opens a thread/);
  assert.match(text, /Mention <@2345678901234567890> in a message: I answer with a reply and open a thread/);
  assert.match(text, /\*\*Apps → Ask Cordial\*\*/);
  assert.match(text, /write to me in direct messages/);
  assert.match(text, /In my threads every message is a turn/);
  assert.match(text, /reply to one of my answers to continue its conversation\.\n/);
  assert.match(text, /⏹️ \*\*Stop\*\*.*🔁 \*\*Regenerate\*\*/);
  assert.match(text, /The model here is `openai\/gpt-4o-mini` \(this server’s default\)\./);
  assert.match(text, /\n> You are a helpful assistant\.\n/);
  assert.match(text, /Limits: 2 answers at a time per person; questions up to 4000 characters\./);
  assert.match(text, /-# Add me to your account/);
});

test('GIVEN where help is asked THEN the ways that cannot work there are left out', () => {
  const thread = helpText(input({ place: 'thread' }));
  assert.match(thread, /Mention <@\d+> in a message: I answer with a reply\./, 'no thread inside a thread');
  assert.doesNotMatch(thread, /opens a thread/);

  const botThread = helpText(input({ place: 'bot-thread', model: { modelId: 'a/b', source: 'thread' } }));
  assert.match(botThread, /Here it continues this thread\./);
  assert.doesNotMatch(botThread, /Mention <@/);
  assert.match(botThread, /this thread’s model/);

  const dm = helpText(input({ place: 'dm', model: { modelId: 'a/b', source: 'global' } }));
  assert.match(dm, /Here, in our direct messages, every message you send is a turn/);
  assert.doesNotMatch(dm, /Mention <@|In my threads|reply to one of my answers|Or write to me/);
  assert.match(dm, /the bot’s global default/);

  const elsewhere = helpText(input({ place: 'user-install', model: { modelId: 'a/b', source: 'global' } }));
  assert.match(elsewhere, /I am not a member here/);
  assert.match(elsewhere, /The answer stays in my reply, with no thread\./);
  assert.match(elsewhere, /each question stands alone/);
  assert.doesNotMatch(elsewhere, /Mention <@|In my threads|reply to one of my answers|Add me to your account/);
});

test('GIVEN the server answers only mentions in its threads THEN help says so, and only in servers', () => {
  assert.match(helpText(input({ threadReplies: 'mentions' })), /In my threads on this server I answer only messages that mention me or reply to me/);
  assert.match(helpText(input({ threadReplies: 'mentions', catalog: russian })), /отвечаю только на сообщения, которые меня упоминают или отвечают мне/);
  for (const place of ['dm', 'user-install'] as const) assert.doesNotMatch(helpText(input({ place, threadReplies: 'mentions' })), /In my threads/);
});

test('GIVEN no Message Content intent THEN help asks for mentions in threads and in replies', () => {
  const text = helpText(input({ readsMessages: false }));
  assert.match(text, /In my threads, mention me: I cannot read other messages here/);
  assert.match(text, /Keep the reply’s @mention on/);
  assert.doesNotMatch(text, /every message is a turn: I answer/);
});

test('GIVEN DIRECT_MESSAGES off THEN help offers no DM conversation, and in a DM says what works instead', () => {
  assert.doesNotMatch(helpText(input({ directMessages: false })), /direct messages/);
  assert.match(helpText(input({ directMessages: false, place: 'dm' })), /I don’t hold conversations in direct messages here: <\/ask:\d+> and \*\*Ask Cordial\*\* give one-off answers\./);
});

test('GIVEN no model anywhere THEN a server points to the admins, elsewhere to the model option', () => {
  assert.match(helpText(input({ model: undefined })), /No model is configured here\. An admin can pick one with `\/model set`\./);
  assert.match(helpText(input({ model: undefined, place: 'dm' })), /No model is set for here: choose one with `\/ask model:`\./);
  assert.match(helpText(input({ model: undefined, place: 'dm', catalog: russian })), /выберите её в `\/спросить модель:`/);
});

test('GIVEN the limits THEN they read with their counts, 0 as no limit, in both languages', () => {
  assert.match(helpText(input({ maxAnswersPerUser: 1, maxPromptLength: 1 })), /Limits: 1 answer at a time per person; questions up to 1 character\./);
  assert.match(helpText(input({ maxAnswersPerUser: 0 })), /Limits: no limit on answers at once;/);
  const russianLimits = (answers: number, length: number) => helpText(input({ catalog: russian, maxAnswersPerUser: answers, maxPromptLength: length }));
  assert.match(russianLimits(1, 21), /не больше 1 ответа одновременно на человека; вопрос — до 21 символа\./);
  assert.match(russianLimits(2, 4000), /не больше 2 ответов одновременно на человека; вопрос — до 4000 символов\./);
  assert.match(russianLimits(5, 6000), /не больше 5 ответов .*до 6000 символов\./);
  assert.match(russianLimits(0, 4000), /ответов одновременно — сколько угодно/);
});

test('GIVEN commands not registered (or not read) THEN help names them as typed in the language', () => {
  const asTyped: MentionCommand = (command, subcommand) => (subcommand === undefined ? commandText('ru', command) : commandText('ru', command, subcommand));
  const text = helpText(input({ catalog: russian, mention: asTyped }));
  assert.match(text, /• `\/спросить` `запрос:` — ваш вопрос \(`модель:` — другая модель, `лично:` — ответ увидите только вы, `изображение:` — картинка/);
  assert.match(text, /\*\*Приложения → Спросить Cordial\*\*/);
  assert.doesNotMatch(text, /`(prompt|model|private|image):`/);
});

test('GIVEN a system prompt with markup and lines THEN it is quoted on one line as typed', () => {
  const text = helpText(input({ systemPrompt: '# Rules\n- be *kind*\n\n  use `code` and [links](https://example.com)  ' }));
  // `# ` would open a heading after `> `; the list dash is mid-line once joined, so plain
  assert.ok(text.includes('\n> \\# Rules - be \\*kind\\* use \\`code\\` and \\[links](https://example.com)\n'), text);
  const blank = helpText(input({ systemPrompt: '  \n ' }));
  assert.match(blank, /No system prompt is set\./);
  assert.doesNotMatch(blank, /\n> /);
});

test('GIVEN a markdown bot name THEN the intro shows it as written', () => {
  assert.match(helpText(input({ bot: { id: '2345678901234567890', name: 'cordial_bot*' } })), /^\*\*cordial\\_bot\\\*\*\* answers/);
});

test('GIVEN the worst case in every place and language THEN help fits one message, with the system prompt shortened at a word', () => {
  const longPrompt = `${'Ответь кратко и вежливо, не забывая о контексте разговора. '.repeat(120)}КОНЕЦ`;
  for (const catalog of [english, russian]) {
    for (const place of places) {
      for (const readsMessages of [true, false]) {
        const text = helpText(
          input({
            catalog,
            place,
            readsMessages,
            threadReplies: 'mentions',
            bot: { id: '2345678901234567890', name: '_'.repeat(32) },
            model: { modelId: `openai/${'m'.repeat(193)}`, source: 'server' },
            systemPrompt: longPrompt,
            maxAnswersPerUser: 1_000_000,
            maxPromptLength: 6000,
          }),
        );
        assert.ok(text.length <= 2000, `${place}: ${text.length} characters`);
        assert.ok(text.length > 1900, `${place}: the prompt takes the room left (${text.length})`);
        const quote = /\n> (.*)\n/.exec(text)?.[1] ?? '';
        const kept = quote.slice(0, -1);
        assert.ok(quote.endsWith('…') && kept.length > 100, quote);
        assert.ok(longPrompt.startsWith(kept) && longPrompt[kept.length] === ' ', `cut after a whole word: ${quote}`);
      }
    }
  }
});

test('GIVEN a system prompt of one endless word with emoji THEN the cut falls between characters', () => {
  const text = helpText(input({ catalog: russian, systemPrompt: '😀'.repeat(3000) }));
  assert.ok(text.length <= 2000, String(text.length));
  const quote = /\n> (.*)\n/.exec(text)?.[1] ?? '';
  assert.match(quote, /^(😀)+…$/u);
});

test('GIVEN a system prompt that fits THEN it is quoted whole', () => {
  const prompt = 'Be brief. '.repeat(40).trim();
  assert.match(helpText(input({ catalog: russian, systemPrompt: prompt })), new RegExp(`\\n> ${prompt.replaceAll('.', '\\.')}\\n`));
});
