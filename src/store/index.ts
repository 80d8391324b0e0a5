/** The state store: server settings, bot threads, replies being written, answers' usage and reasoning, answers kept for Regenerate, in SQLite or PostgreSQL. */
export {
  openStore,
  openSqliteStore,
  sqlitePort,
  DEFAULT_BUSY_TIMEOUT_MS,
  type OpenStoreOptions,
  type ProcessInstance,
  type Shard,
  type SqliteStore,
  type StoreLogger,
  type ThreadRecord,
  type ThreadRecordInput,
  type UnfinishedReply,
} from './store.ts';
export type { AnswerUsage, KeptReasoning } from './answer-records.ts';
export type { AnswerUsageInput } from './usage-records.ts';
export { TOP_USERS, type DayRange, type PersonUsage, type UsageFigures, type UsageReport } from './usage-report.ts';
export { addDays, isUtcDay, nextUtcMidnight, utcDay } from './usage-day.ts';
export type { GuildQuota, GuildQuotaChange } from './quotas.ts';
export type { AnswerPlaceClaim, AnswerPlaceLedger } from './answer-places.ts';
export { DEFAULT_THREAD_REPLIES, type ThreadReplies } from './guild-settings.ts';
export type { ChannelOverrides } from './channel-settings.ts';
export { ACCESS_RULE_KINDS, type AccessRule, type AccessRuleKind } from './access-rules.ts';
export type { ChangedBy, SettingChange, SettingLogEntry, SettingName } from './settings-log.ts';
export type { AnswerRecord, AnswerRecordInput, AnswerTrigger } from './saved-answers.ts';
export { IN_MEMORY_PATH } from './open-database.ts';
export { lockDatabase, lockPathFor, type DatabaseLock, type LockDatabaseOptions } from './database-lock.ts';
export { StoreOpenError, type StoreOpenErrorReason } from './store-open-error.ts';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
export { asynchronous, type Asynchronous, type Store } from './store-port.ts';
