/**
 * The reply journal's rows read back, for both backends: a process run, and a reply still being
 * written with the shard of the run that owns it.
 */
import type { ProcessInstance, UnfinishedReply } from './store.ts';

/** A `process_instances` row as the run it records. */
export function toProcessInstance(row: Record<string, unknown>): ProcessInstance {
  return {
    id: String(row['instance_id']),
    pid: Number(row['pid']),
    host: String(row['host']),
    startedAt: Number(row['started_at']),
    shard: { id: Number(row['shard_id']), count: Number(row['shard_count']) },
  };
}

/**
 * An `unfinished_replies` row joined (LEFT JOIN) to its owner's `process_instances` row: a NULL
 * `shard_id` means no owner was recorded, or its run was forgotten since.
 */
export function toUnfinishedReply(row: Record<string, unknown>): UnfinishedReply {
  return {
    messageId: String(row['message_id']),
    channelId: String(row['channel_id']),
    locale: String(row['locale']),
    startedAt: Number(row['started_at']),
    ownerId: row['owner_id'] === null ? null : String(row['owner_id']),
    ownerShard: row['shard_id'] === null ? null : { id: Number(row['shard_id']), count: Number(row['shard_count']) },
  };
}
