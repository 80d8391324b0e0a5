import { randomUUID } from 'node:crypto';
import { ProviderError } from '../../model/provider-error.ts';
import { eventStream } from '../http/body-stream.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import type { StreamWatchdog } from '../http/stream-watchdog.ts';
import { withRetries } from '../http/with-retries.ts';
import { probe } from '../http/probe.ts';
import { failedStream } from '../failed-stream.ts';
import type { AnswerDefaults } from '../answer-defaults.ts';
import type { ModelInfo, Provider, StreamRequest } from '../../model/provider.ts';
import type { StreamPart } from '../../model/stream-part.ts';
import { CookieJar } from './cookie-jar.ts';
import { h2oContextTokens, h2oDefaultParameters, h2oModels, maxNewTokensFor } from './h2o-models.ts';
import { flattenConversation } from './prompt.ts';
import { parseTgiEvent } from './tgi-event.ts';
import { modelInfo } from '../../model/model-id.ts';

/** Settings of the h2o provider. */
export interface H2oProviderConfig {
  /** chat-ui's origin, e.g. `https://gpt-gm.h2o.ai`. */
  baseUrl: string;
}

const providerId = 'h2o';

/**
 * h2o's Hugging Face chat-ui: each answer is a session of five requests sharing cookies —
 * GET / (cookie), POST /settings (accept the ethics modal, pick the model), POST /conversation,
 * POST /conversation/<id> (the TGI stream), and DELETE /conversation/<id>, also after failures.
 */
export function createH2oProvider(config: H2oProviderConfig, transport: HttpTransport, defaults: AnswerDefaults = {}): Provider {
  const models: ModelInfo[] = Object.keys(h2oModels).map((model) => modelInfo(providerId, model, h2oContextTokens));
  // own keys only: `constructor` and the like are not models
  const upstreamModelOf = (model: string): string | undefined => (Object.hasOwn(h2oModels, model) ? h2oModels[model] : undefined);

  async function* attempt(request: StreamRequest, upstreamModel: string, firstTokenDeadline: number): AsyncGenerator<StreamPart> {
    const session = new ChatUiSession(config.baseUrl, transport);
    const watchdog = transport.watchdog(providerId, request.signal, firstTokenDeadline);
    let conversationId: string | undefined;
    try {
      watchdog.startFirstToken();
      await session.open(upstreamModel, watchdog.signal);
      conversationId = await session.createConversation(upstreamModel, watchdog.signal);
      yield* session.streamAnswer(conversationId, request, maxNewTokensFor(request.maxTokens, defaults.maxTokens), watchdog);
    } finally {
      watchdog.dispose();
      if (conversationId !== undefined) await session.deleteConversation(conversationId);
    }
  }

  return {
    id: providerId,
    checkReachable: (signal) => probe(transport, providerId, `${config.baseUrl}/`, {}, signal),
    listModels: async () => models,
    knowsModel: (model) => upstreamModelOf(model) !== undefined,
    stream(request) {
      const upstreamModel = upstreamModelOf(request.model);
      if (upstreamModel === undefined) return failedStream(unknownModel(request.model));
      return withRetries(transport, request.signal, (deadline) => attempt(request, upstreamModel, deadline));
    },
  };
}

function unknownModel(model: string): ProviderError {
  return new ProviderError({ provider: providerId, kind: 'unknown-model', message: `h2o has no model "${model}"; it offers ${Object.keys(h2oModels).join(', ')}` });
}

/** One chat-ui session: a cookie jar plus the same-origin headers form posts need. */
class ChatUiSession {
  readonly #baseUrl: string;
  readonly #transport: HttpTransport;
  readonly #cookies = new CookieJar();

  constructor(baseUrl: string, transport: HttpTransport) {
    this.#baseUrl = baseUrl;
    this.#transport = transport;
  }

