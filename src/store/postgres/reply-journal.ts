/**
 * The process runs and the replies they are writing, in PostgreSQL (see `../store.ts`): what a
 * start reads to mark the replies a crash cut off, shard by shard when the bot is sharded.
 */
import type { Asynchronous } from '../store-port.ts';
import type { SqliteStore } from '../store.ts';
import { toProcessInstance, toUnfinishedReply } from '../journal-rows.ts';
import type { PostgresDatabase } from './database.ts';

/** The journal methods of the store. */
export type ReplyJournal = Asynchronous<
  Pick<SqliteStore, 'registerInstance' | 'getInstance' | 'forgetIdleInstances' | 'recordUnfinishedReply' | 'forgetUnfinishedReply' | 'unfinishedReplies'>
>;

const REGISTER = `INSERT INTO process_instances (instance_id, pid, host, started_at, shard_id, shard_count) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (instance_id) DO UPDATE SET pid = EXCLUDED.pid, host = EXCLUDED.host, started_at = EXCLUDED.started_at,
    shard_id = EXCLUDED.shard_id, shard_count = EXCLUDED.shard_count`;
const GET_INSTANCE = 'SELECT instance_id, pid, host, started_at, shard_id, shard_count FROM process_instances WHERE instance_id = $1';
// $2 NULL: every shard's runs
const FORGET_IDLE = `DELETE FROM process_instances
  WHERE NOT (instance_id = ANY($1::text[]))
    AND ($2::integer IS NULL OR (shard_id = $2 AND shard_count = $3::integer))
    AND NOT EXISTS (SELECT 1 FROM unfinished_replies WHERE owner_id = process_instances.instance_id)`;
// DO NOTHING swallows only the conflict: a NOT NULL violation still fails
const RECORD_REPLY = `INSERT INTO unfinished_replies (message_id, channel_id, locale, started_at, owner_id) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (message_id) DO NOTHING`;
const FORGET_REPLY = 'DELETE FROM unfinished_replies WHERE message_id = $1';
const UNFINISHED = `SELECT reply.message_id, reply.channel_id, reply.locale, reply.started_at, reply.owner_id, owner.shard_id, owner.shard_count
  FROM unfinished_replies AS reply LEFT JOIN process_instances AS owner ON owner.instance_id = reply.owner_id
  ORDER BY reply.started_at, reply.message_id`;

/** The journal methods; `now` is the store's clock. */
export function postgresReplyJournal(database: PostgresDatabase, now: () => number): ReplyJournal {
  return {
    async registerInstance(instance) {
      await database.query(REGISTER, [instance.id, instance.pid, instance.host, instance.startedAt, instance.shard.id, instance.shard.count]);
    },
    async getInstance(instanceId) {
      const row = (await database.query(GET_INSTANCE, [instanceId])).rows[0];
      return row === undefined ? undefined : toProcessInstance(row);
    },
    async forgetIdleInstances(liveInstanceIds, shard) {
      return (await database.query(FORGET_IDLE, [[...liveInstanceIds], shard?.id ?? null, shard?.count ?? null])).rowCount;
    },
    async recordUnfinishedReply(reply) {
      await database.query(RECORD_REPLY, [reply.messageId, reply.channelId, reply.locale, reply.startedAt ?? now(), reply.ownerId]);
    },
    async forgetUnfinishedReply(messageId) {
      return (await database.query(FORGET_REPLY, [messageId])).rowCount > 0;
    },
    async unfinishedReplies() {
      return (await database.query(UNFINISHED)).rows.map(toUnfinishedReply);
    },
  };
}
