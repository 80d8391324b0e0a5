import type { Catalog } from './catalog.ts';

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
    upstream: 'провайдер сообщил об ошибке',
    aborted: 'ответ отменён',
  },
  failedBeforeText: (model, reason) => `-# ⚠️ Нет ответа от **${model}**: ${reason}.`,
  cutShort: (reason) => `-# ⚠️ Ответ оборван: ${reason}.`,
  stopped: '-# ⏹️ Остановлено.',
  stoppedBy: (name) => `-# ⏹️ Остановлено: ${name}.`,
  stopButton: 'Остановить',
  stopNotAllowed: 'Остановить этот ответ может только тот, кто спросил, или тот, кто может управлять сообщениями здесь.',
  stoppedBeforeText: '-# ⏹️ Остановлено до ответа модели.',
  lengthLimit: '-# ⚠️ Ответ упёрся в предел длины модели.',
  contentFilter: '-# ⚠️ Ответ остановлен фильтром содержимого провайдера.',
  internalFailure: 'что-то пошло не так на стороне бота',
  interruptedByShutdown: '-# ⏹️ Прервано: бот перезапускается. Спросите ещё раз через минуту.',
  interruptedByCrash: '-# ⚠️ Прервано: бот неожиданно остановился, пока писал этот ответ. Спросите ещё раз, чтобы получить остальное.',
  emptyAnswer: '-# (Модель вернула пустой ответ.)',
  emptyPrompt: 'Запрос пуст: напишите вопрос после `/ask`.',
  promptTooLong: (length, limit) => `Длина запроса — ${length} символов, а предел — ${limit}.`,
  unknownModel: (modelId, detail) => `Неизвестная модель \`${modelId}\`: ${detail}. Доступные модели показывает \`/model list\`.`,
  noModelConfigured: 'Модель не настроена. Администратор может выбрать её командой `/model set`, или укажите `model:` в `/ask`.',
  tooManyAnswers: (limit) =>
    `Для вас уже пишется ответов: ${limit}. Дождитесь окончания или нажмите ⏹️ «Остановить», затем спросите снова.`,
  noModelForDirectMessages: 'Для личных сообщений у меня нет модели: тот, кто меня запускает, должен задать `DEFAULT_MODEL`. А пока здесь работает `/ask model:`.',
  directMessagesOff: 'В личных сообщениях я не веду разговоров. Используйте `/ask` на сервере — или `/ask` прямо здесь для разового ответа.',
  serverOnly: 'Эта команда работает на сервере, а не в личных сообщениях.',
  needsManageServer: 'Чтобы менять модель сервера, нужно право **Управлять сервером**.',
  defaultModelSet: (modelId) => `Модель сервера по умолчанию теперь \`${modelId}\`. Начатые ветки сохраняют свою модель.`,
  defaultModelReset: (globalDefault) =>
    globalDefault === undefined ? 'Модель сервера сброшена. Общая модель по умолчанию не задана.' : `Модель сервера сброшена; действует общая модель \`${globalDefault}\`.`,
  effectiveModel: (modelId, source) => {
    if (modelId === undefined || source === 'none') return 'Модель здесь не настроена. Администратор может выбрать её командой `/model set`.';
    const origin = { option: 'указана в команде', thread: 'модель этой ветки, с которой она началась', server: 'модель сервера по умолчанию', global: 'общая модель бота по умолчанию' }[source];
    return `Здесь используется \`${modelId}\` (${origin}).`;
  },
  providerHeading: (provider, reachable, detail) => `**${provider}** ${reachable ? '🟢 доступен' : `🔴 недоступен${detail === undefined ? '' : ` — ${detail}`}`}`,
  modelListFooter: '-# Выберите модель в `/ask model:<id>`; модель сервера задаёт администратор через `/model set`.',
  noMessageContentIntent:
    '-# ℹ️ Бот не может читать сообщения здесь (выключен Message Content intent), поэтому упоминайте его (@Cordial), чтобы продолжить разговор.',
  shuttingDown: 'Бот перезапускается; попробуйте через минуту.',
  unexpectedError: 'Что-то пошло не так на стороне бота. Ошибка записана; попробуйте ещё раз.',
};