  /** Gets the session cookie, then accepts the ethics modal and selects the model. */
  async open(upstreamModel: string, signal: AbortSignal): Promise<void> {
    await this.#request('GET', '/', undefined, signal);
    const form = new URLSearchParams({
      ethicsModalAccepted: 'true',
      shareConversationsWithModelAuthors: 'true',
      ethicsModalAcceptedAt: '',
      activeModel: upstreamModel,
      searchEnabled: 'true',
    });
    // chat-ui answers the form with 303 to `/`: expected, and not followed
    await this.#request('POST', '/settings', { type: 'application/x-www-form-urlencoded', body: form.toString() }, signal, true);
  }

  /** Creates a conversation and returns its id. */
  async createConversation(upstreamModel: string, signal: AbortSignal): Promise<string> {
    const response = await this.#transport.send(providerId, this.#options('POST', '/conversation', json({ model: upstreamModel }), signal));
    this.#cookies.store(response.headers);
    const body = (await response.body.json().catch(() => ({}))) as { conversationId?: unknown };
    if (typeof body.conversationId !== 'string' || !/^[0-9a-f]{24}$/i.test(body.conversationId)) {
      throw new ProviderError({ provider: providerId, kind: 'upstream', message: 'chat-ui did not return a conversation id' });
    }
    return body.conversationId;
  }

  /** Sends the prompt and yields the answer's parts from the TGI event stream. */
  async *streamAnswer(conversationId: string, request: StreamRequest, maxNewTokens: number, watchdog: StreamWatchdog): AsyncGenerator<StreamPart> {
    const body = {
      inputs: flattenConversation(request.messages),
      parameters: {
        ...h2oDefaultParameters,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        max_new_tokens: maxNewTokens,
      },
      stream: true,
      options: { id: randomUUID(), response_id: randomUUID(), is_retry: false, use_cache: false, web_search_id: '' },
    };
    const response = await this.#transport.send(providerId, this.#options('POST', `/conversation/${conversationId}`, json(body), watchdog.signal));
    for await (const data of eventStream(this.#transport, providerId, response, watchdog)) {
      const event = parseTgiEvent(providerId, data);
      if (event.text !== '') {
        watchdog.tokenArrived();
        yield { type: 'text-delta', text: event.text };
      }
      if (event.end !== undefined) {
        // leaving the loop destroys the body: whatever follows the end is never read
        yield { type: 'finish', reason: event.end };
        return;
      }
    }
    // not retryable: events had come, so TGI had begun generating
    throw new ProviderError({ provider: providerId, kind: 'cut', message: 'the answer stream ended before its final event' });
  }

  /** Deletes the conversation; failures are ignored, it is only housekeeping. */
  async deleteConversation(conversationId: string): Promise<void> {
    try {
      const signal = AbortSignal.timeout(this.#transport.config.connectTimeoutMs);
      const response = await this.#transport.send(providerId, this.#options('DELETE', `/conversation/${conversationId}`, undefined, signal));
      await response.body.dump();
    } catch {
      // the upstream will expire it on its own
    }
  }

  async #request(method: 'GET' | 'POST', path: string, payload: { type: string; body: string } | undefined, signal: AbortSignal, redirectExpected = false): Promise<void> {
    const response = await this.#transport.send(providerId, { ...this.#options(method, path, payload, signal), redirectExpected });
    this.#cookies.store(response.headers);
    await response.body.dump();
  }

  #options(method: 'GET' | 'POST' | 'DELETE', path: string, payload: { type: string; body: string } | undefined, signal: AbortSignal) {
    return {
      url: `${this.#baseUrl}${path}`,
      method,
      // chat-ui rejects cross-site form posts: a same-origin Referer and Origin mark ours
      headers: { ...this.#cookies.header(), referer: `${this.#baseUrl}/`, origin: this.#baseUrl, ...(payload === undefined ? {} : { 'content-type': payload.type }), accept: '*/*' },
      body: payload?.body,
      signal,
    };
  }
}

function json(value: unknown): { type: string; body: string } {
  return { type: 'application/json', body: JSON.stringify(value) };
}
