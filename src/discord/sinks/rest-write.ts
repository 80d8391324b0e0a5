import { DiscordAPIError, HTTPError, RateLimitError, RequestMethod, type REST, type RouteLike } from 'discord.js';
import { SinkError, sinkErrorReasonFor, type RateLimitInfo, type SinkResult } from '../../reply/message-sink.ts';

/** Mentions are never parsed: model output must not ping anyone, on sends and on edits. */
export const noMentions: { parse: [] } = { parse: [] };

/** One message write through discord.js's REST queue (which still paces and retries 429s). */
export interface RestWrite {
  /** The route, e.g. `/channels/1/messages`. */
  route: RouteLike;
  /** POST to create, PATCH to edit. */
  method: 'POST' | 'PATCH';
  /** JSON body; `allowed_mentions` is always added. */
  body: Record<string, unknown>;
  /** Webhook routes of interactions are authorised by their token, not the bot's. */
  auth: boolean;
  /** Query string, e.g. `wait=true`. */
  query?: URLSearchParams;
}

/**
 * Sends a write and returns the message id with what Discord's rate-limit headers said, so the
 * reply streamer can pace the next write. Failures become `SinkError`s classed by Discord code.
 */
export async function restWrite(rest: REST, write: RestWrite): Promise<SinkResult> {
  let response;
  try {
    response = await rest.queueRequest({
      fullRoute: write.route,
      method: write.method === 'POST' ? RequestMethod.Post : RequestMethod.Patch,
      body: { ...write.body, allowed_mentions: noMentions },
      auth: write.auth,
      query: write.query,
    });
  } catch (error) {
    throw toSinkError(error);
  }
  const message = (await response.json()) as { id: string };
  return { messageId: message.id, rateLimit: rateLimitOf(response.headers, write.route) };
}

/** Reads Discord's `X-RateLimit-*` headers. The bucket includes the route's major parameter. */
export function rateLimitOf(headers: Headers, route: RouteLike): RateLimitInfo | undefined {
  const remaining = headers.get('x-ratelimit-remaining');
  if (remaining === null) return undefined;
  const limit = headers.get('x-ratelimit-limit');
  const resetAfter = headers.get('x-ratelimit-reset-after');
  const major = /^\/(?:channels|guilds|webhooks)\/\d+(?:\/[^/]+)?/.exec(route)?.[0] ?? route;
  return {
    remaining: Number(remaining),
    limit: limit === null ? undefined : Number(limit),
    resetAfterMs: resetAfter === null ? undefined : Math.ceil(Number(resetAfter) * 1000),
    bucket: `${headers.get('x-ratelimit-bucket') ?? 'unknown'}:${major}`,
  };
}

function toSinkError(error: unknown): SinkError {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    return new SinkError({ reason: sinkErrorReasonFor(code, error.status), discordCode: code, status: error.status, message: error.message, cause: error });
  }
  if (error instanceof RateLimitError) return new SinkError({ reason: 'rate-limited', retryAfterMs: error.retryAfter, message: error.message, cause: error });
  if (error instanceof HTTPError) return new SinkError({ reason: 'other', status: error.status, message: error.message, cause: error });
  return new SinkError({ reason: 'other', message: error instanceof Error ? error.message : String(error), cause: error });
}
