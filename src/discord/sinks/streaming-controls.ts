import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { WriteMeta } from '../../reply/message-sink.ts';

/** Message components shown on a reply while its answer is being written (the Stop button). */
export type StreamingControls = readonly APIActionRowComponent<APIComponentInMessageActionRow>[];

/**
 * The `components` field of a write: the controls while the message shows an answer being
 * written, none once it is final. Without controls the field is left out, so nothing changes.
 */
export function componentsFor(meta: WriteMeta, controls: StreamingControls | undefined): { components?: StreamingControls } {
  if (controls === undefined) return {};
  return { components: meta.final ? [] : controls };
}
