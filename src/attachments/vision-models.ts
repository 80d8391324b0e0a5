/**
 * Which models see images. Only OpenAI-compatible endpoints take image parts, and only for the
 * models named in `<ID>_VISION_MODELS` (`*` for all): a text-only model sent an image part
 * answers 400, and nothing in `GET /models` says which can see. h2o and aivvm are text-only.
 */
import type { ProviderConfig } from '../config/provider-config.ts';
import { parseModelId } from '../model/model-id.ts';

/** Whether `modelId` (`provider/model`) is given image parts. */
export function canSeeImages(providers: ProviderConfig, modelId: string): boolean {
  const parsed = parseModelId(modelId);
  if (!parsed.ok) return false;
  const endpoint = providers.openaiCompatible.find((candidate) => candidate.id === parsed.value.provider);
  if (endpoint === undefined) return false;
  return endpoint.visionModels.includes('*') || endpoint.visionModels.includes(parsed.value.model);
}
