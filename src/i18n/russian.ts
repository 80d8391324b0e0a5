import type { Catalog } from './catalog.ts';
import { commandNames, commandText } from './command-names.ts';
import { inlineCode } from './markdown.ts';
import { countOf, pluralForm } from './plural.ts';
import type { UnknownModelReason } from './unknown-model-reason.ts';
import { waitPhrase } from './wait-phrase.ts';

// Russian clients show the commands by their Russian names: the texts name them the same way
const ask = commandText('ru', 'ask');
const askModel = commandText('ru', 'ask', { option: 'askModel' });
const modelSet = commandText('ru', 'model', 'modelSet');
const promptReset = commandText('ru', 'prompt', 'promptReset');
const promptSet = commandText('ru', 'prompt', 'promptSet');
const promptShow = commandText('ru', 'prompt', 'promptShow');
const characters = { one: 'символ', few: 'символа', many: 'символов', other: 'символа' };
const tokenForms = { one: 'токен', few: 'токена', many: 'токенов', other: 'токена' };
/** Where anyone can see the models: `/модель список` is for admins unless they open it to all. */
const pickModel = `Начните вводить ${askModel}, и Discord покажет модели, доступные вам.`;
const example = 'например `openai/gpt-4o-mini`';

function whyUnknown(modelId: string, reason: UnknownModelReason): string {
  const id = inlineCode(modelId);
  switch (reason.code) {
    case 'empty':
      return `Модель не указана: напишите её как провайдер/модель, ${example}.`;
    case 'missing-provider':
      return `${inlineCode(reason.part)} — не идентификатор модели: напишите провайдер/модель, ${example}.`;
    case 'missing-model':
      return `В ${inlineCode(reason.part)} после провайдера нет модели: напишите провайдер/модель, ${example}.`;
    case 'invalid-provider':
      return `${inlineCode(reason.part)} — не идентификатор провайдера: в нём могут быть только буквы, цифры, \`.\`, \`_\` и \`-\`.`;
    case 'invalid-model':
      return `${inlineCode(reason.part)} — не название модели: в нём не может быть пробелов.`;
    case 'too-long':
      // «длиннее» takes the genitive: 1 символа, 21 символа, 200 символов
      return `Идентификатор модели длиннее ${reason.limit} ${pluralForm('ru', reason.limit, { one: 'символа', other: 'символов' })}.`;
    case 'no-provider':
      return `Неизвестная модель ${id}: провайдер ${inlineCode(reason.provider)} здесь не настроен (${reason.configured.length === 0 ? 'не настроен ни один' : `настроены: ${reason.configured.join(', ')}`}).`;
    case 'not-listed':
      return `Неизвестная модель ${id}: у провайдера ${inlineCode(reason.provider)} нет модели ${inlineCode(reason.model)}.`;
  }
}

