import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import type { Catalog } from '../../src/i18n/catalog.ts';
import { unknownModelReason, type UnknownModelReason } from '../../src/i18n/unknown-model-reason.ts';
import { replyTextsFor } from '../../src/i18n/reply-texts-for.ts';
import { ProviderError } from '../../src/model/provider-error.ts';
import { commandText } from '../../src/i18n/command-names.ts';

const providers = [{ id: 'openai' }, { id: 'ollama' }];
const malformed = ['', 'gpt4', 'openai/', 'bad id/x', 'openai/two words', `openai/${'x'.repeat(300)}`];
const reasons: UnknownModelReason[] = [...malformed, 'nowhere/model', 'openai/gpt-9'].map((id) => unknownModelReason(id, providers));

/** Every sentence of a catalog, with sample arguments. */
function everyText(catalog: Catalog): string[] {
  const texts: string[] = [];
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') texts.push(value);
    else if (key === 'help') texts.push(...helpTexts(catalog));
    else if (typeof value === 'object') texts.push(...Object.values(value as Record<string, unknown>).flatMap(nestedTexts));
    else if (key === 'unknownModel') texts.push(...reasons.map((reason) => catalog.unknownModel('some/id', reason)));
    else if (key === 'effectiveModel') texts.push(catalog.effectiveModel(undefined, 'none'), catalog.effectiveModel('a/b', 'server'));
    else if (key === 'defaultModelReset') texts.push(catalog.defaultModelReset(undefined), catalog.defaultModelReset('a/b'));
    else if (key === 'imagesNotShown') texts.push(catalog.imagesNotShown(['a.png'], 'a/b'), catalog.imagesNotShown(['a.png', 'b.png'], 'a/b'));
    else if (key === 'threadRepliesSet') texts.push(catalog.threadRepliesSet('every-message'), catalog.threadRepliesSet('mentions'));
    else if (key === 'regenerateFailed') texts.push(catalog.regenerateFailed(undefined), catalog.regenerateFailed(catalog.providerFailure.unavailable));
    else if (key === 'setBy') texts.push(catalog.setBy('Ada Admin', '3 Dec'));
    else texts.push((value as (...args: unknown[]) => string)(2, 1));
  }
  return texts;
}

/** A text of a nested group (the `/prompt` texts …): a string, or a function called with sample arguments for each of its cases. */
function nestedTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'function') return [];
  const text = value as (...args: unknown[]) => unknown;
  return [text('server', 'Ada Admin', '3 Dec'), text('channel', 'Ada Admin', '3 Dec')].filter((result): result is string => typeof result === 'string');
}

/** Every piece of `/help`, with commands named as typed in the catalog's language. */
function helpTexts(catalog: Catalog): string[] {
  const help = catalog.help;
  const ask = commandText(catalog === russian ? 'ru' : 'en', 'ask');
  return [
    ...Object.values(help).filter((value) => typeof value === 'string'),
    help.intro('Sova'),
    help.introNotMember('Sova'),
    ...(['opens-thread', 'continues-thread', 'plain', 'interaction-only'] as const).map((outcome) => help.ask(ask, outcome)),
    help.mention('@Sova', true),
    help.mention('@Sova', false),
    help.directMessagesOffHere(ask),
    ...(['every-message', 'mentions'] as const).flatMap((mode) => [help.threads(mode, true), help.threads(mode, false)]),
    help.replies(true),
    help.replies(false),
    help.buttons(catalog.stopButton, catalog.regenerateButton),
    help.systemPrompt('Be kind.'),
    help.limits(2, 4000),
    help.limits(0, 1),
    help.userInstall(ask),
  ];
}

