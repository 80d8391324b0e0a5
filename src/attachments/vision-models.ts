/**
 * Which models see images. Only OpenAI-compatible endpoints take image parts, and only for the
 * models named in `<ID>_VISION_MODELS` (`*` for all): a text-only model sent an image part
 * answers 400, and nothing in `GET /models` says which can see. Every other provider (h2o,
 * aivvm) is text-only. This is the one place that rule lives; the bot and the CLI both ask it.
 */
import { environmentPrefix, type ProviderConfig } from '../config/provider-config.ts';
import { parseModelId } from '../model/model-id.ts';

/**
 * Whether a model is given image parts, and if not, what would change that: the
 * `<ID>_VISION_MODELS` setting of its endpoint, or nothing (`visionSetting` absent) when its
 * provider is text-only or unknown.
 */
export type ImageSupport = { seesImages: true } | { seesImages: false; visionSetting?: string };

/** Whether `modelId` (`provider/model`) is given image parts, and why not. */
export function imageSupport(providers: ProviderConfig, modelId: string): ImageSupport {
  const parsed = parseModelId(modelId);
  if (!parsed.ok) return { seesImages: false };
  const endpoint = providers.openaiCompatible.find((candidate) => candidate.id === parsed.value.provider);
  if (endpoint === undefined) return { seesImages: false };
  if (endpoint.visionModels.includes('*') || endpoint.visionModels.includes(parsed.value.model)) return { seesImages: true };
  return { seesImages: false, visionSetting: `${environmentPrefix(endpoint.id)}_VISION_MODELS` };
}

/** Whether `modelId` (`provider/model`) is given image parts. */
export function canSeeImages(providers: ProviderConfig, modelId: string): boolean {
  return imageSupport(providers, modelId).seesImages;
}