/** Russian, for users whose Discord locale is `ru`. */
export const russian: Catalog = {
  providerFailure: {
    'unknown-model': 'провайдер не знает эту модель',
    auth: 'провайдер отклонил ключ бота',
    'rate-limited': 'провайдер ограничивает частоту запросов; попробуйте чуть позже',
    timeout: 'провайдер слишком долго не отвечал',
    unavailable: 'провайдер недоступен',
    'bad-request': 'провайдер отклонил запрос (возможно, разговор слишком длинный)',
    cut: 'соединение с провайдером оборвалось',
    oversized: 'провайдер прислал слишком большое событие',
    protocol: 'провайдер ответил в непонятном боту виде (веб-страницей, перенаправлением или искажённым событием)',
    upstream: 'провайдер сообщил об ошибке',
    aborted: 'ответ отменён',
  },
  rateLimitedFor: (seconds) => `провайдер ограничивает частоту запросов; попробуйте ${waitPhrase('ru', seconds)}`,
  failedBeforeText: (model, reason) => `-# ⚠️ Нет ответа от **${model}**: ${reason}.`,
  cutShort: (reason) => `-# ⚠️ Ответ оборван: ${reason}.`,
  stopped: '-# ⏹️ Остановлено.',
  stoppedBy: (name) => `-# ⏹️ Остановлено: ${name}.`,
  stopButton: 'Остановить',
  thinking: (seconds) => (seconds < 1 ? '-# 💭 Думаю…' : `-# 💭 Думаю… ${seconds} с`),
  reasoningHeading: '-# 💭 Рассуждения',
  reasoningButton: 'Рассуждения',
  reasoningNotKept: (days) =>
    `Рассуждения к этому ответу больше не хранятся: бот хранит их ${countOf('ru', days, { one: 'день', few: 'дня', many: 'дней', other: 'дня' })}.`,
  reasoningCut: (maxMessages) => `-# ✂️ Рассуждения сокращены: им не хватило бы ${maxMessages} ${pluralForm('ru', maxMessages, { one: 'сообщения', other: 'сообщений' })}.`,
  stopNotAllowed: 'Остановить этот ответ может только тот, кто спросил, или тот, кто может управлять сообщениями здесь.',
  stoppedBeforeText: '-# ⏹️ Остановлено до ответа модели.',
  lengthLimit: '-# ⚠️ Ответ упёрся в предел длины модели.',
  contentFilter: '-# ⚠️ Ответ остановлен фильтром содержимого провайдера.',
  internalFailure: 'что-то пошло не так на стороне бота',
  interruptedByShutdown: '-# ⏹️ Прервано: бот перезапускается. Спросите ещё раз через минуту.',
  interruptedByCrash: '-# ⚠️ Прервано: бот неожиданно остановился, пока писал этот ответ. Спросите ещё раз, чтобы получить остальное.',
  discordUnreachableCutShort: '-# ⚠️ Ответ оборван: Discord какое-то время был недоступен.',
  discordUnreachableBeforeText: '⚠️ Discord какое-то время был недоступен, и ответ потерялся. Спросите ещё раз.',
  messageCapNote: (maxMessages) => `-# ✂️ Ответ сокращён: ему не хватило бы ${maxMessages} ${pluralForm('ru', maxMessages, { one: 'сообщения', other: 'сообщений' })}.`,
  emptyAnswer: '-# (Модель вернула пустой ответ.)',
  emptyPrompt: `Запрос пуст: напишите вопрос после ${ask}.`,
  promptTooLong: (length, limit) => `Длина запроса — ${countOf('ru', length, { one: 'символ', few: 'символа', many: 'символов', other: 'символа' })}, а предел — ${limit}.`,
  unknownModel: (modelId, reason) => `${whyUnknown(modelId, reason)} ${pickModel}`,
  noModelConfigured: `Модель не настроена. Администратор может выбрать её командой ${modelSet}, или выберите модель в ${askModel}.`,
  tooManyAnswers: (limit) =>
    `Для вас уже ${pluralForm('ru', limit, { one: 'пишется', other: 'пишутся' })} ${countOf('ru', limit, { one: 'ответ', few: 'ответа', many: 'ответов', other: 'ответа' })}. Дождитесь окончания или нажмите ⏹️ «Остановить», затем спросите снова.`,
  noModelForDirectMessages: `Для личных сообщений у меня нет модели: тот, кто меня запускает, должен задать \`DEFAULT_MODEL\`. А пока здесь работает ${askModel}.`,
  directMessagesOff: `В личных сообщениях я не веду разговоров. Используйте ${ask} на сервере — или ${ask} прямо здесь для разового ответа.`,
  imagesNotShown: (imageNames, modelId) =>
    `-# 🖼️ ${imageNames.length === 1 ? 'Изображение' : 'Изображения'} ${new Intl.ListFormat('ru').format(imageNames.map(inlineCode))} ${imageNames.length === 1 ? 'не показано' : 'не показаны'} модели ${inlineCode(modelId)}: она не видит изображений.`,
  serverOnly: 'Эта команда работает на сервере, а не в личных сообщениях.',
  needsManageServer: 'Чтобы менять модель сервера, нужно право **Управлять сервером**.',
  defaultModelSet: (modelId) => `Модель сервера по умолчанию теперь \`${modelId}\`. Начатые ветки сохраняют свою модель.`,
  defaultModelReset: (globalDefault) =>
    globalDefault === undefined ? 'Модель сервера сброшена. Общая модель по умолчанию не задана.' : `Модель сервера сброшена; действует общая модель \`${globalDefault}\`.`,
  effectiveModel: (modelId, source) => {
    if (modelId === undefined || source === 'none') return `Модель здесь не настроена. Администратор может выбрать её командой ${modelSet}.`;
    const origin = { option: 'указана в команде', thread: 'модель этой ветки, с которой она началась', channel: 'модель этого канала по умолчанию', server: 'модель сервера по умолчанию', global: 'общая модель бота по умолчанию' }[source];
    return `Здесь используется \`${modelId}\` (${origin}).`;
  },
  providerHeading: (provider, reachable, detail) => `**${provider}** ${reachable ? '🟢 доступен' : `🔴 недоступен${detail === undefined ? '' : ` — ${detail}`}`}`,
  modelListFooter: `-# Выберите модель в ${askModel}; модель сервера задаёт администратор через ${modelSet}.`,
  noMessageContentIntent: (botName) =>
    `-# ℹ️ Бот не может читать сообщения здесь (выключен Message Content intent), поэтому упоминайте его (@${botName}), чтобы продолжить разговор.`,
  missingThreadPermission:
    'Ответ опубликован, но открыть на нём ветку не удалось: у бота нет права **Создавать публичные ветки** в этом канале. Его может выдать администратор сервера.',
  threadNameFallback: 'Разговор',
  askAboutModalTitle: 'Вопрос об этом сообщении',
  askAboutQuestionLabel: 'Ваш вопрос',
  askAboutQuestionPlaceholder: 'Например: перескажи кратко, или: это правда?',
  askAboutPrivateLabel: 'Ответ увижу только я',
  regenerateButton: 'Ответить заново',
  threadRepliesSet: (mode) =>
    mode === 'every-message'
      ? 'Теперь в своих ветках на этом сервере бот отвечает на каждое сообщение.'
      : 'Теперь в своих ветках на этом сервере бот отвечает только на сообщения, которые его упоминают или отвечают ему.',
  settingsNeedManageServer: 'Чтобы менять настройки бота на этом сервере, нужно право **Управлять сервером**.',
  accessRefused: {
    'blocked-role': 'Вы не можете пользоваться ботом на этом сервере: администраторы заблокировали одну из ваших ролей.',
    'not-allowed-role': 'Вы не можете пользоваться ботом на этом сервере: администраторы открыли его только для некоторых ролей, а у вас нет ни одной из них.',
    'blocked-channel': 'Администраторы сервера отключили бота в этом канале.',
    'not-allowed-channel': 'Администраторы сервера включили бота только в некоторых каналах, и этот канал не из их числа.',
    'direct-messages-off': 'В личных сообщениях я здесь не веду разговоров.',
  },
  accessNeedsManageServer: 'Чтобы менять, кто может пользоваться ботом на этом сервере, нужно право **Управлять сервером**.',
  accessNeedsOneTarget: `Укажите одну роль (${inlineCode(`${commandNames.accessRole.ru}:`)}) или один канал либо категорию (${inlineCode(`${commandNames.accessChannel.ru}:`)}).`,
  accessRuleAdded: (kind, target, isNew) => {
    const done =
      kind === 'allow-role'
        ? `Участники с ролью ${target} могут пользоваться ботом на этом сервере. Пока разрешена хоть одна роль, ботом могут пользоваться только участники с разрешённой ролью.`
        : kind === 'block-role'
          ? `Участники с ролью ${target} больше не могут пользоваться ботом на этом сервере, если у них нет права **Управлять сервером**.`
          : kind === 'allow-channel'
            ? `Бот отвечает в ${target} (и в его ветках, а для категории — в её каналах). Пока разрешён хоть один канал, бот отвечает только в разрешённых.`
            : `Бот больше не отвечает в ${target} и в его ветках (а для категории — в её каналах).`;
    return isNew ? done : `Ничего не изменилось: такое правило уже было. ${done}`;
  },
  accessRulesRemoved: (target, removed) =>
    removed === 0 ? `Для ${target} правил нет, ничего не изменилось.` : removed === 1 ? `Правило для ${target} снято.` : `Оба правила для ${target} (разрешение и запрет) сняты.`,
  accessListEmpty: `Правил нет: ботом может пользоваться кто угодно в любом канале этого сервера. Добавить их можно командами ${commandText('ru', 'access', 'accessAllow')} и ${commandText('ru', 'access', 'accessBlock')}.`,
  accessListHeading: '**Кто может пользоваться ботом на этом сервере**',
  accessListLabels: {
    'allow-role': 'Разрешённые роли (ботом могут пользоваться только участники с одной из них)',
    'block-role': 'Заблокированные роли',
    'allow-channel': 'Разрешённые каналы (только они и их ветки; категория включает свои каналы)',
    'block-channel': 'Заблокированные каналы',
  },
  accessListFooter: '-# Запрет сильнее разрешения. Участники с правом **Управлять сервером** могут пользоваться ботом всегда.',
  needsManageChannels: 'Чтобы менять модель этого канала, нужно право **Управлять каналами**.',
  channelModelSet: (modelId) => `Модель этого канала по умолчанию теперь \`${modelId}\`. Начатые ветки сохраняют свою модель.`,
  channelModelReset: (cleared) =>
    cleared ? 'Модель канала сброшена; здесь снова действует модель сервера.' : 'У этого канала нет своей модели — сбрасывать нечего.',
  // «3 дек.» ends with its own abbreviation point: one point ends the sentence too
  setBy: (name, date) => `-# Изменено: ${name}, ${date.replace(/\.$/, '')}.`,
  prompt: {
    modalTitle: (scope) => (scope === 'server' ? 'Системная инструкция сервера' : 'Системная инструкция канала'),
    fieldLabel: 'Что сказать модели перед разговором',
    fieldPlaceholder: 'Например: ты помощник нашего кружка по Rust, отвечай кратко.',
    needsPermission: (scope) =>
      scope === 'server'
        ? 'Чтобы менять системную инструкцию сервера, нужно право **Управлять сервером**.'
        : 'Чтобы менять системную инструкцию этого канала, нужно право **Управлять каналами**.',
    empty: `Инструкция пуста: напишите, что сказать модели, или сбросьте инструкцию командой ${promptReset}.`,
    tooLong: (length, limit) => `В инструкции ${countOf('ru', length, characters)}, а можно не больше ${limit}.`,
    staleForm: `Эта форма открыта в другом канале. Выполните ${promptSet} здесь ещё раз.`,
    saved: (scope) =>
      scope === 'server'
        ? 'Системная инструкция сервера сохранена. С неё начнутся новые разговоры, кроме каналов со своей инструкцией; уже открытые ветки сохраняют свою.'
        : 'Системная инструкция канала сохранена. С неё начнутся новые разговоры здесь; уже открытые ветки сохраняют свою.',
    reset: (scope, cleared) => {
      if (cleared) return `Системная инструкция ${scope === 'server' ? 'сервера' : 'канала'} сброшена. ${promptShow} покажет, какая действует теперь.`;
      return `У ${scope === 'server' ? 'сервера' : 'этого канала'} нет своей системной инструкции — сбрасывать нечего.`;
    },
    origin: (source) =>
      ({
        thread: 'инструкция этой ветки, с которой она началась',
        channel: 'инструкция этого канала',
        server: 'инструкция сервера',
        global: 'общая инструкция бота (`SYSTEM_PROMPT`)',
        'built-in': 'встроенная инструкция Cordial',
      })[source],
    shown: (origin) => `Системная инструкция здесь — ${origin}:`,
    here: (origin, show) => `-# Системная инструкция здесь — ${origin}; её показывает ${show}.`,
    none: 'Здесь не действует никакая системная инструкция: модель ничего не получает перед разговором.',
    shortened: (length) => `-# Сокращено, чтобы поместиться; всего в ней ${countOf('ru', length, characters)}.`,
  },
  help: {
    intro: (botName) => `**${botName}** отвечает на ваши вопросы с помощью больших языковых моделей прямо в Discord.`,
    introNotMember: (botName) =>
      `**${botName}** отвечает на ваши вопросы с помощью больших языковых моделей. Здесь меня нет среди участников: я вижу только то, что вы даёте мне через мои команды, и отвечаю только через них.`,
    startHeading: '**Как начать разговор**',
    ask: (ask, outcome) => {
      const option = (key: 'askPrompt' | 'askModel' | 'askPrivate' | 'askImage') => inlineCode(`${commandNames[key].ru}:`);
      const line = `• ${ask} ${option('askPrompt')} — ваш вопрос (${option('askModel')} — другая модель, ${option('askPrivate')} — ответ увидите только вы, ${option('askImage')} — картинка или текстовый файл).`;
      const after = { 'opens-thread': ' Разговор продолжится в ветке на ответе.', 'continues-thread': ' Здесь команда продолжает эту ветку.', plain: '', 'interaction-only': ' Ответ останется в моём сообщении, без ветки.' }[outcome];
      return line + after;
    },
    mention: (bot, opensThread) => `• Упомяните ${bot} в сообщении — я отвечу на него${opensThread ? ' и открою ветку для разговора' : ''}.`,
    askAbout: `• **Приложения → ${commandNames.askAbout.ru}** в меню любого сообщения: спросите меня об этом сообщении (ответ можно оставить только себе).`,
    directMessages: '• Или напишите мне в личные сообщения: там каждое сообщение — реплика разговора.',
    directMessagesHere: '• Здесь, в личных сообщениях, каждое ваше сообщение — реплика разговора.',
    directMessagesOffHere: (ask) => `• В личных сообщениях я здесь не веду разговоров: ${ask} и **${commandNames.askAbout.ru}** дают разовые ответы.`,
    continueHeading: '**Как продолжить**',
    threads: (mode, readsMessages) => {
      if (!readsMessages) return '• В моих ветках упоминайте меня: другие сообщения я здесь прочитать не могу (выключен Message Content intent).';
      return mode === 'every-message'
        ? '• В моих ветках каждое сообщение — реплика: я отвечаю с учётом всей ветки.'
        : '• В моих ветках на этом сервере я отвечаю только на сообщения, которые меня упоминают или отвечают мне (так решил сервер).';
    },
    replies: (readsMessages) =>
      `• Вне веток ответьте на один из моих ответов, чтобы продолжить тот разговор.${readsMessages ? '' : ' Не выключайте в ответе @упоминание, иначе я его не прочитаю.'}`,
    notMemberContinue: '• Здесь каждый вопрос — отдельный: этот разговор мне не виден.',
    buttons: (stop, regenerate) =>
      `**Кнопки**: ⏹️ **${stop}** прерывает ответ, пока он пишется; 🔁 **${regenerate}** пишет готовый ответ ещё раз. Нажать их может тот, кто спросил, или тот, кто может управлять сообщениями здесь.`,
    hereHeading: '**Что действует здесь**',
    noModelHere: `Модель для этого места не задана: выберите её в ${askModel}.`,
    systemPrompt: (quoted, origin) =>
      origin === undefined
        ? `Системная инструкция (её модель получает перед каждым разговором):\n> ${quoted}`
        : `Системная инструкция здесь — ${origin}; модель получает её перед каждым разговором:\n> ${quoted}`,
    noSystemPrompt: 'Системная инструкция не задана.',
    limits: (maxAnswers, maxPromptLength) => {
      // «не больше» and «до» take the genitive: 1 ответа, 2 ответов; 21 символа, 4000 символов
      const answers = maxAnswers === 0 ? 'ответов одновременно — сколько угодно' : `не больше ${maxAnswers} ${pluralForm('ru', maxAnswers, { one: 'ответа', other: 'ответов' })} одновременно на человека`;
      return `Ограничения: ${answers}; вопрос — до ${maxPromptLength} ${pluralForm('ru', maxPromptLength, { one: 'символа', other: 'символов' })}.`;
    },
    userInstall: (ask) =>
      `-# Добавьте меня в свой аккаунт (мой профиль → **Добавить приложение**), и ${ask} и **${commandNames.askAbout.ru}** заработают везде; где меня нет среди участников, я отвечаю только через них.`,
  },
  tokenQuotaReached: (limit, resetsInSeconds, scope, resetsAt) => {
    const tokens = `${new Intl.NumberFormat('ru').format(limit)} ${pluralForm('ru', limit, tokenForms)}`;
    const resets = `она обновится ${waitPhrase('ru', resetsInSeconds)}, в <t:${Math.floor(resetsAt / 1000)}:t>.`;
    return scope === 'person' ? `Вы израсходовали свою дневную квоту здесь — ${tokens}; ${resets}` : `Сервер израсходовал свою дневную квоту — ${tokens}; ${resets}`;
  },
  usage: {
    needsManageServer: `Чтобы смотреть расход сервера, нужно право **Управлять сервером**. Свой расход покажет ${commandText('ru', 'usage', 'usageMe')}.`,
    period: { today: 'за сегодня', '7d': 'за последние 7 дней', '30d': 'за последние 30 дней', '90d': 'за последние 90 дней' },
    serverHeading: (period, from, to) => `**Расход на этом сервере ${period}** (${from === to ? from : `${from} – ${to}`}, UTC)`,
    personHeading: (period, from, to, everywhere) => `**Ваш расход ${everywhere ? 'везде' : 'на этом сервере'} ${period}** (${from === to ? from : `${from} – ${to}`}, UTC)`,
    tokens: (written, count) => `${written} ${pluralForm('ru', count, tokenForms)}`,
    answers: (written, count) => `${written} ${pluralForm('ru', count, { one: 'ответ', few: 'ответа', many: 'ответов', other: 'ответа' })}`,
    totals: (tokens, answers, prompt, completion) => `${tokens}, ${answers} (в запросах ${prompt}, в ответах ${completion}).`,
    daysHeading: '**По дням**',
    modelsHeading: '**По моделям**',
    topUsersHeading: '**Больше всех**',
    moreDays: (count) => `… и ещё ${countOf('ru', count, { one: 'день', few: 'дня', many: 'дней', other: 'дня' })} раньше`,
    estimated: (answers) => `-# ≈ — с оценками: для ${countOf('ru', answers, { one: 'ответа', other: 'ответов' })} провайдер не сообщил счёт токенов.`,
    none: 'За этот период ответов не было.',
  },
  quota: {
    needsManageServer: 'Чтобы менять квоты сервера, нужно право **Управлять сервером**.',
    needsAValue: `Укажите ${inlineCode(`${commandNames.quotaPerson.ru}:`)}, ${inlineCode(`${commandNames.quotaServer.ru}:`)} или оба: токенов в день (0 — без квоты).`,
    saved: 'Квоты сохранены.',
    reset: (cleared) => (cleared ? 'Собственные квоты сервера сброшены: действуют квоты бота по умолчанию.' : 'У сервера не было своих квот: действуют квоты бота по умолчанию.'),
    heading: '**Дневные квоты токенов** (токены запроса и ответа за сутки по UTC)',
    line: (scope, limit, fromServer) => `• ${scope === 'person' ? 'Каждому участнику' : 'Всему серверу'}: ${limit === undefined ? 'без квоты' : `${limit} в день`} (${fromServer ? 'настройка сервера' : 'по умолчанию бота'})`,
    today: (mine, server, resetsAt) => `Сегодня вы израсходовали здесь ${mine}, весь сервер — ${server}; сутки обновятся <t:${Math.floor(resetsAt / 1000)}:R>.`,
  },
  regenerateWithPlaceholder: 'Ответить заново другой моделью…',
  regenerateNotAllowed: 'Ответить заново может только тот, кто спросил (или тот, кто может управлять сообщениями здесь).',
  regenerateNotLast: 'После этого ответа разговор продолжился, поэтому ответить заново здесь уже нельзя. Спросите ещё раз.',
  regenerateUnknown: 'Я больше не помню, о чём спрашивали в этом ответе, поэтому не могу ответить заново. Спросите ещё раз.',
  regenerateBusy: 'Этот ответ ещё пишется: дождитесь конца или сначала нажмите «Остановить».',
  askAboutEmptyQuestion: 'Вопрос пуст: напишите, что вы хотите узнать об этом сообщении.',
  askAboutTargetGone: `Я больше не помню сообщение, о котором вы спрашиваете (прошло слишком много времени или я перезапускался). Снова выберите **Приложения → ${commandNames.askAbout.ru}** в меню этого сообщения.`,
  mentionWithoutQuestion: (ask, help) => `Напишите вопрос сразу после упоминания или воспользуйтесь ${ask}. ${help} покажет, как ещё можно со мной поговорить.`,
  regenerateFailed: (reason) => `Новый ответ написать не удалось${reason === undefined ? '' : ` (${reason.replace(/\.$/, '')})`}, поэтому старый оставлен как был.`,
  answeredAsNonMember: '-# Меня нет среди участников этого сервера, поэтому я отвечаю только здесь, через команду: ветки не будет, и каждый вопрос — отдельный. Администратор сервера может добавить меня, чтобы разговаривать в ветках.',
  shuttingDown: 'Бот перезапускается; попробуйте через минуту.',
  unexpectedError: 'Что-то пошло не так на стороне бота. Ошибка записана; попробуйте ещё раз.',
};
