import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { MessageSink, WriteMeta } from '../../reply/message-sink.ts';

/** Message components on a reply: the Stop button while it is written, the Reasoning button after. */
export type StreamingControls = readonly APIActionRowComponent<APIComponentInMessageActionRow>[];

/** A reply's sink that can also put controls under one of its final messages, by the sink's own route. */
export interface ControlledSink extends MessageSink {
  /** Replaces the components of message `messageId` with `controls`; its content stays as it is. */
  showControls(messageId: string, controls: StreamingControls): Promise<void>;
}

/**
 * The `components` field of a write: the controls while the message shows an answer being
 * written, none once it is final. Without controls the field is left out, so nothing changes.
 */
export function componentsFor(meta: WriteMeta, controls: StreamingControls | undefined): { components?: StreamingControls } {
  if (controls === undefined) return {};
  return { components: meta.final ? [] : controls };
}
