import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { FinalControls } from '../../answers/after-answer.ts';
import type { MessageSink, WriteMeta } from '../../reply/message-sink.ts';
import type { ReplyControls } from '../answer-controls.ts';

/** Message components on a reply: the Stop button while it is written, Regenerate and Reasoning after. */
export type StreamingControls = readonly APIActionRowComponent<APIComponentInMessageActionRow>[];

/** A reply's sink that can also change the controls under one of its final messages, by the sink's own route. */
export interface ControlledSink extends MessageSink {
  /** Replaces the components of message `messageId` with the final controls; its content stays as it is. */
  showControls(messageId: string, controls: FinalControls): Promise<void>;
}

/**
 * The `components` field of a write: the streaming controls while the message shows an answer
 * being written; once it is final, the final controls on the answer's last message and none on
 * the others. Without controls the field is left out, so nothing changes.
 */
export function componentsFor(meta: WriteMeta, controls: ReplyControls | undefined): { components?: StreamingControls } {
  if (controls === undefined) return {};
  if (!meta.final) return { components: controls.streaming };
  return { components: meta.last === true ? controls.final({}) : [] };
}
