/** Conversation logic without I/O: model ids and resolution, thread history, budgets, the history cache. */
export { parseModelId, formatModelId, MAX_MODEL_ID_LENGTH, type ModelIdParts, type ModelIdError, type ModelIdErrorCode, type ModelIdResult } from '../providers/model-id.ts';
export { resolveModel, type ModelCandidates, type EffectiveModel, type ModelSource } from './resolve-model.ts';
export { compareSnowflakes, type ThreadMessage } from './thread-message.ts';
export { joinSplitMessages, stripStatusNote, STATUS_NOTE_PREFIX, type StrippedMessage } from './split-reply.ts';
export { toSpeakerName, MAX_SPEAKER_NAME_LENGTH } from './speaker-name.ts';
export { buildHistory, type AskPrompt, type BuildHistoryInput, type SpeakerPrefix } from './history.ts';
export {
  estimateTextTokens,
  estimateMessageTokens,
  estimateConversationTokens,
  historyBudget,
  defaultAnswerReserve,
  MESSAGE_OVERHEAD_TOKENS,
  CONVERSATION_OVERHEAD_TOKENS,
} from './budget.ts';
export { trimHistory, TRUNCATION_MARKER, MINIMUM_NEWEST_CONTENT_TOKENS, type TrimResult } from './trim.ts';
export {
  HistoryCache,
  DEFAULT_MAX_CACHED_THREADS,
  DEFAULT_MAX_MESSAGES_PER_THREAD,
  type HistoryCacheOptions,
  type MessageUpdate,
} from './history-cache.ts';
