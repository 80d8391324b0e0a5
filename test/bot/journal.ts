/**
 * The bot's crash journal (`unfinished_replies`) and the process runs that own its entries
 * (`process_instances`), read from the database file as an operator's tool would while the bot
 * runs: read-only, on a connection of its own, closed at once.
 */
import { DatabaseSync } from 'node:sqlite';
import type { World } from './bot-harness.ts';

/** An answer far longer than any test (200 × 4 words at 20 tokens/s): only a crash or a stop ends it. */
export const endlessAnswer = { text: 'alpha beta gamma delta ', repeat: 200, ratePerSecond: 20 };

/** The note the next start puts under an answer a crash cut off (English). */
export const crashNote = '-# ⚠️ Interrupted: the bot stopped unexpectedly while writing this answer. Ask again for the rest.';

/** One journaled message: a reply still being written by `ownerId`'s process run. */
export interface JournalEntry {
  messageId: string;
  ownerId: string | null;
}

/** One recorded process run. */
export interface JournalInstance {
  id: string;
  pid: number;
}

/** What the journal holds now. */
export interface Journal {
  replies: JournalEntry[];
  instances: JournalInstance[];
}

/** Reads the journal of `world`'s database. */
export function readJournal(world: World): Journal {
  const database = new DatabaseSync(world.databasePath, { readOnly: true });
  try {
    return {
      replies: database
        .prepare('SELECT message_id, owner_id FROM unfinished_replies ORDER BY started_at, message_id')
        .all()
        .map((row) => ({ messageId: String(row['message_id']), ownerId: row['owner_id'] === null ? null : String(row['owner_id']) })),
      instances: database
        .prepare('SELECT instance_id, pid FROM process_instances ORDER BY started_at')
        .all()
        .map((row) => ({ id: String(row['instance_id']), pid: Number(row['pid']) })),
    };
  } finally {
    database.close();
  }
}

/** The ids of the messages journaled now, oldest first. */
export function journaledMessageIds(world: World): string[] {
  return readJournal(world).replies.map((reply) => reply.messageId);
}
