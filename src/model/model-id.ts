/**
 * Model ids are `provider/model`. The provider part is a configured provider id; the model part
 * is whatever that provider calls the model and may itself contain `/` or `:`
 * (`openrouter/meta-llama/llama-3.1-8b-instruct`, `ollama/llama3.2:3b`), so an id is split at
 * its first `/`.
 */
import type { ModelInfo } from './provider.ts';

/** A model id split into its parts. */
export interface ModelIdParts {
  /** The provider id, before the first `/`. */
  provider: string;
  /** The provider's own model id, after the first `/`. */
  model: string;
}

/** Why a string is not a model id. */
export type ModelIdErrorCode = 'empty' | 'missing-provider' | 'missing-model' | 'invalid-provider' | 'invalid-model' | 'too-long';

/** A model id that did not parse: a user mistake, answered as written. */
export interface ModelIdError {
  /** The class of mistake. */
  code: ModelIdErrorCode;
  /** An English sentence saying what is wrong and what an id looks like. */
  message: string;
  /** The input, trimmed. */
  input: string;
}

/** The outcome of `parseModelId`: the parts, or why there are none. */
export type ModelIdResult = { ok: true; value: ModelIdParts & { id: string } } | { ok: false; error: ModelIdError };

/** Longest accepted id; Discord option values and autocomplete choices stop at 100. */
export const MAX_MODEL_ID_LENGTH = 200;

/** Provider ids: a letter or digit, then letters, digits, `.`, `_` or `-`. */
const PROVIDER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Model parts: no whitespace or control characters; anything else providers use. */
const MODEL_PATTERN = /^[^\s\p{Cc}]+$/u;

const EXAMPLE = 'e.g. openai/gpt-4o-mini';

/** Parses `provider/model`, trimming surrounding whitespace. Never throws. */
export function parseModelId(input: string): ModelIdResult {
  const id = input.trim();
  const fail = (code: ModelIdErrorCode, message: string): ModelIdResult => ({ ok: false, error: { code, message, input: id } });
  if (id === '') return fail('empty', `No model given: write provider/model, ${EXAMPLE}.`);
  if (id.length > MAX_MODEL_ID_LENGTH) return fail('too-long', `The model id is longer than ${MAX_MODEL_ID_LENGTH} characters.`);
  const slash = id.indexOf('/');
  if (slash <= 0) return fail('missing-provider', `"${id}" has no provider: write provider/model, ${EXAMPLE}.`);
  const provider = id.slice(0, slash);
  const model = id.slice(slash + 1);
  if (model === '') return fail('missing-model', `"${id}" has no model after the provider: write provider/model, ${EXAMPLE}.`);
  if (!PROVIDER_PATTERN.test(provider)) {
    return fail('invalid-provider', `"${provider}" is not a provider id: use letters, digits, ".", "_" or "-".`);
  }
  if (!MODEL_PATTERN.test(model)) return fail('invalid-model', `"${model}" is not a model name: it may not contain spaces.`);
  return { ok: true, value: { id, provider, model } };
}

/** Joins parts into an id; `parseModelId(formatModelId(parts))` gives the parts back. */
export function formatModelId(parts: ModelIdParts): string {
  return `${parts.provider}/${parts.model}`;
}

/** What a provider says of one of its models. */
export function modelInfo(provider: string, model: string, contextTokens: number): ModelInfo {
  return { id: formatModelId({ provider, model }), provider, model, contextTokens };
}
