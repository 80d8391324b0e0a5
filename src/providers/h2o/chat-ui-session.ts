import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { StreamRequest } from '../../model/provider.ts';
import type { HttpRequest, HttpTransport } from '../http/http-transport.ts';
import { readJson } from '../http/json-body.ts';
import { CookieJar } from './cookie-jar.ts';
import { h2oDefaultParameters } from './h2o-models.ts';
import { flattenConversation } from './prompt.ts';

const providerId = 'h2o';

/** chat-ui's answer to `POST /conversation`. */
const createdConversation = z.looseObject({ conversationId: z.string().regex(/^[0-9a-f]{24}$/i) });

/**
 * One chat-ui session, the requests of one answer: a cookie jar (chat-ui keys the conversation
 * to its `hf-chat` cookie) plus the same-origin headers its form posts need.
 */
export class ChatUiSession {
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
    const response = await this.#send('POST', '/conversation', json({ model: upstreamModel }), signal);
    const body = await readJson(this.#transport, providerId, response, createdConversation, 'a conversation id', signal);
    return body.conversationId;
  }

  /** Sends the prompt; the response's body is the TGI event stream of the answer. */
  sendPrompt(conversationId: string, request: StreamRequest, maxNewTokens: number, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
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
    return this.#send('POST', `/conversation/${conversationId}`, json(body), signal);
  }

  /** Deletes the conversation; failures are ignored, it is only housekeeping. */
  async deleteConversation(conversationId: string): Promise<void> {
    try {
      // its own clock: the answer's signal may be spent (aborted, timed out)
      const response = await this.#send('DELETE', `/conversation/${conversationId}`, undefined, AbortSignal.timeout(this.#transport.config.connectTimeoutMs));
      await response.body.dump();
    } catch {
      // the upstream will expire it on its own
    }
  }

  async #request(method: 'GET' | 'POST', path: string, payload: Payload | undefined, signal: AbortSignal, redirectExpected = false): Promise<void> {
    const response = await this.#send(method, path, payload, signal, redirectExpected);
    await response.body.dump();
  }

  async #send(method: HttpRequest['method'], path: string, payload: Payload | undefined, signal: AbortSignal, redirectExpected = false): Promise<Dispatcher.ResponseData> {
    const response = await this.#transport.send(providerId, {
      url: `${this.#baseUrl}${path}`,
      method,
      // chat-ui rejects cross-site form posts: a same-origin Referer and Origin mark ours
      headers: { ...this.#cookies.header(), referer: `${this.#baseUrl}/`, origin: this.#baseUrl, ...(payload === undefined ? {} : { 'content-type': payload.type }), accept: '*/*' },
      body: payload?.body,
      signal,
      redirectExpected,
    });
    this.#cookies.store(response.headers);
    return response;
  }
}

interface Payload {
  type: string;
  body: string;
}

function json(value: unknown): Payload {
  return { type: 'application/json', body: JSON.stringify(value) };
}
