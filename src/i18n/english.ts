import type { Catalog } from './catalog.ts';

/** English, the default. */
export const english: Catalog = {
  providerFailure: {
    'unknown-model': 'the provider does not know this model',
    auth: 'the provider rejected the bot’s credentials',
    'rate-limited': 'the provider is rate limiting requests; try again in a moment',
    timeout: 'the provider took too long to answer',
    unavailable: 'the provider is down or unreachable',
    'bad-request': 'the provider refused the request (the conversation may be too long)',
    cut: 'the provider’s connection dropped',
    upstream: 'the provider reported an error',
    aborted: 'the answer was cancelled',
  },
  failedBeforeText: (model, reason) => `-# ⚠️ No answer from **${model}**: ${reason}.`,
  cutShort: (reason) => `-# ⚠️ Answer cut short: ${reason}.`,
  stopped: '-# ⏹️ Stopped.',
  stoppedBy: (name) => `-# ⏹️ Stopped by ${name}.`,
  stopButton: 'Stop',
  stopNotAllowed: 'Only the person who asked, or someone who can manage messages here, can stop this answer.',
  stoppedBeforeText: '-# ⏹️ Stopped before the model answered.',
  lengthLimit: '-# ⚠️ The answer reached the model’s length limit.',
  contentFilter: '-# ⚠️ The provider’s content filter stopped the answer.',
  internalFailure: 'something went wrong on the bot’s side',
  interruptedByShutdown: '-# ⏹️ Interrupted: the bot is restarting. Ask again in a moment.',
  interruptedByCrash: '-# ⚠️ Interrupted: the bot stopped unexpectedly while writing this answer. Ask again for the rest.',
  emptyAnswer: '-# (The model returned an empty answer.)',
  emptyPrompt: 'Your prompt is empty: write a question after `/ask`.',
  promptTooLong: (length, limit) => `Your prompt is ${length} characters long; the limit is ${limit}.`,
  unknownModel: (modelId, detail) => `Unknown model \`${modelId}\`: ${detail}. \`/model list\` shows the models you can use.`,
  noModelConfigured: 'No model is configured. An admin can pick one with `/model set`, or pass `model:` to `/ask`.',
  tooManyAnswers: (limit) =>
    `You already have ${limit === 1 ? 'an answer' : `${limit} answers`} being written. Wait for ${limit === 1 ? 'it' : 'one'} to finish, or press its ⏹️ Stop button, then ask again.`,
  noModelForDirectMessages: 'I have no model for direct messages: whoever runs me needs to set `DEFAULT_MODEL`. Meanwhile, `/ask model:` works here.',
  directMessagesOff: 'I don’t hold conversations in direct messages here. Use `/ask` in a server, or `/ask` right here for a one-off answer.',
  serverOnly: 'This command works in a server, not in direct messages.',
  needsManageServer: 'You need the **Manage Server** permission to change the server’s default model.',
  defaultModelSet: (modelId) => `This server’s default model is now \`${modelId}\`. Existing threads keep their own model.`,
  defaultModelReset: (globalDefault) =>
    globalDefault === undefined ? 'This server’s default model was cleared. No global default is set.' : `This server’s default model was cleared; the global default \`${globalDefault}\` applies.`,
  effectiveModel: (modelId, source) => {
    if (modelId === undefined || source === 'none') return 'No model is configured here. An admin can pick one with `/model set`.';
    const origin = { option: 'given in the command', thread: 'this thread’s model, kept from when it started', server: 'this server’s default', global: 'the bot’s global default' }[source];
    return `The model here is \`${modelId}\` (${origin}).`;
  },
  providerHeading: (provider, reachable, detail) => `**${provider}** ${reachable ? '🟢 reachable' : `🔴 unreachable${detail === undefined ? '' : ` — ${detail}`}`}`,
  modelListFooter: '-# Use a model with `/ask model:<id>`; admins set the default with `/model set`.',
  noMessageContentIntent:
    '-# ℹ️ The bot cannot read messages here (the Message Content intent is off), so mention it (@Cordial) to continue this conversation.',
  shuttingDown: 'The bot is restarting; please try again in a moment.',
  unexpectedError: 'Something went wrong on the bot’s side. The error was logged; please try again.',
};
