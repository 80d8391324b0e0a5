import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { shownValue } from './secret-value.ts';

/** The environment as read at a composition root. */
export type Environment = Record<string, string | undefined>;

/** Settings of one OpenAI-compatible endpoint (`openai`, `ollama`, `groq` …). */
export interface OpenAICompatibleConfig {
  /** Provider id, the prefix of its model ids. */
  id: string;
  /** Base URL including `/v1`. */
  baseUrl: string;
  /** Bearer key; empty for servers that need none (Ollama, llama.cpp). */
  apiKey: string;
  /** Models to offer; empty means "ask `GET /models`". */
  models: string[];
  /** Context window assumed for each model, in tokens. */
  contextTokens: number;
  /** Models given images (`<ID>_VISION_MODELS`; `*` for all); the others get a note instead. */
  visionModels: string[];
}

/** Timeouts and retry policy shared by every provider. */
export interface HttpConfig {
  /** Time allowed to open a TCP/TLS connection. */
  connectTimeoutMs: number;
  /** Time allowed from sending a request to the first token of the answer. */
  firstTokenTimeoutMs: number;
  /** Time allowed between two tokens once the answer has started. */
  idleTimeoutMs: number;
  /** Retries of a failed request before its first token (0 disables). */
  maxRetries: number;
  /** The longest `retry-after` the client honours by waiting; longer ones fail at once. */
  maxRetryWaitMs: number;
  /**
   * The largest stream event (or line of one) held in memory; a bigger one fails the answer as
   * `oversized`. SSE events are measured in UTF-16 units of decoded text (an event's UTF-8 size
   * is at least that); aivvm's bare text, which has no events, in bytes per read.
   */
  maxEventBytes: number;
}

/** Everything the provider layer needs; the CLI needs nothing more. */
export interface ProviderConfig {
  /** Enabled provider ids, in display order. */
  enabled: string[];
  /** h2o (chat-ui) settings, when enabled. */
  h2o?: { baseUrl: string };
  /** aivvm (chatbot-ui) settings, when enabled. */
  aivvm?: { baseUrl: string };
  /** OpenAI-compatible endpoints, when enabled. */
  openaiCompatible: OpenAICompatibleConfig[];
  /** HTTP behaviour. */
  http: HttpConfig;
  /**
   * Upper bound on generated tokens sent with every answer request (openai `max_tokens`, h2o
   * `max_new_tokens`, the latter never above h2o's own 1024); `undefined` leaves it to the
   * server. A request's own `maxTokens` wins.
   */
  maxTokens: number | undefined;
}

const providerIdPattern = /^[a-z][a-z0-9-]{0,31}$/;

/** Reads one variable through a zod schema, turning failures into a one-line ConfigError. */
export function readVariable<T>(env: Environment, name: string, schema: z.ZodType<T>, expected: string): T {
  const raw = env[name];
  const result = schema.safeParse(raw === '' ? undefined : raw);
  if (!result.success) throw new ConfigError(name, raw === undefined || raw === '' ? `missing; expected ${expected}` : `expected ${expected}, got ${shownValue(name, raw)}`);
  return result.data;
}

/** An http(s) URL, without trailing slashes. */
export const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
/** A positive whole number, `fallback` when unset. */
export const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const commaList = (fallback = '') =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''));

/** The environment-variable prefix of an OpenAI-compatible provider id: `my-llm` → `MY_LLM`. */
export function environmentPrefix(providerId: string): string {
  return providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function readOpenAICompatible(env: Environment, id: string): OpenAICompatibleConfig {
  const prefix = environmentPrefix(id);
  const baseUrlSchema = id === 'openai' ? httpUrl.default('https://api.openai.com/v1') : httpUrl;
  return {
    id,
    baseUrl: readVariable(env, `${prefix}_BASE_URL`, baseUrlSchema, 'an http(s) URL including /v1, e.g. http://127.0.0.1:11434/v1'),
    // a key with a space or line break (a bad paste) would fail every request as "cannot reach"
    apiKey: readVariable(env, `${prefix}_API_KEY`, z.string().regex(/^\S*$/).default(''), 'an API key without spaces or line breaks'),
    models: readVariable(env, `${prefix}_MODELS`, commaList(), 'a comma-separated list of model names'),
    contextTokens: readVariable(env, `${prefix}_CONTEXT_TOKENS`, positiveInteger(8192), 'a positive whole number of tokens'),
    visionModels: readVariable(env, `${prefix}_VISION_MODELS`, commaList(), 'a comma-separated list of model names, or * for all'),
  };
}

/** Parses and validates the provider settings; throws ConfigError naming the first bad variable. */
export function loadProviderConfig(env: Environment): ProviderConfig {
  const enabled = readVariable(env, 'PROVIDERS', commaList('h2o,aivvm,openai'), 'a comma-separated list of provider ids');
  const ids = enabled.length > 0 ? enabled : ['h2o', 'aivvm', 'openai'];
  for (const id of ids) {
    if (!providerIdPattern.test(id)) throw new ConfigError('PROVIDERS', `provider ids are lowercase letters, digits and dashes; got "${id}"`);
  }
  if (new Set(ids).size !== ids.length) throw new ConfigError('PROVIDERS', 'each provider id once');
  return {
    enabled: ids,
    h2o: ids.includes('h2o') ? { baseUrl: readVariable(env, 'H2O_BASE_URL', httpUrl.default('https://gpt-gm.h2o.ai'), 'an http(s) URL') } : undefined,
    aivvm: ids.includes('aivvm') ? { baseUrl: readVariable(env, 'AIVVM_BASE_URL', httpUrl.default('https://chat.aivvm.com'), 'an http(s) URL') } : undefined,
    openaiCompatible: ids.filter((id) => id !== 'h2o' && id !== 'aivvm').map((id) => readOpenAICompatible(env, id)),
    http: {
      connectTimeoutMs: readVariable(env, 'PROVIDER_CONNECT_TIMEOUT_MS', positiveInteger(10_000), 'milliseconds (a positive whole number)'),
      firstTokenTimeoutMs: readVariable(env, 'PROVIDER_FIRST_TOKEN_TIMEOUT_MS', positiveInteger(60_000), 'milliseconds (a positive whole number)'),
      idleTimeoutMs: readVariable(env, 'PROVIDER_IDLE_TIMEOUT_MS', positiveInteger(30_000), 'milliseconds (a positive whole number)'),
      maxRetries: readVariable(env, 'PROVIDER_MAX_RETRIES', z.coerce.number().int().min(0).max(10).default(2), 'a whole number from 0 to 10'),
      maxRetryWaitMs: readVariable(env, 'PROVIDER_MAX_RETRY_WAIT_MS', positiveInteger(20_000), 'milliseconds (a positive whole number)'),
      maxEventBytes: readVariable(env, 'PROVIDER_MAX_EVENT_BYTES', positiveInteger(1024 * 1024), 'a positive whole number of bytes'),
    },
    // 0 turns the bound off, for servers that reject the field
    maxTokens: readVariable(env, 'PROVIDER_MAX_TOKENS', z.coerce.number().int().min(0).default(4096), 'a whole number of tokens (0: no bound)') || undefined,
  };
}
