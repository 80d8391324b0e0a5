import type { FakeEventBus } from './events.ts';
import type { RecordedRequest } from './types.ts';

/** The request log: every REST request with its answer, and the count of 429s sent. */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];
  /** Requests the fake failed on itself (a bug in the fake, or a path it does not model). */
  readonly internalErrors: Array<{ request: RecordedRequest; error: unknown }> = [];
  rateLimitCount = 0;
  readonly #events: FakeEventBus;

  constructor(events: FakeEventBus) {
    this.#events = events;
  }

  /** Stores one answered request and reports it (and its 429, if it was one). */
  record(entry: Omit<RecordedRequest, 'id'>, details: { rateLimited: boolean; global: boolean; error?: unknown }): RecordedRequest {
    const request: RecordedRequest = { id: this.requests.length + 1, ...entry };
    this.requests.push(request);
    if (details.error !== undefined) this.internalErrors.push({ request, error: details.error });
    if (details.rateLimited) {
      this.rateLimitCount += 1;
      this.#events.report({ type: 'rateLimited', request, global: details.global });
    }
    this.#events.report({ type: 'request', request });
    return request;
  }
}
