/**
 * REST outages a test switches on and off: while one is on, the requests it matches get a 5xx
 * before auth, rate limits or routing, as when Discord's edge (Cloudflare, Envoy) cannot reach
 * the API. Discord's edge answers such failures with a plain-text body, not a JSON error, so
 * `@discordjs/rest` retries them a few times and then throws an `HTTPError`.
 */

/** What an outage can look at to decide whether a request fails. */
export interface OutageRequest {
  method: string;
  /** The path after `/api/v10`, e.g. `/webhooks/1/token/messages/@original`. */
  path: string;
  /** Whether the request carried the bot token (interaction webhooks do not). */
  withBotToken: boolean;
}

/** Settings of one outage. */
export interface OutageOptions {
  /** The status answered. Default 503. */
  status?: number;
  /** Which requests fail. Default: every REST request. */
  where?: (request: OutageRequest) => boolean;
}

/** A running outage. */
export interface OutageHandle {
  /** How many requests it failed so far. */
  readonly failed: number;
  /** Ends it: requests reach their routes again. */
  end(): void;
}

interface ActiveOutage {
  status: number;
  where: (request: OutageRequest) => boolean;
  failed: number;
}

/** The body Discord's edge sends with a 503 when the API behind it is unreachable. */
export const OUTAGE_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';

/** The outages in force. */
export class Outages {
  readonly #active = new Set<ActiveOutage>();

  /** Starts an outage; it lasts until its handle's `end()`. */
  start(options: OutageOptions = {}): OutageHandle {
    const outage: ActiveOutage = { status: options.status ?? 503, where: options.where ?? (() => true), failed: 0 };
    this.#active.add(outage);
    return {
      get failed() {
        return outage.failed;
      },
      end: () => void this.#active.delete(outage),
    };
  }

  /** The status to fail `request` with, or undefined when no outage covers it. */
  statusFor(request: OutageRequest): number | undefined {
    for (const outage of this.#active) {
      if (!outage.where(request)) continue;
      outage.failed += 1;
      return outage.status;
    }
    return undefined;
  }
}
