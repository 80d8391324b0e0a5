/**
 * One chatbot-ui model, as chatbot-ui's `OpenAIModel` (types/openai.ts): the request body
 * carries this whole object, and chatbot-ui's server drops the oldest messages that do not fit
 * `tokenLimit`. Without it nothing is trimmed and a long thread fails upstream.
 */
export interface AivvmModel {
  /** Model id, also ours after `aivvm/`. */
  id: string;
  /** Display name chatbot-ui expects beside the id. */
  name: string;
  /** chatbot-ui's longest message, in characters (its own client refuses longer input). */
  maxLength: number;
  /** The context window in tokens; also what our history trimming assumes. */
  tokenLimit: number;
}

/**
 * The models chat.aivvm.com offered, as chatbot-ui forks with this model list define them
 * (12 000 / 48 000 / 24 000 / 96 000 characters; the models' real context windows).
 */
export const aivvmModels: readonly AivvmModel[] = [
  { id: 'gpt-3.5-turbo', name: 'GPT-3.5', maxLength: 12_000, tokenLimit: 4096 },
  { id: 'gpt-3.5-turbo-0613', name: 'GPT-3.5-0613', maxLength: 12_000, tokenLimit: 4096 },
  { id: 'gpt-3.5-turbo-16k', name: 'GPT-3.5-16K', maxLength: 48_000, tokenLimit: 16_384 },
  { id: 'gpt-3.5-turbo-16k-0613', name: 'GPT-3.5-16K-0613', maxLength: 48_000, tokenLimit: 16_384 },
  { id: 'gpt-4', name: 'GPT-4', maxLength: 24_000, tokenLimit: 8192 },
  { id: 'gpt-4-0613', name: 'GPT-4-0613', maxLength: 24_000, tokenLimit: 8192 },
  { id: 'gpt-4-32k', name: 'GPT-4-32K', maxLength: 96_000, tokenLimit: 32_768 },
  { id: 'gpt-4-32k-0613', name: 'GPT-4-32K-0613', maxLength: 96_000, tokenLimit: 32_768 },
];

/** The model used when a request names none. */
export const aivvmDefaultModel = 'gpt-3.5-turbo';

/** chatbot-ui's default system prompt, exactly. */
export const aivvmDefaultSystemPrompt =
  "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.";

/**
 * chatbot-ui's default temperature: `DEFAULT_TEMPERATURE` in utils/app/const.ts is
 * `parseFloat(process.env.NEXT_PUBLIC_DEFAULT_TEMPERATURE || "1")`, what its own client sends
 * and its server assumes when none is sent. (gpt4free's module sent 0.7: its choice, not the
 * site's.)
 */
export const aivvmDefaultTemperature = 1;
