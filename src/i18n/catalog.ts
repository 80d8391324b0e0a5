import type { ProviderErrorKind } from '../model/provider-error.ts';
import type { UnknownModelReason } from './unknown-model-reason.ts';

/** The periods `/usage` reports on: today, or the last 7, 30 or 90 UTC days (today included). */
export type UsagePeriod = 'today' | '7d' | '30d' | '90d';

/** Every sentence the bot says to people, in one language. */
export interface Catalog {
  /** Plain words for each class of provider failure. */
  providerFailure: Record<ProviderErrorKind, string>;
  /** Replaces `providerFailure['rate-limited']` when the provider said how many seconds to wait (`retry-after`). */
  rateLimitedFor(retryAfterSeconds: number): string;
  /** The answer could not start: `reason` is one of `providerFailure`. */
  failedBeforeText(model: string, reason: string): string;
  /** A note under a partial answer. */
  cutShort(reason: string): string;
  /** A note under an answer stopped on purpose. */
  stopped: string;
  /** A note under an answer someone stopped with its Stop button. */
  stoppedBy(name: string): string;
  /** The label of the Stop button on an answer being written. */
  stopButton: string;
  /** Told (privately) to someone who may not stop this answer. */
  stopNotAllowed: string;
  /** The reply while a reasoning model thinks before any answer text; `seconds` rounded down (0 in the first second). */
  thinking(seconds: number): string;
  /**
   * The line above reasoning shown in the answer (REASONING_DISPLAY=inline). Starts with
   * `INLINE_REASONING_HEADING_PREFIX`, by which the history leaves the block out.
   */
  reasoningHeading: string;
  /** The label of the button under an answer that shows its reasoning privately. */
  reasoningButton: string;
  /** Told privately on pressing that button once the reasoning is gone (kept `retentionDays` days). */
  reasoningNotKept(retentionDays: number): string;
  /** The last private message of a reasoning that would need more than `maxMessages` messages. */
  reasoningCut(maxMessages: number): string;
  /** The whole reply when it was stopped before any text. */
  stoppedBeforeText: string;
  /** A note under an answer that hit the model's length limit. */
  lengthLimit: string;
  /** A note under an answer stopped by the provider's content filter. */
  contentFilter: string;
  /** The whole reply when writing it failed at the bot's end. */
  internalFailure: string;
  /** A note under an answer interrupted by the bot shutting down. */
  interruptedByShutdown: string;
  /** A note added after a restart under an answer that a crash cut off mid-writing. */
  interruptedByCrash: string;
  /** A note under a partial answer ended because Discord kept failing the bot's writes. */
  discordUnreachableCutShort: string;
  /** The whole reply when Discord kept failing the bot's writes before any text was shown. */
  discordUnreachableBeforeText: string;
  /** A note under an answer cut because it would have needed more than `maxMessages` messages. */
  messageCapNote(maxMessages: number): string;
  /** The model returned nothing. */
  emptyAnswer: string;
  /** `/ask` with a blank prompt. */
  emptyPrompt: string;
  /** `/ask` with a prompt over the limit. */
  promptTooLong(length: number, limit: number): string;
  /** The model id cannot be used: malformed, no such provider, or not in its list. */
  unknownModel(modelId: string, reason: UnknownModelReason): string;
  /** Nobody chose a model anywhere. */
  noModelConfigured: string;
  /** Refusal when someone already has `limit` answers being written. */
  tooManyAnswers(limit: number): string;
  /** A direct message when DIRECT_MESSAGES is off. */
  directMessagesOff: string;
  /**
   * One line before an answer (a status note, `-# `): the turn's images named in `imageNames`
   * were not shown to `modelId`, which cannot see images (it got their names).
   */
  imagesNotShown(imageNames: readonly string[], modelId: string): string;
  /** A direct message when no global default model is set (DMs belong to no server). */
  noModelForDirectMessages: string;
  /** A server-only command used in a DM. */
  serverOnly: string;
  /** `/model set|reset` without Manage Server. */
  needsManageServer: string;
  /** `/model set` done. */
  defaultModelSet(modelId: string): string;
  /** `/model reset` done. */
  defaultModelReset(globalDefault: string | undefined): string;
  /** `/model show` answer. */
  effectiveModel(modelId: string | undefined, source: 'option' | 'thread' | 'channel' | 'server' | 'global' | 'none'): string;
  /** `/model list` heading of one provider. */
  providerHeading(provider: string, reachable: boolean, detail: string | undefined): string;
  /** `/model list` footer explaining the marks. */
  modelListFooter: string;
  /** Told in a new thread when the bot cannot read messages; `botName` is how people mention it. */
  noMessageContentIntent(botName: string): string;
  /** Told privately to the asker when the answer is posted but the bot may not open its thread. */
  missingThreadPermission: string;
  /** A thread's name when its prompt has nothing left to name it by (only markup). */
  threadNameFallback: string;
  /** The title of the modal "Ask Cordial" opens (at most 45 characters). */
  askAboutModalTitle: string;
  /** The label of its question field (at most 45 characters). */
  askAboutQuestionLabel: string;
  /** The placeholder of its question field (at most 100 characters). */
  askAboutQuestionPlaceholder: string;
  /** The label of its checkbox that makes the answer private (at most 45 characters). */
  askAboutPrivateLabel: string;
  /** The label of the button under a finished answer that writes it again. */
  regenerateButton: string;
  /** `/settings threads` done: how the bot now answers in the server's bot threads. */
  threadRepliesSet(mode: 'every-message' | 'mentions'): string;
  /** `/settings` without Manage Server. */
  settingsNeedManageServer: string;
  // who may use the bot: the access gate and `/access` (kinds and reasons as in src/answers/access-check.ts)
  /**
   * Why this server's access rules keep the person from using the bot here: told privately to
   * an interaction, and as a `-# ` note replying to a message that addressed the bot.
   */
  accessRefused: Record<'blocked-role' | 'not-allowed-role' | 'blocked-channel' | 'not-allowed-channel' | 'direct-messages-off', string>;
  /** `/access` without Manage Server. */
  accessNeedsManageServer: string;
  /** `/access allow|block|remove` given neither a role nor a channel, or both. */
  accessNeedsOneTarget: string;
  /** `/access allow|block` done; `target` is a mention, `isNew` false when the server had the rule already. */
  accessRuleAdded(kind: 'allow-role' | 'block-role' | 'allow-channel' | 'block-channel', target: string, isNew: boolean): string;
  /** `/access remove` done: `removed` rules named `target` (a mention), 0 to 2 (allowed and blocked). */
  accessRulesRemoved(target: string, removed: number): string;
  /** `/access list` when the server has no rules. */
  accessListEmpty: string;
  /** `/access list`'s first line. */
  accessListHeading: string;
  /** `/access list`'s label of each kind of rule, saying what it does. */
  accessListLabels: Record<'allow-role' | 'block-role' | 'allow-channel' | 'block-channel', string>;
  /** `/access list`'s last line: blocks over allows, admins always admitted. */
  accessListFooter: string;
  /** `/model set|reset scope:channel` without Manage Channels. */
  needsManageChannels: string;
  /** `/model set scope:channel` done. */
  channelModelSet(modelId: string): string;
  /** `/model reset scope:channel` done; `cleared` false when the channel had no default of its own. */
  channelModelReset(cleared: boolean): string;
  /** A line under `/prompt show` and `/model show`: who made the setting that applies, and when (`date` already in the person's language). */
  setBy(name: string, date: string): string;
  /** `/prompt` (system prompts of a server and its channels) and its modal. */
  prompt: {
    /** The modal's title (at most 45 characters). */
    modalTitle(scope: 'server' | 'channel'): string;
    /** The label of its text field (at most 45 characters). */
    fieldLabel: string;
    /** The placeholder of its text field (at most 100 characters). */
    fieldPlaceholder: string;
    /** `set` or `reset` (or the modal's submission) without Manage Server (server) or Manage Channels (channel). */
    needsPermission(scope: 'server' | 'channel'): string;
    /** The modal submitted blank. */
    empty: string;
    /** The modal submitted with more than `limit` characters (Discord's cap, checked again on our side). */
    tooLong(length: number, limit: number): string;
    /** The submission is not for the channel it was sent from (a stale or forged form). */
    staleForm: string;
    /** Saved. */
    saved(scope: 'server' | 'channel'): string;
    /** `reset` done; `cleared` false when there was none of that scope. */
    reset(scope: 'server' | 'channel', cleared: boolean): string;
    /** Where the prompt that applies comes from, to follow "the system prompt here is". */
    origin(source: 'thread' | 'channel' | 'server' | 'global' | 'built-in'): string;
    /** `/prompt show`'s heading; `origin` is one of `origin`. The prompt follows, quoted. */
    shown(origin: string): string;
    /** `/model show`'s line about the prompt: where it comes from, and the command that shows it. */
    here(origin: string, show: string): string;
    /** `/prompt show` where the prompt that applies is blank (`SYSTEM_PROMPT` set to nothing). */
    none: string;
    /** After a quoted prompt that had to be shortened to fit one message. */
    shortened(length: number): string;
  };
  /**
   * `/help`'s pieces, which `help-text.ts` picks and joins for where it is used. Command
   * arguments (`ask`) arrive already written: a clickable mention, or the command as typed.
   */
  help: {
    /** The first line in a server the bot is in, or in its DMs; `botName` is markdown-escaped. */
    intro(botName: string): string;
    /** The first line where only the person's install of the app reaches (the bot is not a member). */
    introNotMember(botName: string): string;
    startHeading: string;
    /**
     * The `/ask` line; `outcome` is what its answer does where help was asked: opens a thread (a
     * server channel), continues the bot thread it is in, nothing more (a DM, another thread),
     * or stays the interaction's reply (where the bot is not a member).
     */
    ask(ask: string, outcome: 'opens-thread' | 'continues-thread' | 'plain' | 'interaction-only'): string;
    /** Mentioning the bot in a channel (`bot` is its mention); `opensThread` false inside a thread. */
    mention(bot: string, opensThread: boolean): string;
    /** The "Ask Cordial" message command (its name as this language's clients show it). */
    askAbout: string;
    /** DMs, said where help is not asked in a DM (only when DIRECT_MESSAGES is on). */
    directMessages: string;
    /** Said in the bot's DMs when DIRECT_MESSAGES is on. */
    directMessagesHere: string;
    /** Said in the bot's DMs when DIRECT_MESSAGES is off. */
    directMessagesOffHere(ask: string): string;
    continueHeading: string;
    /** The bot's threads: `readsMessages` false without the Message Content intent (mentions only, whatever the mode). */
    threads(mode: 'every-message' | 'mentions', readsMessages: boolean): string;
    /** Replying to one of the bot's answers outside threads. */
    replies(readsMessages: boolean): string;
    /** Where the bot is not a member: it sees no conversation. */
    notMemberContinue: string;
    /** The Stop and Regenerate buttons, by their labels. */
    buttons(stopLabel: string, regenerateLabel: string): string;
    hereHeading: string;
    /** Outside servers, when no model applies (there is no admin to ask). */
    noModelHere: string;
    /** The system prompt, `quoted` already shortened and escaped, to go after `> `; `origin` (one of `prompt.origin`) says where it comes from. */
    systemPrompt(quoted: string, origin?: string): string;
    noSystemPrompt: string;
    /** MAX_ANSWERS_PER_USER (0: no limit) and MAX_PROMPT_LENGTH. */
    limits(maxAnswersPerUser: number, maxPromptLength: number): string;
    /** How to add the app to one's account, said where the person may not have. */
    userInstall(ask: string): string;
  };
  // daily token quotas, `/usage` and `/quota` (numbers arrive written as the person's locale writes them)
  /**
   * The refusal at a daily token quota of `limit` tokens: the asker's own (`person`, in this
   * server or in DMs) or the whole server's; it resets in `resetsInSeconds`, at `resetsAt` (ms
   * since the epoch, shown as a Discord timestamp each client writes in its own time zone).
   */
  tokenQuotaReached(limit: number, resetsInSeconds: number, scope: 'person' | 'server', resetsAt: number): string;
  /** `/usage`'s texts. */
  usage: {
    /** `/usage server` without Manage Server. */
    needsManageServer: string;
    /** A period as it follows "Usage …": "today", "in the last 7 days". */
    period: Record<UsagePeriod, string>;
    /** The report's first line; `from` and `to` are days already written ("3 Dec"), the same for `today`. */
    serverHeading(period: string, from: string, to: string): string;
    /** `/usage me`'s first line: in this server, or (`everywhere`, in DMs) in every server and DM. */
    personHeading(period: string, from: string, to: string, everywhere: boolean): string;
    /** "12,345 tokens": `written` is `count` as the locale writes it. */
    tokens(written: string, count: number): string;
    /** "42 answers", likewise. */
    answers(written: string, count: number): string;
    /** The totals line: `tokens` and `answers` already phrased by `tokens` / `answers`, prompt and completion tokens written. */
    totals(tokens: string, answers: string, prompt: string, completion: string): string;
    daysHeading: string;
    modelsHeading: string;
    topUsersHeading: string;
    /** After the days that did not fit in one message: `count` earlier days left out. */
    moreDays(count: number): string;
    /** Under a report with estimated counts: `≈` marks them; `answers` answers' providers reported none. */
    estimated(answers: number): string;
    /** No answers in the period. */
    none: string;
  };
  /** `/quota`'s texts. */
  quota: {
    /** `set` or `reset` without Manage Server. */
    needsManageServer: string;
    /** `set` with neither `person` nor `server`. */
    needsAValue: string;
    /** `set` done. */
    saved: string;
    /** `reset` done; `cleared` false when the server had none of its own. */
    reset(cleared: boolean): string;
    /** `show`'s first line. */
    heading: string;
    /**
     * One quota: a person's or the server's; `limit` already phrased by `usage.tokens`, or
     * `undefined` for none; `fromServer` whether it is this server's own setting or the bot's default.
     */
    line(scope: 'person' | 'server', limit: string | undefined, fromServer: boolean): string;
    /** What today has used so far (`mine` the person's here, `server` everyone's), already phrased; the day resets at `resetsAt` (ms). */
    today(mine: string, server: string, resetsAt: number): string;
  };
  /** The placeholder of the select beside it that regenerates with another model. */
  regenerateWithPlaceholder: string;
  /** Told privately to someone who did not ask for this answer and cannot manage messages. */
  regenerateNotAllowed: string;
  /** Told privately: the conversation went on after this answer, so it can no longer be redone. */
  regenerateNotLast: string;
  /** Told privately: the bot no longer knows this answer (too old, or written before it kept answers). */
  regenerateUnknown: string;
  /** Told privately: this answer is still being written (Stop it first). */
  regenerateBusy: string;
  /** "Ask Cordial" submitted with a blank question. */
  askAboutEmptyQuestion: string;
  /** "Ask Cordial" submitted after the bot forgot its message (past 15 minutes, or a restart): use it again. */
  askAboutTargetGone: string;
  /**
   * A reply to a message that mentions the bot and asks nothing: how to ask. `ask` and `help`
   * arrive written as commands (`/ask`, `/help` in this language).
   */
  mentionWithoutQuestion(ask: string, help: string): string;
  /** Told privately when a Regenerate wrote nothing (the model failed or gave no text): `reason` in plain words, when known. */
  regenerateFailed(reason: string | undefined): string;
  /** Told privately, once, after an answer in a server the bot is not a member of (a user install). */
  answeredAsNonMember: string;
  /** Answer while the bot is shutting down. */
  shuttingDown: string;
  /** A failure we did not foresee. */
  unexpectedError: string;
}
