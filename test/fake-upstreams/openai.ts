/**
 * A fake OpenAI-compatible server (protocols.md, "openai"): `POST /v1/chat/completions` streaming
 * `data: {json}` events ending with `data: [DONE]`, `GET /v1/models`, bearer-key checks and the
 * documented error bodies. The `ollama` variant answers the way Ollama's `/v1` does.
 */
import { endlessLineFrames, frame, withKeepAlives, type Frame } from './body-writer.ts';
import { FakeUpstream, mediaType, type FakeOptions, type HandlerContext } from './common.ts';
import { repeatedDeltas, scenarioText, tokenize, type ErrorAnswer, type Scenario } from './scenario.ts';

/** Options of the openai fake. */
export interface OpenAiFakeOptions extends FakeOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (ignored by `ollama`). */
  apiKey?: string;
  /** Models it serves (default `gpt-4o-mini`, `gpt-4o`, `gpt-3.5-turbo`). */
  models?: string[];
  /**
   * `openai` (default): a role chunk, content chunks, a finish chunk with `delta: {}`.
   * `ollama`: every chunk carries `role` and `content`, `finish_reason` rides on the last content
   * chunk (older Ollama), the key is ignored, unknown models get Ollama's 404 wording.
   */
  variant?: 'openai' | 'ollama';
}

/** Builders for the documented OpenAI error answers. */
export const openaiErrors = {
  /** 401 `invalid_api_key`. */
  invalidApiKey(key = ''): ErrorAnswer {
    const shown = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : key;
    return openaiError(401, {
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
  },
  /** 404 `model_not_found`. */
  modelNotFound(model: string): ErrorAnswer {
    return openaiError(404, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      code: 'model_not_found',
    });
  },
  /** Ollama's 404 for a model it does not have. */
  ollamaModelNotFound(model: string): ErrorAnswer {
    return openaiError(404, { message: `model "${model}" not found, try pulling it first`, type: 'api_error' });
  },
  /** 429 `rate_limit_exceeded` (or `insufficient_quota`) with `retry-after` / `retry-after-ms`. */
  rateLimited(
    options: { retryAfterSeconds?: number; retryAfterMs?: number; code?: 'rate_limit_exceeded' | 'insufficient_quota' } = {},
  ): ErrorAnswer {
    const quota = options.code === 'insufficient_quota';
    const headers: Record<string, string> = {};
    if (options.retryAfterSeconds !== undefined) headers['retry-after'] = String(options.retryAfterSeconds);
    if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
    const answer = openaiError(429, {
      message: quota
        ? 'You exceeded your current quota, please check your plan and billing details.'
        : 'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
      type: quota ? 'insufficient_quota' : 'requests',
      code: quota ? 'insufficient_quota' : 'rate_limit_exceeded',
    });
    return { ...answer, headers };
  },
  /** 500 `server_error`. */
  serverError(): ErrorAnswer {
    return openaiError(500, {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
    });
  },
  /** 503 overloaded. */
  overloaded(): ErrorAnswer {
    return openaiError(503, {
      message: 'The engine is currently overloaded, please try again later.',
      type: 'server_error',
    });
  },
};

function openaiError(
  status: number,
  fields: { message: string; type: string; param?: string | null; code?: string | number | null },
): ErrorAnswer {
  return {
    status,
    body: { error: { message: fields.message, type: fields.type, param: fields.param ?? null, code: fields.code ?? null } },
  };
}

/** One content part of a chat message as OpenAI documents them. */
export type ContentPartSent =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: string; [field: string]: unknown };

/** A chat message as a client sent it. */
export interface ChatMessageSent {
  role: string;
  content: string | ContentPartSent[] | null;
  [field: string]: unknown;
}

/** The content part types OpenAI accepts, in its error's words. */
const contentPartTypes = ['text', 'image_url', 'input_audio', 'refusal', 'audio', 'file'];

/**
 * OpenAI's 400 for content it does not take: a content that is neither a string nor a list of
 * parts, a part of an unknown type, a text part without text, an image part without a URL, or
 * an image outside a user message.
 */
function invalidContent(messages: unknown[]): ErrorAnswer | undefined {
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (typeof content === 'string' || (content === null && role === 'assistant')) continue;
    const param = `messages[${index}].content`;
    if (!Array.isArray(content)) return invalidValue(`Invalid type for '${param}': expected one of a string or array of objects.`, param, 'invalid_type');
    for (const [partIndex, part] of content.entries()) {
      const { type, text, image_url: image } = (part ?? {}) as { type?: unknown; text?: unknown; image_url?: { url?: unknown } };
      const partParam = `${param}[${partIndex}]`;
      if (typeof type !== 'string' || !contentPartTypes.includes(type)) {
        return invalidValue(`Invalid value: '${String(type)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.`, `${partParam}.type`, 'invalid_value');
      }
      if (type === 'text' && typeof text !== 'string') return invalidValue(`Missing required parameter: '${partParam}.text'.`, `${partParam}.text`, 'missing_required_parameter');
      if (type === 'image_url' && typeof image?.url !== 'string') return invalidValue(`Missing required parameter: '${partParam}.image_url.url'.`, `${partParam}.image_url.url`, 'missing_required_parameter');
      if (type === 'image_url' && role !== 'user') {
        return invalidValue(`Invalid 'messages[${index}]'. Image URLs are only allowed for messages with role 'user', but this message with role '${String(role)}' contains an image URL.`, `messages[${index}]`, 'invalid_value');
      }
    }
  }
  return undefined;
}

