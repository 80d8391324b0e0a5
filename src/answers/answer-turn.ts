/**
 * "Answer this turn": the one answering path every trigger takes (`/ask`, a thread or DM
 * message, a mention, a reply, "Ask Cordial", Regenerate). A trigger parses what Discord gave
 * it, `prepare`s (model and quota, refused before anything is shown or any model is asked),
 * then `answerTurn`s with its conversation and its reply's sink — so every trigger gets the
 * same streaming, pacing, splitting, Stop button, crash journal, usage and errors.
 */
import type { Catalog } from '../i18n/catalog.ts';
import type { ResolvedModel } from '../providers/registry.ts';
import type { MessageSink } from '../reply/message-sink.ts';
import type { AnswerTrigger } from '../store/saved-answers.ts';
import type { ShowControls } from './after-answer.ts';
import type { AnswerServices } from './answer-services.ts';
import type { AnswerResult } from './answer-runner.ts';
import { isUnknownModel, type UnknownModel } from './model-lookup.ts';
import { rememberedSink } from './remembered-sink.ts';
import { observedSink } from '../reply/observed-sink.ts';
import { checkQuota } from './token-quota.ts';
import type { TurnConversation } from './turn-conversation.ts';

export type { AnswerTrigger } from '../store/saved-answers.ts';

/** Why a turn is not answered; nothing was shown and no model asked. */
export type TurnRefusal =
  /** No model applies: no option, thread model, server default or DEFAULT_MODEL. */
  | { refused: 'no-model' }
  /** The model is not one the providers have. */
  | { refused: 'unknown-model'; model: UnknownModel }
  /** The person already has MAX_ANSWERS_PER_USER answers being written. */
  | { refused: 'busy'; limit: number }
  /**
   * A daily token quota is used up: the asker's own (`person`) or the whole server's. It resets
   * at `resetsAt` (the next UTC midnight, ms since the epoch), `resetsInSeconds` after the check.
   */
  | { refused: 'quota'; scope: 'person' | 'server'; limit: number; resetsAt: number; resetsInSeconds: number };

/** A turn that may be answered: its model, and the place it holds in its asker's quota. */
export interface PreparedTurn {
  resolved: ResolvedModel;
  /** Gives the quota place back; `answerTurn` calls it, call it yourself if you do not answer. */
  release(): void;
}

/**
 * Checks that a turn can be answered: a model applies and resolves, the asker is within the
 * daily token quotas where they ask (`guildId`), and (`claimQuota`) they have a place left. A
 * thread's turns claim no place (each thread answers one at a time) but count against the quota
 * of `askerId`, their newest message's author. The token quota is checked here only, before a
 * model is asked: an answer in flight when it is reached finishes.
 */
export async function prepareTurn(
  services: Pick<AnswerServices, 'models' | 'quota' | 'store' | 'config' | 'now'>,
  turn: {
    modelId: string | undefined;
    askerId: string;
    claimQuota: boolean;
    /**
     * Where the asker asks, for the token quotas: the server, `null` in a DM. Every trigger gives
     * it; absent (tests of the other refusals), no token quota is checked.
     */
    guildId?: string | null;
  },
): Promise<PreparedTurn | TurnRefusal> {
  if (turn.modelId === undefined) return { refused: 'no-model' };
  const resolved = await services.models.resolve(turn.modelId);
  if (isUnknownModel(resolved)) return { refused: 'unknown-model', model: resolved };
  if (turn.guildId !== undefined) {
    const now = services.now ?? Date.now;
    const check = await checkQuota({ reader: services.store, settings: services.config.tokenQuotas, now }, { guildId: turn.guildId, userId: turn.askerId });
    if (!check.ok) {
      const resetsInSeconds = Math.max(1, Math.ceil((check.resetsAt - now()) / 1000));
      return { refused: 'quota', scope: check.scope, limit: check.limit, resetsAt: check.resetsAt, resetsInSeconds };
    }
  }
  if (!turn.claimQuota) return { resolved, release: () => undefined };
  const release = await services.quota.claim(turn.askerId);
  if (release === undefined) return { refused: 'busy', limit: services.quota.limit };
  return { resolved, release };
}

/** Whether `prepareTurn` refused. */
export function isRefusal(value: PreparedTurn | TurnRefusal): value is TurnRefusal {
  return 'refused' in value;
}

/** A refusal in the asker's words; `noModel` replaces the default wording (DMs say it their own way). */
export function refusalText(catalog: Catalog, refusal: TurnRefusal, noModel = catalog.noModelConfigured): string {
  switch (refusal.refused) {
    case 'no-model':
      return noModel;
    case 'unknown-model':
      return catalog.unknownModel(refusal.model.unknown, refusal.model.reason);
    case 'busy':
      return catalog.tooManyAnswers(refusal.limit);
    case 'quota':
      return catalog.tokenQuotaReached(refusal.limit, refusal.resetsInSeconds, refusal.scope, refusal.resetsAt);
  }
}

/** Where a turn's answer is written. */
export interface AnswerReply {
  /** The reply's messages (with the Stop button while they stream, Regenerate once final). */
  sink: MessageSink;
  /** How its last message gets more controls once final (the Reasoning button); absent: none. */
  showControls?: ShowControls;
  /**
   * Where the bot can edit the reply's messages with its own token, to mark them after a crash.
   * Absent for private replies: only their interaction token edits them.
   */
  recoverable?: { channelId: string; locale: string };
  /**
   * The conversation (thread or DM) the answer is part of: its cached history gets the answer's
   * final text at once and its anchor. Absent when the answer is in no cached conversation.
   */
  conversationId?: string;
}

