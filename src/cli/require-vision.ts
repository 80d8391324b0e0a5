import type { ImageSupport } from '../attachments/vision-models.ts';
import type { ResolvedModel } from '../providers/registry.ts';
import { UsageError } from './usage-error.ts';

/**
 * Refuses `--image` for a model that is not given images, before any request: sent anyway, an
 * image part gets a 400 from a text-only model, or the model answers without having seen it.
 * Which models see images is `imageSupport`'s rule (the bot's too); this only words the refusal,
 * naming the setting that would make the model a vision model when there is one.
 */
export function requireVision(resolved: ResolvedModel, support: ImageSupport): void {
  if (support.seesImages) return;
  const how =
    support.visionSetting === undefined
      ? `${resolved.provider.id} is text-only`
      : `add "${resolved.model}" (or *) to ${support.visionSetting} if it is a vision model`;
  throw new UsageError(`${resolved.id} is not given images: ${how}`);
}
