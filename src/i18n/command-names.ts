import type { Language } from './locale.ts';

/**
 * The names of the slash commands, their subcommands and options, in each language Discord shows
 * them in. The command definitions (`src/discord/commands/*-definition.ts`) take their names and
 * `name_localizations` from here, and the texts that name a command do too, so a Russian reply
 * says `/спросить` exactly as a Russian client shows the command.
 */
export const commandNames = {
  ask: { en: 'ask', ru: 'спросить' },
  askPrompt: { en: 'prompt', ru: 'запрос' },
  askModel: { en: 'model', ru: 'модель' },
  askPrivate: { en: 'private', ru: 'лично' },
  askImage: { en: 'image', ru: 'изображение' },
  model: { en: 'model', ru: 'модель' },
  modelSet: { en: 'set', ru: 'выбрать' },
  modelSetModel: { en: 'model', ru: 'модель' },
  modelReset: { en: 'reset', ru: 'сбросить' },
  modelShow: { en: 'show', ru: 'показать' },
  modelList: { en: 'list', ru: 'список' },
  help: { en: 'help', ru: 'помощь' },
  prompt: { en: 'prompt', ru: 'инструкция' },
  promptSet: { en: 'set', ru: 'задать' },
  promptShow: { en: 'show', ru: 'показать' },
  promptReset: { en: 'reset', ru: 'сбросить' },
  // `/prompt set|reset` and `/model set|reset`: the server's own setting or this channel's
  settingScope: { en: 'scope', ru: 'область' },
  settings: { en: 'settings', ru: 'настройки' },
  settingsThreads: { en: 'threads', ru: 'ветки' },
  settingsThreadsAnswer: { en: 'answer', ru: 'отвечать' },
  access: { en: 'access', ru: 'доступ' },
  accessAllow: { en: 'allow', ru: 'разрешить' },
  accessBlock: { en: 'block', ru: 'запретить' },
  accessRemove: { en: 'remove', ru: 'убрать' },
  accessList: { en: 'list', ru: 'список' },
  accessRole: { en: 'role', ru: 'роль' },
  accessChannel: { en: 'channel', ru: 'канал' },
  usage: { en: 'usage', ru: 'расход' },
  usageServer: { en: 'server', ru: 'сервер' },
  usageMe: { en: 'me', ru: 'я' },
  usagePeriod: { en: 'period', ru: 'период' },
  quota: { en: 'quota', ru: 'квота' },
  quotaShow: { en: 'show', ru: 'показать' },
  quotaSet: { en: 'set', ru: 'задать' },
  quotaReset: { en: 'reset', ru: 'сбросить' },
  quotaPerson: { en: 'person', ru: 'человек' },
  quotaServer: { en: 'server', ru: 'сервер' },
  // a message command: people pick it under Apps in a message's menu, never type it after `/`
  askAbout: { en: 'Ask Cordial', ru: 'Спросить Cordial' },
} as const satisfies Record<string, Record<Language, string>>;

/** Which name. */
export type CommandNameKey = keyof typeof commandNames;

/** `name_localizations` for a command definition: every language but English, the default. */
export function nameLocalizations(key: CommandNameKey): { ru: string } {
  return { ru: commandNames[key].ru };
}

/** A command as typed, in code formatting: `` `/модель выбрать` ``, `` `/ask model:` `` (an option ends with `:`). */
export function commandText(language: Language, command: CommandNameKey, ...rest: Array<CommandNameKey | { option: CommandNameKey }>): string {
  const words = [`/${commandNames[command][language]}`, ...rest.map((part) => (typeof part === 'string' ? commandNames[part][language] : `${commandNames[part.option][language]}:`))];
  return `\`${words.join(' ')}\``;
}