/** What a Regenerate needs to answer the same turn again; saved with the answer. */
export interface TurnRecord {
  trigger: AnswerTrigger;
  /** The trigger's own description of the turn (JSON): how to rebuild its conversation. */
  turn: unknown;
  /** The answer this one follows in its conversation, if any (it is then no longer the last turn). */
  follows: string | null;
  /** The Discord locale of the reply's words. */
  locale: string;
}

/** One turn to answer. */
export interface TurnRequest {
  prepared: PreparedTurn;
  catalog: Catalog;
  /** Where it is written: the server (`null` outside servers) and the channel, thread or DM. */
  place: { guildId: string | null; channelId: string };
  /**
   * The person asking: named in the usage row, may Stop and Regenerate. Absent: the people the
   * conversation says asked (the authors of a thread's messages since the last answer).
   */
  askerId?: string;
  /** Builds the conversation for a model with `contextTokens` of context. */
  conversation(contextTokens: number): Promise<TurnConversation>;
  /** Called once the conversation is built, before the answer starts (to say which images the model cannot see). */
  beforeAnswer?(conversation: TurnConversation): Promise<void>;
  reply: AnswerReply;
  /** The most messages the answer may take here, when fewer than REPLY_MAX_MESSAGES. */
  maxMessages?: number;
  /** Saved with the answer for Regenerate, from the conversation it answered; absent when it cannot be regenerated (private ones). */
  record?: (conversation: TurnConversation) => TurnRecord;
  /** Context for logs. */
  logContext: Record<string, unknown>;
}

/** How a turn went. */
export interface AnsweredTurn {
  result: AnswerResult;
  conversation: TurnConversation;
  /** The model that answered, `provider/model` as the providers resolved it (a thread opened on the answer keeps it). */
  modelId: string;
}

/** Answers one prepared turn; gives its quota place back whatever happens. */
export async function answerTurn(services: AnswerServices, request: TurnRequest): Promise<AnsweredTurn> {
  const { prepared, reply } = request;
  try {
    const { resolved } = prepared;
    const conversation = await request.conversation(await services.models.contextTokens(resolved));
    await request.beforeAnswer?.(conversation);
    const { askerId } = request;
    // the asker first: the usage row names them
    const askedBy = askerId === undefined ? conversation.askedBy : [askerId, ...conversation.askedBy.filter((id) => id !== askerId)];
    const record = request.record?.(conversation);
    // written down as each message appears, so that the final write's Regenerate button, and a
    // reply to the answer, find it at once (a record saved after the answer would leave a gap)
    const messageIds: string[] = [];
    // one save at a time, in order: a later save (more messages) never lands before an earlier one
    let saving = Promise.resolve();
    const save = (ids: readonly string[]) => {
      const snapshot = [...ids];
      saving = saving.then(() => saveAnswerRecord(services, request, record!, askedBy, snapshot));
    };
    const recorded = record === undefined ? reply.sink : observedSink(reply.sink, (messageId) => {
      if (messageIds.includes(messageId)) return;
      messageIds.push(messageId);
      save(messageIds);
    });
    const remembered = reply.conversationId === undefined ? undefined : rememberedSink(recorded);
    const result = await services.runner.run({
      resolved,
      messages: conversation.messages,
      ...(conversation.maxTokens === undefined ? {} : { maxTokens: conversation.maxTokens }),
      ...(request.maxMessages === undefined ? {} : { maxMessages: request.maxMessages }),
      sink: remembered?.sink ?? recorded,
      ...(reply.showControls === undefined ? {} : { showControls: reply.showControls }),
      catalog: request.catalog,
      askedBy,
      place: request.place,
      ...(reply.recoverable === undefined ? {} : { recoverable: reply.recoverable }),
      logContext: { ...request.logContext, dropped: conversation.dropped.length },
      trigger: record?.trigger ?? 'private',
    });
    const firstMessageId = result.messageIds[0];
    if (reply.conversationId !== undefined) {
      remembered?.remember(services.historyCache, reply.conversationId, services.botUserId);
      if (firstMessageId !== undefined && conversation.newestMessageId !== undefined) services.anchors.set(firstMessageId, conversation.newestMessageId);
    }
    // the messages it ended with (a failed write may have left one out of the record)
    if (record !== undefined && firstMessageId !== undefined && result.messageIds.join() !== messageIds.join()) save(result.messageIds);
    await saving;
    return { result, conversation, modelId: resolved.id };
  } finally {
    prepared.release();
  }
}

/** Writes the answer down for its Regenerate button; a failure (the disk) costs nobody their answer. */
async function saveAnswerRecord(services: AnswerServices, request: TurnRequest, record: TurnRecord, askedBy: readonly string[], messageIds: readonly string[]): Promise<void> {
  try {
    await services.store.saveAnswer({
      firstMessageId: messageIds[0]!,
      channelId: request.place.channelId,
      guildId: request.place.guildId,
      messageIds: [...messageIds],
      modelId: request.prepared.resolved.id,
      askedBy: [...askedBy],
      trigger: record.trigger,
      turn: record.turn,
      locale: record.locale,
      follows: record.follows,
    });
    services.recordArrivals?.arrived(messageIds);
  } catch (error) {
    services.logger.warn({ ...request.logContext, error: (error as Error).message }, 'could not record the answer for its Regenerate button');
  }
}