test('GIVEN every Russian text THEN commands are named as Russian clients show them', () => {
  for (const text of everyText(russian)) {
    assert.doesNotMatch(text, /\/(ask|model)\b/, text);
    assert.doesNotMatch(text, /`(model|prompt|private):/, text);
  }
  assert.match(russian.emptyPrompt, /`\/спросить`/);
  assert.match(russian.noModelConfigured, /`\/модель выбрать`/);
  assert.match(russian.modelListFooter, /`\/спросить модель:`/);
  assert.match(russian.help.ask('`/спросить`', 'plain'), /`запрос:` .*`модель:` .*`лично:` .*`изображение:`/);
  assert.match(russian.help.askAbout, /Приложения → Спросить Cordial/);
});

test('GIVEN the modal and button texts THEN they fit Discord’s limits in each language', () => {
  for (const catalog of [english, russian]) {
    assert.ok(catalog.askAboutModalTitle.length <= 45, catalog.askAboutModalTitle);
    assert.ok(catalog.askAboutQuestionLabel.length <= 45, catalog.askAboutQuestionLabel);
    assert.ok(catalog.askAboutPrivateLabel.length <= 45, catalog.askAboutPrivateLabel);
    assert.ok(catalog.askAboutQuestionPlaceholder.length <= 100, catalog.askAboutQuestionPlaceholder);
    assert.ok(catalog.regenerateButton.length <= 80, catalog.regenerateButton);
  }
});

test('GIVEN a count THEN Russian words agree with it', () => {
  assert.equal(russian.promptTooLong(4001, 4000), 'Длина запроса — 4001 символ, а предел — 4000.');
  assert.equal(russian.promptTooLong(4002, 4000), 'Длина запроса — 4002 символа, а предел — 4000.');
  assert.equal(russian.promptTooLong(4005, 4000), 'Длина запроса — 4005 символов, а предел — 4000.');
  assert.equal(russian.promptTooLong(4011, 4000), 'Длина запроса — 4011 символов, а предел — 4000.');
  assert.match(russian.tooManyAnswers(1), /уже пишется 1 ответ\./);
  assert.match(russian.tooManyAnswers(2), /уже пишутся 2 ответа\./);
  assert.match(russian.tooManyAnswers(5), /уже пишутся 5 ответов\./);
  assert.equal(english.promptTooLong(4001, 4000), 'Your prompt is 4001 characters long; the limit is 4000.');
  // REPLY_MAX_MESSAGES=1 is a cap people set
  assert.equal(english.messageCapNote(1), '-# ✂️ Answer cut for length: it would have needed more than 1 message.');
  assert.equal(english.messageCapNote(10), '-# ✂️ Answer cut for length: it would have needed more than 10 messages.');
  assert.equal(russian.messageCapNote(1), '-# ✂️ Ответ сокращён: ему не хватило бы 1 сообщения.');
  assert.equal(russian.messageCapNote(10), '-# ✂️ Ответ сокращён: ему не хватило бы 10 сообщений.');
});

test('GIVEN any unusable model id THEN each language says why in its own words, with one final period', () => {
  for (const catalog of [english, russian]) {
    for (const reason of reasons) {
      const text = catalog.unknownModel('some/id', reason);
      assert.doesNotMatch(text, /\.\./, text);
      assert.match(text, /\.$/, text);
      // members cannot see /model list by default: the pointer is the /ask model option
      assert.doesNotMatch(text, /list|список/, text);
    }
  }
  for (const reason of reasons) {
    const text = russian.unknownModel('some/id', reason);
    assert.doesNotMatch(text, /\b(write|has no|is not|provider|model name|e\.g\.)\b/, text);
  }
  assert.equal(
    english.unknownModel('gpt4', unknownModelReason('gpt4', providers)),
    '`gpt4` is not a model id: write provider/model, e.g. `openai/gpt-4o-mini`. Start typing after `/ask model:` to see the models you can use.',
  );
  assert.equal(
    russian.unknownModel('gpt4', unknownModelReason('gpt4', providers)),
    '`gpt4` — не идентификатор модели: напишите провайдер/модель, например `openai/gpt-4o-mini`. Начните вводить `/спросить модель:`, и Discord покажет модели, доступные вам.',
  );
  assert.match(english.unknownModel('openai/gpt-9', unknownModelReason('openai/gpt-9', providers)), /^Unknown model `openai\/gpt-9`: `openai` has no model `gpt-9`\./);
  assert.match(russian.unknownModel('nowhere/x', unknownModelReason('nowhere/x', providers)), /провайдер `nowhere` здесь не настроен \(настроены: openai, ollama\)\./);
});

test('GIVEN a model id THEN unknownModelReason classifies it without asking anyone', () => {
  assert.deepEqual(unknownModelReason('gpt4', providers), { code: 'missing-provider', part: 'gpt4' });
  assert.deepEqual(unknownModelReason('bad provider/x', providers), { code: 'invalid-provider', part: 'bad provider' });
  assert.deepEqual(unknownModelReason('openai/has space', providers), { code: 'invalid-model', part: 'has space' });
  assert.deepEqual(unknownModelReason('  ', providers), { code: 'empty', part: '' });
  assert.deepEqual(unknownModelReason('h2o/falcon', providers), { code: 'no-provider', provider: 'h2o', configured: ['openai', 'ollama'] });
  assert.deepEqual(unknownModelReason('openai/gpt-9', providers), { code: 'not-listed', provider: 'openai', model: 'gpt-9' });
});

test('GIVEN the bot’s name THEN the no-intent hint names it', () => {
  assert.match(english.noMessageContentIntent('Sova'), /\(@Sova\)/);
  assert.match(russian.noMessageContentIntent('Сова'), /\(@Сова\)/);
  assert.doesNotMatch(english.noMessageContentIntent('Sova') + russian.noMessageContentIntent('Сова'), /Cordial/);
});

test('GIVEN a rate limit with retry-after THEN the reply says when to try again', () => {
  const limited = (seconds: number | undefined) => new ProviderError({ provider: 'openai', kind: 'rate-limited', message: 'HTTP 429', status: 429, ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) });
  const english999999 = replyTextsFor(english, 'openai/gpt-4o-mini', () => undefined).errorBeforeText(limited(999_999));
  assert.equal(english999999, '-# ⚠️ No answer from **openai/gpt-4o-mini**: the provider is rate limiting requests; try again in about 12 days.');
  assert.match(replyTextsFor(english, 'm', () => undefined).cutShort(limited(300)), /try again in 5 minutes\.$/);
  assert.match(replyTextsFor(russian, 'm', () => undefined).errorBeforeText(limited(999_999)), /попробуйте примерно через 12 дней\.$/);
  assert.match(replyTextsFor(russian, 'm', () => undefined).errorBeforeText(limited(60)), /попробуйте через 1 минуту\.$/);
  // without the header there is nothing to say but "in a moment"
  assert.match(replyTextsFor(english, 'm', () => undefined).errorBeforeText(limited(undefined)), /try again in a moment\.$/);
});
