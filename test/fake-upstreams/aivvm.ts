/**
 * A fake aivvm (protocols.md, "aivvm"): chatbot-ui 1.0's `POST /api/chat`, which answers with the
 * plain UTF-8 text of the answer (no SSE), streamed in pieces, and reports failures as HTTP 500
 * with body `Error`: chatbot-ui's `new Response('Error', { status: 500, statusText: message })`
 * for an OpenAI error (its `error.message` becomes the reason phrase), and a bare
 * `new Response('Error', { status: 500 })` (the standard phrase) for anything else.
 */
import { frame, type Frame } from './body-writer.ts';
import { FakeUpstream, mediaType, type FakeOptions, type HandlerContext } from './common.ts';
import { repeatedDeltas, type ErrorAnswer, type Scenario } from './scenario.ts';

/** The models of chatbot-ui 1.0 as aivvm listed them: id → name. */
export const AIVVM_MODELS: Record<string, string> = {
  'gpt-3.5-turbo': 'GPT-3.5',
  'gpt-3.5-turbo-0613': 'GPT-3.5-0613',
  'gpt-3.5-turbo-16k': 'GPT-3.5-16K',
  'gpt-3.5-turbo-16k-0613': 'GPT-3.5-16K-0613',
  'gpt-4': 'GPT-4',
  'gpt-4-0613': 'GPT-4-0613',
  'gpt-4-32k': 'GPT-4-32K',
  'gpt-4-32k-0613': 'GPT-4-32K-0613',
};

/** The default system message, exactly. */
export const AIVVM_DEFAULT_PROMPT =
  "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.";

/** Builders for chatbot-ui's error answers. */
export const aivvmErrors = {
  /** An OpenAI error passed on: 500, body `Error`, OpenAI's `error.message` as the reason phrase. */
  upstream: (reason = 'The server had an error while processing your request. Sorry about that!'): ErrorAnswer => ({
    status: 500,
    body: 'Error',
    statusText: reason,
  }),
  /** The site's own OpenAI key refused (OpenAI's 401 message, key masked as OpenAI masks it). */
  invalidApiKey: (): ErrorAnswer =>
    aivvmErrors.upstream('Incorrect API key provided: sk-abc12***************************wxyz. You can find your API key at https://platform.openai.com/account/api-keys.'),
  /** OpenAI's 429 passed on: still a 500, the rate limit only in the words. */
  rateLimited: (): ErrorAnswer => aivvmErrors.upstream('Rate limit reached for default-gpt-3.5-turbo in organization org-fake on requests per min. Limit: 3 / min.'),
  /** Any other failure (a bad body, a network error): 500 `Error` with the standard reason phrase. */
  internal: (): ErrorAnswer => ({ status: 500, body: 'Error' }),
};

/** The aivvm fake. `url` is the root. */
export class AivvmFake extends FakeUpstream {
  readonly kind = 'aivvm' as const;

  constructor(options: FakeOptions = {}) {
    super(options);
  }

  protected async handle(context: HandlerContext): Promise<void> {
    const { record } = context;
    if (record.method !== 'POST' || record.path.split('?')[0] !== '/api/chat') {
      return this.send(context, 404, { 'content-type': 'text/plain' }, 'Not found');
    }
    // `req.json()` failing, or a body without messages, throws before OpenAI is asked: no reason
    if (mediaType(record.headers['content-type']) !== 'application/json') return this.sendError(context, aivvmErrors.internal());
    const body = record.parsedBody as { model?: { id?: unknown; name?: unknown }; messages?: unknown } | undefined;
    if (!body || !Array.isArray(body.messages)) return this.sendError(context, aivvmErrors.internal());
    const model = body.model;
    if (typeof model?.id !== 'string' || AIVVM_MODELS[model.id] === undefined) {
      // chatbot-ui passes the id on; OpenAI's 404 message comes back as the reason
      const shown = typeof model?.id === 'string' ? model.id : String(model?.id);
      return this.sendError(context, aivvmErrors.upstream(`The model \`${shown}\` does not exist or you do not have access to it.`));
    }
    const scenario = this.takeScenario();
    if (scenario.error) return this.sendError(context, scenario.error);
    // chatbot-ui's controller.error() on an upstream failure cuts the body: model it as a drop
    const effective: Scenario = scenario.midStreamError
      ? { ...scenario, dropAfterBytes: Math.min(scenario.dropAfterBytes ?? Infinity, textBytes(scenario)) }
      : scenario;
    // `new Response(stream)`: no content-type, chunked
    await this.stream(context, 200, {}, textFrames(scenario), effective);
  }
}

/** Starts an aivvm fake on 127.0.0.1. */
export function startAivvmFake(options: FakeOptions = {}): Promise<AivvmFake> {
  return new AivvmFake(options).start();
}

function* textFrames(scenario: Scenario): Generator<Frame> {
  for (const delta of repeatedDeltas(scenario)) yield frame(delta, true);
}

function textBytes(scenario: Scenario): number {
  let bytes = 0;
  for (const delta of repeatedDeltas(scenario)) bytes += Buffer.byteLength(delta);
  return bytes;
}
