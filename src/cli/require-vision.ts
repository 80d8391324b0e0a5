import type { ResolvedModel } from '../providers/registry.ts';
import { environmentPrefix } from '../config/provider-config.ts';
import { UsageError } from './usage-error.ts';

/**
 * Refuses `--image` for a model that is not given images, before any request: sent anyway, an
 * image part gets a 400 from a text-only model, or the model answers without having seen it.
 * The message names the setting that would make it a vision model.
 */
export function requireVision(resolved: ResolvedModel, canSeeImages: (modelId: string) => boolean): void {
  if (canSeeImages(resolved.id)) return;
  const providerId = resolved.provider.id;
  const how =
    providerId === 'h2o' || providerId === 'aivvm'
      ? `${providerId} is text-only`
      : `add "${resolved.model}" (or *) to ${environmentPrefix(providerId)}_VISION_MODELS if it is a vision model`;
  throw new UsageError(`${resolved.id} is not given images: ${how}`);
}
