/** One chatbot-ui model: the object the request body carries, plus its context window. */
export interface AivvmModel {
  /** Model id, also ours after `aivvm/`. */
  id: string;
  /** Display name chatbot-ui expects beside the id. */
  name: string;
  /** Context window in tokens. */
  contextTokens: number;
}

/** The models chat.aivvm.com offered, exactly as its chatbot-ui named them. */
export const aivvmModels: readonly AivvmModel[] = [
  { id: 'gpt-3.5-turbo', name: 'GPT-3.5', contextTokens: 4096 },
  { id: 'gpt-3.5-turbo-0613', name: 'GPT-3.5-0613', contextTokens: 4096 },
  { id: 'gpt-3.5-turbo-16k', name: 'GPT-3.5-16K', contextTokens: 16_384 },
  { id: 'gpt-3.5-turbo-16k-0613', name: 'GPT-3.5-16K-0613', contextTokens: 16_384 },
  { id: 'gpt-4', name: 'GPT-4', contextTokens: 8192 },
  { id: 'gpt-4-0613', name: 'GPT-4-0613', contextTokens: 8192 },
  { id: 'gpt-4-32k', name: 'GPT-4-32K', contextTokens: 32_768 },
  { id: 'gpt-4-32k-0613', name: 'GPT-4-32K-0613', contextTokens: 32_768 },
];

/** The model used when a request names none. */
export const aivvmDefaultModel = 'gpt-3.5-turbo';

/** chatbot-ui's default system prompt, exactly. */
export const aivvmDefaultSystemPrompt =
  "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.";

/** chatbot-ui's default temperature. */
export const aivvmDefaultTemperature = 0.7;