function invalidValue(message: string, param: string, code: string): ErrorAnswer {
  return openaiError(400, { message, type: 'invalid_request_error', param, code });
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
}

/** The openai fake. `url` includes `/v1`. */
export class OpenAiFake extends FakeUpstream {
  readonly kind = 'openai' as const;
  /** Models it serves. */
  readonly models: string[];
  private readonly apiKey: string | undefined;
  private readonly variant: 'openai' | 'ollama';
  private completionCount = 0;

  constructor(options: OpenAiFakeOptions = {}) {
    super(options);
    this.models = options.models ?? ['gpt-4o-mini', 'gpt-4o', 'gpt-3.5-turbo'];
    this.apiKey = options.apiKey;
    this.variant = options.variant ?? 'openai';
  }

  /**
   * The messages of chat-completion request `at` (from the end when negative), as received:
   * content as a string or as OpenAI's content parts (`{type: 'text', text}`,
   * `{type: 'image_url', image_url: {url}}` …), for tests to check what a model was shown.
   */
  chatMessages(at = -1): ChatMessageSent[] {
    const body = this.requestsTo('POST', '/v1/chat/completions').at(at)?.parsedBody as ChatBody | undefined;
    return Array.isArray(body?.messages) ? (body.messages as ChatMessageSent[]) : [];
  }

  override get url(): string {
    return `${this.origin}/v1`;
  }

