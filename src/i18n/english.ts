import type { Catalog } from './catalog.ts';
import { commandNames, commandText } from './command-names.ts';
import { inlineCode } from './markdown.ts';
import { countOf } from './plural.ts';
import type { UnknownModelReason } from './unknown-model-reason.ts';
import { waitPhrase } from './wait-phrase.ts';

const ask = commandText('en', 'ask');
const askModel = commandText('en', 'ask', { option: 'askModel' });
const modelSet = commandText('en', 'model', 'modelSet');
const promptReset = commandText('en', 'prompt', 'promptReset');
const promptSet = commandText('en', 'prompt', 'promptSet');
const promptShow = commandText('en', 'prompt', 'promptShow');
/** Where anyone can see the models: `/model list` is for admins unless they open it to all. */
const pickModel = `Start typing after ${askModel} to see the models you can use.`;
const example = 'e.g. `openai/gpt-4o-mini`';

function whyUnknown(modelId: string, reason: UnknownModelReason): string {
  const id = inlineCode(modelId);
  switch (reason.code) {
    case 'empty':
      return `No model given: write one as provider/model, ${example}.`;
    case 'missing-provider':
      return `${inlineCode(reason.part)} is not a model id: write provider/model, ${example}.`;
    case 'missing-model':
      return `${inlineCode(reason.part)} names no model after the provider: write provider/model, ${example}.`;
    case 'invalid-provider':
      return `${inlineCode(reason.part)} is not a provider id: it may hold only letters, digits, \`.\`, \`_\` and \`-\`.`;
    case 'invalid-model':
      return `${inlineCode(reason.part)} is not a model name: it may not contain spaces.`;
    case 'too-long':
      return `That model id is longer than ${countOf('en', reason.limit, { one: 'character', other: 'characters' })}.`;
    case 'no-provider':
      return `Unknown model ${id}: no provider ${inlineCode(reason.provider)} is configured here (configured: ${reason.configured.join(', ') || 'none'}).`;
    case 'not-listed':
      return `Unknown model ${id}: ${inlineCode(reason.provider)} has no model ${inlineCode(reason.model)}.`;
  }
}

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
    oversized: 'the provider sent an oversized event',
    protocol: 'the provider answered in a form the bot cannot read (a web page, a redirect or a malformed event)',
    upstream: 'the provider reported an error',
    aborted: 'the answer was cancelled',
  },
  rateLimitedFor: (seconds) => `the provider is rate limiting requests; try again ${waitPhrase('en', seconds)}`,
  failedBeforeText: (model, reason) => `-# ⚠️ No answer from **${model}**: ${reason}.`,
  cutShort: (reason) => `-# ⚠️ Answer cut short: ${reason}.`,
  stopped: '-# ⏹️ Stopped.',
  stoppedBy: (name) => `-# ⏹️ Stopped by ${name}.`,
  stopButton: 'Stop',
  stopNotAllowed: 'Only the person who asked, or someone who can manage messages here, can stop this answer.',
  // "0 s" would read as if nothing had happened yet: the first second shows no count
  thinking: (seconds) => (seconds < 1 ? '-# 💭 Thinking…' : `-# 💭 Thinking… ${seconds} s`),
  reasoningHeading: '-# 💭 Reasoning',
  reasoningButton: 'Reasoning',
  reasoningNotKept: (days) => `This answer’s reasoning is no longer kept: the bot keeps it for ${countOf('en', days, { one: 'day', other: 'days' })}.`,
  reasoningCut: (maxMessages) => `-# ✂️ Reasoning cut for length: it would have needed more than ${countOf('en', maxMessages, { one: 'message', other: 'messages' })}.`,
  stoppedBeforeText: '-# ⏹️ Stopped before the model answered.',
  lengthLimit: '-# ⚠️ The answer reached the model’s length limit.',
  contentFilter: '-# ⚠️ The provider’s content filter stopped the answer.',
  internalFailure: 'something went wrong on the bot’s side',
  interruptedByShutdown: '-# ⏹️ Interrupted: the bot is restarting. Ask again in a moment.',
  interruptedByCrash: '-# ⚠️ Interrupted: the bot stopped unexpectedly while writing this answer. Ask again for the rest.',
  discordUnreachableCutShort: '-# ⚠️ Answer cut short: Discord could not be reached for a while.',
  discordUnreachableBeforeText: '⚠️ Discord could not be reached for a while, so the answer was lost. Please ask again.',
  messageCapNote: (maxMessages) => `-# ✂️ Answer cut for length: it would have needed more than ${countOf('en', maxMessages, { one: 'message', other: 'messages' })}.`,
  emptyAnswer: '-# (The model returned an empty answer.)',
  emptyPrompt: `Your prompt is empty: write a question after ${ask}.`,
  promptTooLong: (length, limit) => `Your prompt is ${countOf('en', length, { one: 'character', other: 'characters' })} long; the limit is ${limit}.`,
  unknownModel: (modelId, reason) => `${whyUnknown(modelId, reason)} ${pickModel}`,
  noModelConfigured: `No model is configured. An admin can pick one with ${modelSet}, or choose one in ${askModel}.`,
  tooManyAnswers: (limit) =>
    `You already have ${limit === 1 ? 'an answer' : `${limit} answers`} being written. Wait for ${limit === 1 ? 'it' : 'one'} to finish, or press its ⏹️ Stop button, then ask again.`,
  noModelForDirectMessages: `I have no model for direct messages: whoever runs me needs to set \`DEFAULT_MODEL\`. Meanwhile, ${askModel} works here.`,
  directMessagesOff: `I don’t hold conversations in direct messages here. Use ${ask} in a server, or ${ask} right here for a one-off answer.`,
  imagesNotShown: (imageNames, modelId) =>
    `-# 🖼️ ${new Intl.ListFormat('en').format(imageNames.map(inlineCode))} ${imageNames.length === 1 ? 'was' : 'were'} not shown to ${inlineCode(modelId)}: it cannot see images.`,
  serverOnly: 'This command works in a server, not in direct messages.',
  needsManageServer: 'You need the **Manage Server** permission to change the server’s default model.',
  defaultModelSet: (modelId) => `This server’s default model is now \`${modelId}\`. Existing threads keep their own model.`,
  defaultModelReset: (globalDefault) =>
    globalDefault === undefined ? 'This server’s default model was cleared. No global default is set.' : `This server’s default model was cleared; the global default \`${globalDefault}\` applies.`,
  effectiveModel: (modelId, source) => {
    if (modelId === undefined || source === 'none') return `No model is configured here. An admin can pick one with ${modelSet}.`;
    const origin = { option: 'given in the command', thread: 'this thread’s model, kept from when it started', channel: 'this channel’s default', server: 'this server’s default', global: 'the bot’s global default' }[source];
    return `The model here is \`${modelId}\` (${origin}).`;
  },
  providerHeading: (provider, reachable, detail) => `**${provider}** ${reachable ? '🟢 reachable' : `🔴 unreachable${detail === undefined ? '' : ` — ${detail}`}`}`,
  modelListFooter: `-# Use a model with ${askModel}; admins set the default with ${modelSet}.`,
  noMessageContentIntent: (botName) =>
    `-# ℹ️ The bot cannot read messages here (the Message Content intent is off), so mention it (@${botName}) to continue this conversation.`,
  missingThreadPermission:
    'The answer is posted, but no thread could be opened on it: the bot lacks the **Create Public Threads** permission in this channel. A server admin can grant it.',
  threadNameFallback: 'Conversation',
  askAboutModalTitle: 'Ask about this message',
  askAboutQuestionLabel: 'Your question',
  askAboutQuestionPlaceholder: 'e.g. Sum this up, or: is this right?',
  askAboutPrivateLabel: 'Only I see the answer',
  regenerateButton: 'Regenerate',
  threadRepliesSet: (mode) =>
    mode === 'every-message'
      ? 'In its threads on this server the bot now answers every message.'
      : 'In its threads on this server the bot now answers only messages that mention it or reply to it.',
  settingsNeedManageServer: 'You need the **Manage Server** permission to change the bot’s settings on this server.',
  accessRefused: {
    'blocked-role': 'You can’t use the bot on this server: its admins have blocked one of your roles.',
    'not-allowed-role': 'You can’t use the bot on this server: its admins have opened it to certain roles only, and you have none of them.',
    'blocked-channel': 'The server’s admins have turned the bot off in this channel.',
    'not-allowed-channel': 'The server’s admins have turned the bot on in certain channels only, and this is not one of them.',
    'direct-messages-off': 'I don’t hold conversations in direct messages here.',
  },
  accessNeedsManageServer: 'You need the **Manage Server** permission to change who may use the bot on this server.',
  accessNeedsOneTarget: `Name one role (${inlineCode(`${commandNames.accessRole.en}:`)}) or one channel or category (${inlineCode(`${commandNames.accessChannel.en}:`)}).`,
  accessRuleAdded: (kind, target, isNew) => {
    const done =
      kind === 'allow-role'
        ? `Members with ${target} may use the bot on this server. While any role is allowed, only members with an allowed role may.`
        : kind === 'block-role'
          ? `Members with ${target} may no longer use the bot on this server, unless they have **Manage Server**.`
          : kind === 'allow-channel'
            ? `The bot answers in ${target} (its threads, and a category’s channels, too). While any channel is allowed, it answers only in allowed ones.`
            : `The bot no longer answers in ${target}, nor in its threads (or, for a category, its channels).`;
    return isNew ? done : `Nothing changed: that rule was already there. ${done}`;
  },
  accessRulesRemoved: (target, removed) =>
    removed === 0 ? `No rule names ${target}; nothing changed.` : removed === 1 ? `The rule on ${target} is removed.` : `Both rules on ${target} (allowed and blocked) are removed.`,
  accessListEmpty: `No rules: everyone may use the bot in every channel of this server. Add them with ${commandText('en', 'access', 'accessAllow')} and ${commandText('en', 'access', 'accessBlock')}.`,
  accessListHeading: '**Who may use the bot on this server**',
  accessListLabels: {
    'allow-role': 'Allowed roles (only members with one of them may)',
    'block-role': 'Blocked roles',
    'allow-channel': 'Allowed channels (only these and their threads; a category covers its channels)',
    'block-channel': 'Blocked channels',
  },
  accessListFooter: '-# A block wins over an allow. Members with **Manage Server** may always use the bot.',
  needsManageChannels: 'You need the **Manage Channels** permission to change this channel’s default model.',
  channelModelSet: (modelId) => `This channel’s default model is now \`${modelId}\`. Existing threads keep their own model.`,
  channelModelReset: (cleared) =>
    cleared ? 'This channel’s default model was cleared; the server’s default applies here again.' : 'This channel has no default model of its own: nothing to clear.',
  setBy: (name, date) => `-# Set by ${name} on ${date}.`,
  prompt: {
    modalTitle: (scope) => (scope === 'server' ? 'System prompt of this server' : 'System prompt of this channel'),
    fieldLabel: 'What the model is told first',
    fieldPlaceholder: 'e.g. You are the helper of our Rust study group. Answer briefly.',
    needsPermission: (scope) =>
      scope === 'server'
        ? 'You need the **Manage Server** permission to change the server’s system prompt.'
        : 'You need the **Manage Channels** permission to change this channel’s system prompt.',
    empty: `The system prompt is empty: write what the model should be told, or clear it with ${promptReset}.`,
    tooLong: (length, limit) => `The system prompt has ${countOf('en', length, { one: 'character', other: 'characters' })}; it may have at most ${limit}.`,
    staleForm: `This form was opened in another channel. Use ${promptSet} again here.`,
    saved: (scope) =>
      scope === 'server'
        ? 'This server’s system prompt is saved. New conversations start with it, except in channels with their own; threads already open keep theirs.'
        : 'This channel’s system prompt is saved. New conversations here start with it; threads already open keep theirs.',
    reset: (scope, cleared) => {
      const place = scope === 'server' ? 'This server' : 'This channel';
      return cleared ? `${place}’s system prompt was cleared. ${promptShow} tells which one applies now.` : `${place} has no system prompt of its own: nothing to clear.`;
    },
    origin: (source) =>
      ({ thread: 'this thread’s, kept from when it started', channel: 'this channel’s', server: 'this server’s', global: 'the bot’s global one (`SYSTEM_PROMPT`)', 'built-in': 'Cordial’s built-in one' })[source],
    shown: (origin) => `The system prompt here is ${origin}:`,
    here: (origin, show) => `-# The system prompt here is ${origin}; ${show} shows it.`,
    none: 'No system prompt applies here: the model is told nothing before the conversation.',
    shortened: (length) => `-# Shortened to fit; it has ${countOf('en', length, { one: 'character', other: 'characters' })} in all.`,
  },
  help: {
    intro: (botName) => `**${botName}** answers your questions with large language models, right here in Discord.`,
    introNotMember: (botName) =>
      `**${botName}** answers your questions with large language models. I am not a member here: I see only what you give me through my commands, and answer only through them.`,
    startHeading: '**Start a conversation**',
    ask: (ask, outcome) => {
      const option = (key: 'askPrompt' | 'askModel' | 'askPrivate' | 'askImage') => inlineCode(`${commandNames[key].en}:`);
      const line = `• ${ask} ${option('askPrompt')} your question (${option('askModel')} picks a model, ${option('askPrivate')} shows the answer to you alone, ${option('askImage')} adds a picture or a text file).`;
      const after = { 'opens-thread': ' The answer opens a thread where the talk goes on.', 'continues-thread': ' Here it continues this thread.', plain: '', 'interaction-only': ' The answer stays in my reply, with no thread.' }[outcome];
      return line + after;
    },
    mention: (bot, opensThread) => `• Mention ${bot} in a message: I answer with a reply${opensThread ? ' and open a thread for the talk' : ''}.`,
    askAbout: `• **Apps → ${commandNames.askAbout.en}** in any message’s menu: ask me about that message (you can keep the answer to yourself).`,
    directMessages: '• Or write to me in direct messages: there every message is a turn.',
    directMessagesHere: '• Here, in our direct messages, every message you send is a turn of the conversation.',
    directMessagesOffHere: (ask) => `• I don’t hold conversations in direct messages here: ${ask} and **${commandNames.askAbout.en}** give one-off answers.`,
    continueHeading: '**Continue it**',
    threads: (mode, readsMessages) => {
      if (!readsMessages) return '• In my threads, mention me: I cannot read other messages here (the Message Content intent is off).';
      return mode === 'every-message'
        ? '• In my threads every message is a turn: I answer it with the whole thread in mind.'
        : '• In my threads on this server I answer only messages that mention me or reply to me (the server’s choice).';
    },
    replies: (readsMessages) => `• Outside threads, reply to one of my answers to continue its conversation.${readsMessages ? '' : ' Keep the reply’s @mention on, or I cannot read it.'}`,
    notMemberContinue: '• Here each question stands alone: I cannot see this conversation.',
    buttons: (stop, regenerate) =>
      `**Buttons**: ⏹️ **${stop}** ends an answer while it is written; 🔁 **${regenerate}** writes a finished answer again. Whoever asked can press them, and so can anyone who can manage messages here.`,
    hereHeading: '**What applies here**',
    noModelHere: `No model is set for here: choose one with ${askModel}.`,
    systemPrompt: (quoted, origin) =>
      origin === undefined
        ? `The system prompt (what the model is told before every conversation):\n> ${quoted}`
        : `The system prompt here is ${origin}; the model is told it before every conversation:\n> ${quoted}`,
    noSystemPrompt: 'No system prompt is set.',
    limits: (maxAnswers, maxPromptLength) => {
      const answers = maxAnswers === 0 ? 'no limit on answers at once' : `${countOf('en', maxAnswers, { one: 'answer', other: 'answers' })} at a time per person`;
      return `Limits: ${answers}; questions up to ${countOf('en', maxPromptLength, { one: 'character', other: 'characters' })}.`;
    },
    userInstall: (ask) =>
      `-# Add me to your account (my profile → **Add App**) to use ${ask} and **${commandNames.askAbout.en}** anywhere; where I am not a member, I answer only through them.`,
  },
  tokenQuotaReached: (limit, resetsInSeconds, scope, resetsAt) => {
    const tokens = `${new Intl.NumberFormat('en').format(limit)} tokens`;
    const resets = `it resets ${waitPhrase('en', resetsInSeconds)}, at <t:${Math.floor(resetsAt / 1000)}:t>.`;
    return scope === 'person' ? `You have used today’s ${tokens} of your quota here; ${resets}` : `This server has used today’s ${tokens} of its quota; ${resets}`;
  },
  usage: {
    needsManageServer: `You need the **Manage Server** permission to see this server’s usage. ${commandText('en', 'usage', 'usageMe')} shows your own.`,
    period: { today: 'today', '7d': 'in the last 7 days', '30d': 'in the last 30 days', '90d': 'in the last 90 days' },
    serverHeading: (period, from, to) => `**Usage on this server ${period}** (${from === to ? from : `${from} – ${to}`}, UTC)`,
    personHeading: (period, from, to, everywhere) => `**Your usage ${everywhere ? 'everywhere' : 'on this server'} ${period}** (${from === to ? from : `${from} – ${to}`}, UTC)`,
    tokens: (written, count) => `${written} ${count === 1 ? 'token' : 'tokens'}`,
    answers: (written, count) => `${written} ${count === 1 ? 'answer' : 'answers'}`,
    totals: (tokens, answers, prompt, completion) => `${tokens} in ${answers} (prompt ${prompt}, completion ${completion}).`,
    daysHeading: '**Per day**',
    modelsHeading: '**Per model**',
    topUsersHeading: '**Top users**',
    moreDays: (count) => `… and ${countOf('en', count, { one: 'earlier day', other: 'earlier days' })}`,
    estimated: (answers) => `-# ≈ includes estimated counts: the provider reported none for ${countOf('en', answers, { one: 'answer', other: 'answers' })}.`,
    none: 'No answers in this period.',
  },
  quota: {
    needsManageServer: 'You need the **Manage Server** permission to change this server’s quotas.',
    needsAValue: `Give ${inlineCode(`${commandNames.quotaPerson.en}:`)}, ${inlineCode(`${commandNames.quotaServer.en}:`)} or both: tokens a day (0 for no quota).`,
    saved: 'Quotas saved.',
    reset: (cleared) => (cleared ? 'This server’s own quotas are cleared: the bot’s defaults apply.' : 'This server had no quotas of its own: the bot’s defaults apply.'),
    heading: '**Daily token quotas** (prompt and completion tokens per UTC day)',
    line: (scope, limit, fromServer) => `• ${scope === 'person' ? 'Each person' : 'The whole server'}: ${limit === undefined ? 'no quota' : `${limit} a day`} (${fromServer ? 'this server’s setting' : 'the bot’s default'})`,
    today: (mine, server, resetsAt) => `Today you have used ${mine} here, and the server ${server}; the day resets <t:${Math.floor(resetsAt / 1000)}:R>.`,
  },
  regenerateWithPlaceholder: 'Regenerate with another model…',
  regenerateNotAllowed: 'Only the person who asked (or someone who can manage messages here) can regenerate this answer.',
  regenerateNotLast: 'The conversation has gone on since this answer, so it can no longer be regenerated. Ask again instead.',
  regenerateUnknown: 'I no longer have what this answer was asked, so I cannot regenerate it. Ask again instead.',
  regenerateBusy: 'This answer is still being written: wait for it to finish, or press Stop first.',
  askAboutEmptyQuestion: 'Your question is empty: write what you want to know about the message.',
  askAboutTargetGone: `I no longer have the message you asked about (too much time passed, or I restarted). Use **Apps → ${commandNames.askAbout.en}** on it again.`,
  mentionWithoutQuestion: (ask, help) => `Write your question right after the mention, or use ${ask}. ${help} shows every way to talk to me.`,
  regenerateFailed: (reason) => `The new answer could not be written${reason === undefined ? '' : ` (${reason.replace(/\.$/, '')})`}, so the old one is left as it was.`,
  answeredAsNonMember: '-# I am not a member of this server, so I answer only here, through the command: no thread follows and each question stands alone. A server admin can add me to talk in threads.',
  shuttingDown: 'The bot is restarting; please try again in a moment.',
  unexpectedError: 'Something went wrong on the bot’s side. The error was logged; please try again.',
};
