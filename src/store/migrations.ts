/**
 * The database schema, as a list of numbered migrations. Each runs once, in its own
 * transaction, when a store is opened; `PRAGMA user_version` records the last one applied.
 * Never edit a migration that has shipped: add the next number instead.
 */

/** One step of the schema. */
export interface Migration {
  /** 1, 2, 3 … in order, without gaps. */
  version: number;
  /** What it does, for logs. */
  name: string;
  /** The statements to run. */
  sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild default models and bot threads',
    sql: `
      CREATE TABLE guild_settings (
        guild_id        TEXT PRIMARY KEY,
        default_model   TEXT NOT NULL,
        set_by_user_id  TEXT NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE threads (
        thread_id      TEXT PRIMARY KEY,
        guild_id       TEXT,
        channel_id     TEXT NOT NULL,
        model_id       TEXT NOT NULL,
        prompt         TEXT NOT NULL,
        system_prompt  TEXT,
        created_by     TEXT NOT NULL,
        created_at     INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX threads_by_guild ON threads (guild_id);
    `,
  },
  {
    version: 2,
    name: 'first answers, askers names and /ask prompts inside threads',
    sql: `
      ALTER TABLE threads ADD COLUMN created_by_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE threads ADD COLUMN first_answer TEXT NOT NULL DEFAULT '';

      CREATE TABLE thread_prompts (
        message_id   TEXT PRIMARY KEY,
        thread_id    TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
        author_id    TEXT NOT NULL,
        author_name  TEXT NOT NULL,
        prompt       TEXT NOT NULL,
        created_at   INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX thread_prompts_by_thread ON thread_prompts (thread_id);
    `,
  },
  {
    version: 3,
    name: 'replies being written, to mark those a crash interrupted',
    sql: `
      CREATE TABLE unfinished_replies (
        message_id  TEXT PRIMARY KEY,
        channel_id  TEXT NOT NULL,
        locale      TEXT NOT NULL,
        started_at  INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'owners of the replies being written, so a start repairs only those whose process is gone',
    // owner_id stays NULL on rows journaled before owners were: their process is gone
    sql: `
      CREATE TABLE process_instances (
        instance_id  TEXT PRIMARY KEY,
        pid          INTEGER NOT NULL,
        host         TEXT NOT NULL,
        started_at   INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE unfinished_replies ADD COLUMN owner_id TEXT;

      CREATE INDEX unfinished_replies_by_owner ON unfinished_replies (owner_id);
    `,
  },
  {
    version: 5,
    name: 'token usage of each answer, and the reasoning behind answers while it is kept',
    // usage: one row per answer, tokens NULL when the provider did not report them; indexed for
    // per-server and per-person sums over a time range (quotas, reports). guild_id is NULL in DMs.
    // reasoning: keyed by the answer's first message, gone once expires_at has passed (purged).
    sql: `
      CREATE TABLE answer_usage (
        usage_id           INTEGER PRIMARY KEY,
        guild_id           TEXT,
        channel_id         TEXT NOT NULL,
        user_id            TEXT NOT NULL,
        model_id           TEXT NOT NULL,
        message_id         TEXT,
        outcome            TEXT NOT NULL,
        prompt_tokens      INTEGER,
        completion_tokens  INTEGER,
        answered_at        INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX answer_usage_by_guild_time ON answer_usage (guild_id, answered_at);
      CREATE INDEX answer_usage_by_user_time ON answer_usage (user_id, answered_at);

      CREATE TABLE answer_reasoning (
        message_id  TEXT PRIMARY KEY,
        reasoning   TEXT NOT NULL,
        kept_at     INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX answer_reasoning_by_expiry ON answer_reasoning (expires_at);
    `,
  },
  {
    version: 6,
    name: 'the files attached to /ask prompts, so later turns see them too',
    sql: `
      ALTER TABLE threads ADD COLUMN prompt_attachments TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE thread_prompts ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 7,
    name: 'how each server wants thread replies, and the answers a Regenerate re-runs',
    // guild_settings is rebuilt because SQLite cannot drop NOT NULL: a server may now choose a
    // thread mode and no default model. Nothing references it, so the drop breaks no foreign key.
    // answers: message_ids, asked_by and turn are JSON text; trigger_kind has no CHECK so that a
    // new way of asking needs no rebuild (rows of another kind read as absent). follows has no
    // foreign key: the answer it follows may predate this table or be gone to retention.
    // answer_messages indexes every message of an answer, so a lookup by any of them is one row.
    sql: `
      CREATE TABLE guild_settings_new (
        guild_id        TEXT PRIMARY KEY,
        default_model   TEXT,
        set_by_user_id  TEXT NOT NULL,
        updated_at      INTEGER NOT NULL,
        thread_replies  TEXT NOT NULL DEFAULT 'every-message' CHECK (thread_replies IN ('every-message', 'mentions'))
      ) STRICT;
      INSERT INTO guild_settings_new (guild_id, default_model, set_by_user_id, updated_at)
        SELECT guild_id, default_model, set_by_user_id, updated_at FROM guild_settings;
      DROP TABLE guild_settings;
      ALTER TABLE guild_settings_new RENAME TO guild_settings;

      CREATE TABLE answers (
        first_message_id  TEXT PRIMARY KEY,
        channel_id        TEXT NOT NULL,
        guild_id          TEXT,
        message_ids       TEXT NOT NULL,
        model_id          TEXT NOT NULL,
        asked_by          TEXT NOT NULL,
        trigger_kind      TEXT NOT NULL,
        turn              TEXT NOT NULL,
        locale            TEXT NOT NULL,
        follows           TEXT,
        created_at        INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX answers_by_follows ON answers (follows);
      CREATE INDEX answers_by_time ON answers (created_at);

      CREATE TABLE answer_messages (
        message_id        TEXT PRIMARY KEY,
        first_message_id  TEXT NOT NULL REFERENCES answers (first_message_id) ON DELETE CASCADE
      ) STRICT;

      CREATE INDEX answer_messages_by_answer ON answer_messages (first_message_id);
    `,
  },
  {
    version: 8,
    name: 'estimated token counts marked, a daily usage rollup, and per-server token quotas',
    // estimated: 1 when the bot estimated a count the provider did not report; rows already there
    // keep their counts (NULL stays NULL: nothing is estimated after the fact).
    // usage_daily: one row per UTC day, server, person and model, kept in step by recordUsage in
    // the same transaction and backfilled here; reports and quotas read it instead of summing
    // answer_usage. DMs are guild_id '' (no snowflake is empty): a primary key needs NOT NULL in a
    // WITHOUT ROWID table, and NULLs never conflict, so an upsert on a NULL key would add rows.
    // Unreported counts add 0 tokens; the answer still counts.
    // guild_quotas: NULL = the server set nothing (QUOTA_* applies), 0 = no quota.
    sql: `
      ALTER TABLE answer_usage ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1));

      CREATE TABLE usage_daily (
        guild_id           TEXT NOT NULL,
        day                TEXT NOT NULL,
        user_id            TEXT NOT NULL,
        model_id           TEXT NOT NULL,
        answers            INTEGER NOT NULL,
        prompt_tokens      INTEGER NOT NULL,
        completion_tokens  INTEGER NOT NULL,
        estimated_answers  INTEGER NOT NULL,
        PRIMARY KEY (guild_id, day, user_id, model_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX usage_daily_by_user_day ON usage_daily (user_id, day);

      INSERT INTO usage_daily (guild_id, day, user_id, model_id, answers, prompt_tokens, completion_tokens, estimated_answers)
        SELECT coalesce(guild_id, ''), strftime('%Y-%m-%d', answered_at / 1000, 'unixepoch'), user_id, model_id,
               count(*), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), sum(estimated)
        FROM answer_usage GROUP BY 1, 2, 3, 4;

      CREATE TABLE guild_quotas (
        guild_id               TEXT PRIMARY KEY,
        person_tokens_per_day  INTEGER CHECK (person_tokens_per_day >= 0),
        server_tokens_per_day  INTEGER CHECK (server_tokens_per_day >= 0),
        set_by_user_id         TEXT NOT NULL,
        updated_at             INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 9,
    name: 'system prompts per server and channel, channel default models, who may use the bot, and the settings log',
    // channel_settings: a row only while the channel overrides something (cleared rows are removed).
    // settings_log: append-only; setting has no CHECK so that a new setting needs no rebuild;
    // channel_id is NULL for a server's own setting; set_by_* are NULL when the caller named no
    // one. Its index finds the newest entry of a setting in a place: equality on the first three
    // columns, then the rowid (id) descending.
    // access_rules: one row per (server, kind, target); a category id stands for its channels.
    sql: `
      ALTER TABLE guild_settings ADD COLUMN system_prompt TEXT;

      CREATE TABLE channel_settings (
        channel_id     TEXT PRIMARY KEY,
        guild_id       TEXT NOT NULL,
        system_prompt  TEXT,
        default_model  TEXT,
        updated_at     INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX channel_settings_by_guild ON channel_settings (guild_id);

      CREATE TABLE settings_log (
        id              INTEGER PRIMARY KEY,
        guild_id        TEXT NOT NULL,
        channel_id      TEXT,
        setting         TEXT NOT NULL,
        value           TEXT,
        set_by_user_id  TEXT,
        set_by_name     TEXT,
        at              INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX settings_log_newest ON settings_log (guild_id, setting, channel_id);

      CREATE TABLE access_rules (
        guild_id        TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('allow-role', 'block-role', 'allow-channel', 'block-channel')),
        target_id       TEXT NOT NULL,
        set_by_user_id  TEXT NOT NULL,
        at              INTEGER NOT NULL,
        PRIMARY KEY (guild_id, kind, target_id)
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'the shard each process run serves',
    // runs recorded before sharding served every guild: shard 0 of 1
    sql: `
      ALTER TABLE process_instances ADD COLUMN shard_id INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE process_instances ADD COLUMN shard_count INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    version: 11,
    name: 'the places of answers being written, bot-wide',
    // owner_id names a process_instances run but has no foreign key: runs are forgotten while
    // idle in the journal's sense, whatever places they hold (those expire or are forgotten by
    // the successor first). The user index counts a person's places; the owner index finds a
    // gone run's.
    sql: `
      CREATE TABLE answer_places (
        claim_id    TEXT PRIMARY KEY,
        user_id     TEXT NOT NULL,
        owner_id    TEXT NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX answer_places_by_user ON answer_places (user_id, expires_at);
      CREATE INDEX answer_places_by_owner ON answer_places (owner_id);
    `,
  },
];

/** The schema version this code writes: the number of the newest migration. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;
