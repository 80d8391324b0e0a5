import { MAX_MODEL_ID_LENGTH, parseModelId, type ModelIdErrorCode } from '../model/model-id.ts';

/**
 * Why a model id cannot be used, as data, so each language words it whole (the registry's
 * `UnknownModelError` message is an English sentence, which a Russian reply cannot quote).
 */
export type UnknownModelReason =
  /** The id is malformed; `part` is the piece at fault (the id, its provider or its model part). */
  | { code: Exclude<ModelIdErrorCode, 'too-long'>; part: string }
  | { code: 'too-long'; limit: number }
  /** Well formed, but no configured provider has this id. */
  | { code: 'no-provider'; provider: string; configured: string[] }
  /** The provider is configured and does not list this model. */
  | { code: 'not-listed'; provider: string; model: string };

/** What the reason needs of each configured provider. */
export interface KnownProvider {
  readonly id: string;
}

/** Classifies an id the registry refused, given the configured providers (pure, no upstream asked). */
export function unknownModelReason(modelId: string, providers: readonly KnownProvider[]): UnknownModelReason {
  const parsed = parseModelId(modelId);
  if (!parsed.ok) {
    const { code, input } = parsed.error;
    if (code === 'too-long') return { code, limit: MAX_MODEL_ID_LENGTH };
    const slash = input.indexOf('/');
    const part = code === 'invalid-provider' ? input.slice(0, slash) : code === 'invalid-model' ? input.slice(slash + 1) : input;
    return { code, part };
  }
  const { provider, model } = parsed.value;
  const configured = providers.map((candidate) => candidate.id);
  return configured.includes(provider) ? { code: 'not-listed', provider, model } : { code: 'no-provider', provider, configured };
}
