/**
 * The PostgreSQL schema, as a list of numbered migrations, applied as SQLite's are: each once,
 * in its own transaction with its version row (`postgres-migrate.ts`). Never edit a migration
 * that has shipped: add the next number instead.
 *
 * The numbers are this backend's own, independent of SQLite's `migrations.ts`: version 1 here
 * creates at once the schema SQLite reached in its version 10, because no PostgreSQL database
 * predates it. A change to the state adds a migration to both lists, each under its own next
 * number (the contract suite holds their behaviour together, not their numbers).
 *
 * Types, against SQLite's: times, pids and token counts are BIGINT (SQLite's INTEGER is 64-bit);
 * SQLite's rowids are identity columns; `estimated` is a BOOLEAN; JSON stays TEXT so that a row
 * written by hand reads with the same tolerance as in SQLite. Every text column that a list
 * is ordered or keyed by is COLLATE "C", which orders by byte, as SQLite's BINARY does, whatever
 * the database's locale.
 */
import type { Migration } from '../migrations.ts';

/** Every migration, oldest first. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the whole schema of SQLite version 10: settings, threads, the reply journal, answers, usage, quotas, access rules, the settings log',
    // the comments of SQLite's migrations say why each table is as it is; only the differences
    // are noted here. usage_daily keeps '' as the DMs' server (a primary key column is NOT NULL).
    sql: `
      CREATE TABLE guild_settings (
        guild_id        TEXT COLLATE "C" PRIMARY KEY,
        default_model   TEXT COLLATE "C",
        set_by_user_id  TEXT COLLATE "C" NOT NULL,
        updated_at      BIGINT NOT NULL,
        thread_replies  TEXT NOT NULL DEFAULT 'every-message' CHECK (thread_replies IN ('every-message', 'mentions')),
        system_prompt   TEXT
      );

      CREATE TABLE threads (
        thread_id           TEXT COLLATE "C" PRIMARY KEY,
        guild_id            TEXT COLLATE "C",
        channel_id          TEXT COLLATE "C" NOT NULL,
        model_id            TEXT COLLATE "C" NOT NULL,
        prompt              TEXT NOT NULL,
        system_prompt       TEXT,
        created_by          TEXT COLLATE "C" NOT NULL,
        created_at          BIGINT NOT NULL,
        created_by_name     TEXT NOT NULL DEFAULT '',
        first_answer        TEXT NOT NULL DEFAULT '',
        prompt_attachments  TEXT NOT NULL DEFAULT '[]'
      );

      CREATE INDEX threads_by_guild ON threads (guild_id);

      CREATE TABLE thread_prompts (
        message_id   TEXT COLLATE "C" PRIMARY KEY,
        thread_id    TEXT COLLATE "C" NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
        author_id    TEXT COLLATE "C" NOT NULL,
        author_name  TEXT NOT NULL,
        prompt       TEXT NOT NULL,
        created_at   BIGINT NOT NULL,
        attachments  TEXT NOT NULL DEFAULT '[]'
      );

      CREATE INDEX thread_prompts_by_thread ON thread_prompts (thread_id, created_at, message_id);

      CREATE TABLE process_instances (
        instance_id  TEXT COLLATE "C" PRIMARY KEY,
        pid          BIGINT NOT NULL,
        host         TEXT NOT NULL,
        started_at   BIGINT NOT NULL,
        shard_id     INTEGER NOT NULL DEFAULT 0,
        shard_count  INTEGER NOT NULL DEFAULT 1
      );

      CREATE TABLE unfinished_replies (
        message_id  TEXT COLLATE "C" PRIMARY KEY,
        channel_id  TEXT COLLATE "C" NOT NULL,
        locale      TEXT NOT NULL,
        started_at  BIGINT NOT NULL,
        owner_id    TEXT COLLATE "C"
      );

      CREATE INDEX unfinished_replies_by_owner ON unfinished_replies (owner_id);

      CREATE TABLE answer_usage (
        usage_id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guild_id           TEXT COLLATE "C",
        channel_id         TEXT COLLATE "C" NOT NULL,
        user_id            TEXT COLLATE "C" NOT NULL,
        model_id           TEXT COLLATE "C" NOT NULL,
        message_id         TEXT COLLATE "C",
        outcome            TEXT NOT NULL,
        prompt_tokens      BIGINT,
        completion_tokens  BIGINT,
        answered_at        BIGINT NOT NULL,
        estimated          BOOLEAN NOT NULL DEFAULT false
      );

      CREATE INDEX answer_usage_by_guild_time ON answer_usage (guild_id, answered_at);
      CREATE INDEX answer_usage_by_user_time ON answer_usage (user_id, answered_at);

      CREATE TABLE answer_reasoning (
        message_id  TEXT COLLATE "C" PRIMARY KEY,
        reasoning   TEXT NOT NULL,
        kept_at     BIGINT NOT NULL,
        expires_at  BIGINT NOT NULL
      );

      CREATE INDEX answer_reasoning_by_expiry ON answer_reasoning (expires_at);

      CREATE TABLE answers (
        first_message_id  TEXT COLLATE "C" PRIMARY KEY,
        channel_id        TEXT COLLATE "C" NOT NULL,
        guild_id          TEXT COLLATE "C",
        message_ids       TEXT NOT NULL,
        model_id          TEXT COLLATE "C" NOT NULL,
        asked_by          TEXT NOT NULL,
        trigger_kind      TEXT NOT NULL,
        turn              TEXT NOT NULL,
        locale            TEXT NOT NULL,
        follows           TEXT COLLATE "C",
        created_at        BIGINT NOT NULL
      );

      CREATE INDEX answers_by_follows ON answers (follows);
      CREATE INDEX answers_by_time ON answers (created_at);

      CREATE TABLE answer_messages (
        message_id        TEXT COLLATE "C" PRIMARY KEY,
        first_message_id  TEXT COLLATE "C" NOT NULL REFERENCES answers (first_message_id) ON DELETE CASCADE
      );

      CREATE INDEX answer_messages_by_answer ON answer_messages (first_message_id);

      CREATE TABLE usage_daily (
        guild_id           TEXT COLLATE "C" NOT NULL,
        day                TEXT COLLATE "C" NOT NULL,
        user_id            TEXT COLLATE "C" NOT NULL,
        model_id           TEXT COLLATE "C" NOT NULL,
        answers            BIGINT NOT NULL,
        prompt_tokens      BIGINT NOT NULL,
        completion_tokens  BIGINT NOT NULL,
        estimated_answers  BIGINT NOT NULL,
        PRIMARY KEY (guild_id, day, user_id, model_id)
      );

      CREATE INDEX usage_daily_by_user_day ON usage_daily (user_id, day);

      CREATE TABLE guild_quotas (
        guild_id               TEXT COLLATE "C" PRIMARY KEY,
        person_tokens_per_day  BIGINT CHECK (person_tokens_per_day >= 0),
        server_tokens_per_day  BIGINT CHECK (server_tokens_per_day >= 0),
        set_by_user_id         TEXT COLLATE "C" NOT NULL,
        updated_at             BIGINT NOT NULL
      );

      CREATE TABLE channel_settings (
        channel_id     TEXT COLLATE "C" PRIMARY KEY,
        guild_id       TEXT COLLATE "C" NOT NULL,
        system_prompt  TEXT,
        default_model  TEXT COLLATE "C",
        updated_at     BIGINT NOT NULL
      );

      CREATE INDEX channel_settings_by_guild ON channel_settings (guild_id, channel_id);

      CREATE TABLE settings_log (
        id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guild_id        TEXT COLLATE "C" NOT NULL,
        channel_id      TEXT COLLATE "C",
        setting         TEXT COLLATE "C" NOT NULL,
        value           TEXT,
        set_by_user_id  TEXT COLLATE "C",
        set_by_name     TEXT,
        at              BIGINT NOT NULL
      );

      -- the newest entry of a setting in a place, and a server's newest entries: an index scan backwards
      CREATE INDEX settings_log_newest ON settings_log (guild_id, setting, channel_id, id);
      CREATE INDEX settings_log_by_guild ON settings_log (guild_id, id);

      CREATE TABLE access_rules (
        guild_id        TEXT COLLATE "C" NOT NULL,
        kind            TEXT COLLATE "C" NOT NULL CHECK (kind IN ('allow-role', 'block-role', 'allow-channel', 'block-channel')),
        target_id       TEXT COLLATE "C" NOT NULL,
        set_by_user_id  TEXT COLLATE "C" NOT NULL,
        at              BIGINT NOT NULL,
        PRIMARY KEY (guild_id, kind, target_id)
      );
    `,
  },
  {
    version: 2,
    name: 'the places of answers being written, bot-wide (SQLite version 11)',
    sql: `
      CREATE TABLE answer_places (
        claim_id    TEXT COLLATE "C" PRIMARY KEY,
        user_id     TEXT COLLATE "C" NOT NULL,
        owner_id    TEXT COLLATE "C" NOT NULL,
        expires_at  BIGINT NOT NULL
      );

      CREATE INDEX answer_places_by_user ON answer_places (user_id, expires_at);
      CREATE INDEX answer_places_by_owner ON answer_places (owner_id);
    `,
  },
];

/** The schema version this code writes: the number of the newest migration. */
export const LATEST_POSTGRES_SCHEMA_VERSION: number = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
