/**
 * A reply's messages in memory, as Discord would hold them: each `create` makes a message with a
 * new snowflake id (newer than every message written before it, so that the history orders the
 * answer after the turn it answers), each write is logged with its `final` flag.
 */
import type { MessageSink, SinkResult, WriteMeta } from '../../../src/reply/message-sink.ts';
import { nextSnowflake } from './people.ts';

/** One write as the sink received it. */
export interface MemoryWrite {
  kind: 'create' | 'edit';
  messageId: string;
  content: string;
  final: boolean;
}

export class MemorySink implements MessageSink {
  readonly writes: MemoryWrite[] = [];
  /** The latest content of each message, by id, in creation order. */
  readonly contents = new Map<string, string>();

  async create(content: string, meta: WriteMeta): Promise<SinkResult> {
    const messageId = nextSnowflake();
    this.#write({ kind: 'create', messageId, content, final: meta.final });
    return { messageId };
  }

  async edit(messageId: string, content: string, meta: WriteMeta): Promise<SinkResult> {
    this.#write({ kind: 'edit', messageId, content, final: meta.final });
    return { messageId };
  }

  /** What a person sees now: each message's latest content, in order. */
  visible(): string[] {
    return [...this.contents.values()];
  }

  #write(write: MemoryWrite): void {
    this.writes.push(write);
    this.contents.set(write.messageId, write.content);
  }
}
