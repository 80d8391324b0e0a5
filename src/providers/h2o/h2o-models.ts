/** h2o's models: our short id → the upstream id chat-ui knows. */
export const h2oModels: Readonly<Record<string, string>> = {
  'falcon-7b': 'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-7b-v3',
  'falcon-40b': 'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1',
  'llama-13b': 'h2oai/h2ogpt-gm-oasst1-en-2048-open-llama-13b',
};

/** The context window of every h2o model (they are the 2048-token variants). */
export const h2oContextTokens = 2048;

/** TGI generation defaults as the original client sent them; caller options override. */
export const h2oDefaultParameters = {
  temperature: 0.4,
  truncate: 2048,
  max_new_tokens: 1024,
  do_sample: true,
  repetition_penalty: 1.2,
  return_full_text: false,
} as const;

/**
 * The `max_new_tokens` of one answer: the request's own bound as given (the caller chose it),
 * else the configured one but never above 1024, the original client's value. The models hold
 * 2048 tokens in all (TGI refuses `inputs + max_new_tokens` past that), so at least half stays
 * for the conversation.
 */
export function maxNewTokensFor(requested: number | undefined, configured: number | undefined): number {
  return requested ?? Math.min(configured ?? h2oDefaultParameters.max_new_tokens, h2oDefaultParameters.max_new_tokens);
}

/** The token after which nothing is part of the answer. */
export const endOfTextToken = '<|endoftext|>';