  protected async handle(context: HandlerContext): Promise<void> {
    const { record } = context;
    const route = `${record.method} ${record.path.split('?')[0]}`;
    if (route !== 'POST /v1/chat/completions' && route !== 'GET /v1/models') {
      return this.sendError(context, openaiError(404, { message: `Invalid URL (${route})`, type: 'invalid_request_error' }));
    }
    if (this.apiKey !== undefined && this.variant === 'openai') {
      const authorization = record.headers.authorization ?? '';
      if (authorization !== `Bearer ${this.apiKey}`) {
        return this.sendError(context, openaiErrors.invalidApiKey(authorization.replace(/^Bearer\s*/i, '')));
      }
    }
    if (route === 'GET /v1/models') return this.sendModels(context);

    const body = record.parsedBody as ChatBody | undefined;
    if (mediaType(record.headers['content-type']) !== 'application/json' || typeof body !== 'object' || body === null) {
      return this.sendError(context, openaiError(400, { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' }));
    }
    if (typeof body.model !== 'string') {
      return this.sendError(context, openaiError(400, { message: 'you must provide a model parameter', type: 'invalid_request_error' }));
    }
    if (!Array.isArray(body.messages)) {
      return this.sendError(context, openaiError(400, { message: "'messages' is a required property", type: 'invalid_request_error', param: 'messages' }));
    }
    const contentError = invalidContent(body.messages);
    if (contentError !== undefined) return this.sendError(context, contentError);
    if (!this.models.includes(body.model)) {
      const notFound = this.variant === 'ollama' ? openaiErrors.ollamaModelNotFound(body.model) : openaiErrors.modelNotFound(body.model);
      return this.sendError(context, notFound);
    }

    const scenario = this.takeScenario();
    if (scenario.error) return this.sendError(context, scenario.error);
    const completion = {
      id: `chatcmpl-fake${++this.completionCount}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      promptTokens: countPromptTokens(body.messages),
    };
    if (body.stream !== true) return this.sendCompletion(context, scenario, completion);
    const includeUsage = body.stream_options?.include_usage === true;
    const frames = withKeepAlives(this.frames(scenario, completion, includeUsage), scenario.keepAlives, ': keep-alive');
    const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': completion.id };
    await this.stream(context, 200, headers, frames, scenario);
  }

  private *frames(
    scenario: Scenario,
    completion: { id: string; created: number; model: string; promptTokens: number },
    includeUsage: boolean,
  ): Generator<Frame> {
    const fingerprint = this.variant === 'ollama' ? 'fp_ollama' : 'fp_fake';
    const head = `{"id":"${completion.id}","object":"chat.completion.chunk","created":${completion.created},"model":${JSON.stringify(completion.model)},"system_fingerprint":"${fingerprint}","choices":`;
    const tail = includeUsage ? ',"usage":null}' : '}';
    const event = (choices: string, token = false) => frame(`data: ${head}${choices}${tail}\n\n`, token);
    const choice = (delta: object, finishReason: string | null) =>
      `[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]`;
    const finishReason = scenario.finishReason ?? 'stop';
    const ending = !scenario.midStreamError && scenario.omitEnd !== true;
    let completionTokens = 0;

    if (this.variant === 'ollama') {
      // older Ollama: role on every chunk, finish_reason on the last content chunk
      let previous: string | undefined;
      for (const delta of repeatedDeltas(scenario)) {
        if (previous !== undefined) yield event(choice({ role: 'assistant', content: previous }, null), true);
        previous = delta;
        completionTokens++;
      }
      yield event(choice({ role: 'assistant', content: previous ?? '' }, ending ? finishReason : null), true);
    } else {
      yield event(choice({ role: 'assistant', content: '', refusal: null }, null));
      yield* reasoningFrames(scenario, (delta) => event(choice(delta, null), true));
      for (const delta of repeatedDeltas(scenario)) {
        yield event(choice({ content: delta }, null), true);
        completionTokens++;
      }
      if (scenario.endlessLine) {
        // a content chunk whose JSON string, and line, never close
        yield* endlessLineFrames(`data: ${head}[{"index":0,"delta":{"content":"`);
        return;
      }
      if (ending) yield event(choice({}, finishReason));
    }
    if (scenario.midStreamError) {
      const { message, type, code } = scenario.midStreamError;
      const error = { message, type: type ?? 'server_error', param: null, code: code ?? null };
      yield frame(`data: ${JSON.stringify({ error })}\n\n`);
      return;
    }
    if (!ending) return;
    if (includeUsage) {
      const usage = usageOf(scenario, completion.promptTokens, completionTokens);
      yield frame(`data: ${head}[],"usage":${JSON.stringify(usage)}}\n\n`);
    }
    if (scenario.omitEnd !== 'done') yield frame('data: [DONE]\n\n');
  }

  private sendCompletion(
    context: HandlerContext,
    scenario: Scenario,
    completion: { id: string; created: number; model: string; promptTokens: number },
  ): void {
    const text = scenarioText(scenario);
    const completionTokens = tokenize(text).length;
    const body = {
      id: completion.id,
      object: 'chat.completion',
      created: completion.created,
      model: completion.model,
      choices: [
        { index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: scenario.finishReason ?? 'stop' },
      ],
      usage: usageOf(scenario, completion.promptTokens, completionTokens),
      system_fingerprint: 'fp_fake',
    };
    this.send(context, 200, { 'content-type': 'application/json' }, JSON.stringify(body));
  }

  private sendModels(context: HandlerContext): void {
    const data = this.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: this.variant === 'ollama' ? 'library' : 'system' }));
    this.send(context, 200, { 'content-type': 'application/json' }, JSON.stringify({ object: 'list', data }));
  }
}

/** The chunks of a scenario's reasoning, each built by `event` from its delta, in the form `reasoningField` says. */
function* reasoningFrames(scenario: Scenario, event: (delta: object) => Frame): Generator<Frame> {
  const pieces = scenario.reasoning ?? [];
  if (pieces.length === 0) return;
  const form = scenario.reasoningField ?? 'reasoning_content';
  if (form === 'think-tags') yield event({ content: '<think>\n' });
  for (let round = 0; round < (scenario.repeat ?? 1); round++) {
    for (const piece of pieces) {
      if (form === 'think-tags') yield event({ content: piece });
      else yield event(form === 'reasoning_content' ? { content: null, reasoning_content: piece } : { content: '', reasoning: piece });
    }
  }
  if (form === 'think-tags') yield event({ content: '\n</think>\n\n' });
}

/** Starts an openai fake on 127.0.0.1. */
export function startOpenAiFake(options: OpenAiFakeOptions = {}): Promise<OpenAiFake> {
  return new OpenAiFake(options).start();
}

function countPromptTokens(messages: unknown[]): number {
  let count = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    const parts = Array.isArray(content) ? content : [{ type: 'text', text: content }];
    // text counts by its tokens; an image as OpenAI's low-detail 85 tokens
    for (const part of parts as Array<{ type?: unknown; text?: unknown }>) count += part.type === 'image_url' ? 85 : typeof part.text === 'string' ? tokenize(part.text).length : 0;
    count += 4;
  }
  return count;
}

function usageOf(scenario: Scenario, promptTokens: number, completionTokens: number) {
  const prompt = scenario.usage?.prompt_tokens ?? promptTokens;
  const completion = scenario.usage?.completion_tokens ?? completionTokens;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: scenario.usage?.total_tokens ?? prompt + completion };
}
