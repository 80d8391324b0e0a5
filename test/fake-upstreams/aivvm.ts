/**
 * A fake aivvm (protocols.md, "aivvm"): chatbot-ui 1.0's `POST /api/chat`, which answers with the
 * plain UTF-8 text of the answer (no SSE), streamed in pieces, and reports failures as HTTP 500
 * with body `Error` and the reason in the status text.
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

/** Builders for chatbot-ui's error answer. */
export const aivvmErrors = {
  /** 500 with body `Error`; the reason goes in the status text, as chatbot-ui does. */
  upstream: (reason = 'OpenAI API returned an error: The server is overloaded'): ErrorAnswer => ({
    status: 500,
    body: 'Error',
    statusText: reason,
  }),
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
    if (mediaType(record.headers['content-type']) !== 'application/json') {
      return this.sendError(context, aivvmErrors.upstream('Expected content-type application/json'));
    }
    const body = record.parsedBody as { model?: { id?: unknown; name?: unknown }; messages?: unknown } | undefined;
    if (!body || !Array.isArray(body.messages)) return this.sendError(context, aivvmErrors.upstream('Invalid request body'));
    const model = body.model;
    if (typeof model?.id !== 'string' || AIVVM_MODELS[model.id] === undefined) {
      const shown = typeof model?.id === 'string' ? model.id : String(model?.id);
      return this.sendError(context, aivvmErrors.upstream(`OpenAI API returned an error: The model ${shown} does not exist`));
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
