/**
 * What a fake upstream does for one answer request: the answer text, how its bytes are cut into
 * writes, pacing, stalls, drops and errors. Shared by the h2o, aivvm and openai fakes; fields that
 * only one protocol has say so.
 */

/**
 * How the encoded response body is cut into separate writes (separate TCP chunks).
 * - `'none'` (default): as fast as possible, in large writes.
 * - `'events'`: one write per SSE event (openai, h2o) or per text piece (aivvm).
 * - `'every-byte'`: one write per body byte.
 * - `number[]`: cut at these body byte offsets.
 * - `{ every: n }`: cut every `n` body bytes.
 * Cut pieces are flushed one by one, so a piece can end inside an SSE line or inside a multi-byte
 * UTF-8 character exactly as on a real network.
 */
export type Split = 'none' | 'events' | 'every-byte' | number[] | { every: number };

/** An HTTP error answer: status, body (an object is sent as JSON) and extra headers. */
export interface ErrorAnswer {
  /** HTTP status. */
  status: number;
  /** Body: a string as is, anything else as JSON. Empty when absent. */
  body?: string | object;
  /** Extra response headers (`retry-after`, a different `content-type`, …). */
  headers?: Record<string, string>;
  /** HTTP reason phrase (aivvm carries its reason there). */
  statusText?: string;
}

/** An error reported inside an already started stream. */
export interface MidStreamError {
  /** The message. */
  message: string;
  /** openai: `error.type` (default `server_error`); h2o: `error_type` (default `generation`). */
  type?: string;
  /** openai: `error.code` (default `null`). */
  code?: string | number | null;
}

/** Token counts for the openai usage chunk (missing fields are computed). */
export interface UsageCounts {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/** Comment lines between events (SSE protocols only). */
export interface KeepAlives {
  /** A comment after every `every` events (default 1, and one before the first event). */
  every?: number;
  /** The comment line without its newline (default `: keep-alive` for openai, `:` for h2o). */
  text?: string;
}

/** Behaviour for one answer request. Every field is optional. */
export interface Scenario {
  /** The answer text (default: the fake's default scenario text). */
  text?: string;
  /** Exact delta pieces; overrides tokenizing `text`. */
  deltas?: string[];
  /** Repeat the deltas, and any reasoning pieces, this many times (long answers for benchmarks). Default 1. */
  repeat?: number;
  /** How the body bytes are cut into writes. Default `'none'`. */
  split?: Split;
  /** Pace the tokens at this many per second (first token at once). Default: no pacing. */
  ratePerSecond?: number;
  /** Send nothing at all, not even headers, and keep the connection open. */
  stallBeforeHeaders?: boolean;
  /** Send the headers and this many body bytes, then stop writing and keep the connection open. */
  stallAfterBytes?: number;
  /** Send the headers and this many body bytes, then destroy the socket. */
  dropAfterBytes?: number;
  /** Answer with this HTTP error instead of a stream (see each fake's error helpers). */
  error?: ErrorAnswer;
  /** After the text, report this error in the stream and end it (aivvm: the socket is destroyed). */
  midStreamError?: MidStreamError;
  /**
   * openai: the finish chunk's `finish_reason` (default `stop`).
   * h2o: `details.finish_reason` of the last event; `null` forces `details: null`. When absent,
   * details are sent only if the request asked for them (`parameters.details`).
   */
  finishReason?: string | null;
  /** openai: override the usage chunk's counts (sent when the request asks for usage). */
  usage?: UsageCounts;
  /** Comment lines between events (openai, h2o). `true` means one before and after each event. */
  keepAlives?: boolean | KeepAlives;
  /**
   * A cut stream. openai: no finish chunk, no usage, no `[DONE]` (`'done'`: only `[DONE]` is
   * left out). h2o: no `<|endoftext|>`, no final event with `generated_text`.
   */
  omitEnd?: boolean | 'done';
  /**
   * h2o: how `<|endoftext|>` is sent. `'special'` (default): a token with `special: true`, as TGI
   * sends an eos token; `'text'`: an ordinary token with `special: false` (what the seed stops
   * on); `'none'`: not sent (the answer ends by length).
   */
  endOfText?: 'special' | 'text' | 'none';
  /** h2o: ordinary tokens sent after `<|endoftext|>` (not part of the answer). */
  tokensAfterEndOfText?: string[];
  /** h2o: special tokens (`special: true`) inserted before the text token with index `at`. */
  specialTokens?: Array<{ at: number; text: string }>;
  /** h2o: the last event's `generated_text` (default: every non-special token's text). */
  generatedText?: string;
  /**
   * openai: reasoning pieces streamed before the answer, one chunk each, in the form
   * `reasoningField` says; paced like tokens by `ratePerSecond`.
   */
  reasoning?: string[];
  /**
   * openai: how reasoning is sent. `reasoning_content` (default): `delta.reasoning_content`
   * with `content: null`, as DeepSeek's API and vLLM's reasoning parsers do; `reasoning`:
   * `delta.reasoning` with `content: ""`, as OpenRouter (and newer vLLM and Ollama) do;
   * `think-tags`: in the content itself, `<think>\n`, the pieces, `\n</think>\n\n`, then the
   * answer, as a model served without a reasoning parser writes it.
   */
  reasoningField?: 'reasoning_content' | 'reasoning' | 'think-tags';
  /**
   * openai, h2o: after the text, start one more token event whose line never ends: an
   * unbounded run of `a` in 64 KiB writes (back-pressured), until the client closes.
   */
  endlessLine?: boolean;
}

/**
 * Answers that are not the protocol's stream, for the `error` field (which sends any status
 * and body): what proxies, login walls and misconfigured servers send with a 200 or a 3xx.
 */
export const notAStream = {
  /** 200 with an HTML page (a login wall, a proxy's error page, a Cloudflare challenge). */
  htmlPage: (): ErrorAnswer => ({
    status: 200,
    body: '<!doctype html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
    headers: { 'content-type': 'text/html; charset=utf-8' },
  }),
  /** 200 `text/event-stream` whose body holds no event at all. */
  eventStreamWithoutEvents: (): ErrorAnswer => ({
    status: 200,
    body: 'Service temporarily unavailable\n',
    headers: { 'content-type': 'text/event-stream' },
  }),
  /** A redirect (302 by default) to `location`, with no body. */
  redirect: (location = '/login', status = 302): ErrorAnswer => ({ status, headers: { location } }),
};

/** The text a fake answers with when no scenario says otherwise. */
export const DEFAULT_ANSWER_TEXT = 'Hello from the fake upstream.';

/** Splits text into small word-ish tokens whose concatenation is exactly the text. */
export function tokenize(text: string): string[] {
  // leading whitespace plus up to 8 code points, or trailing whitespace; never splits a surrogate pair
  return text.match(/\s*\S{1,8}|\s+/gu) ?? [];
}

/** The delta pieces of a scenario, before `repeat`. */
export function scenarioDeltas(scenario: Scenario): string[] {
  return scenario.deltas ?? tokenize(scenario.text ?? DEFAULT_ANSWER_TEXT);
}

/** The full answer text of a scenario, `repeat` included. */
export function scenarioText(scenario: Scenario): string {
  return scenarioDeltas(scenario).join('').repeat(scenario.repeat ?? 1);
}

/** Iterates the deltas `repeat` times without building the whole list. */
export function* repeatedDeltas(scenario: Scenario): Generator<string> {
  const deltas = scenarioDeltas(scenario);
  const times = scenario.repeat ?? 1;
  for (let round = 0; round < times; round++) yield* deltas;
}

/**
 * Returns a function giving the next cut offset strictly after `offset`, or Infinity.
 * `'none'` and `'events'` have no byte cuts.
 */
export function cutFinder(split: Split | undefined): (offset: number) => number {
  if (split === undefined || split === 'none' || split === 'events') return () => Infinity;
  if (split === 'every-byte') return (offset) => offset + 1;
  if (Array.isArray(split)) {
    const cuts = [...new Set(split)].filter((cut) => cut > 0).sort((a, b) => a - b);
    let next = 0;
    return (offset) => {
      while (next < cuts.length && (cuts[next] ?? 0) <= offset) next++;
      return cuts[next] ?? Infinity;
    };
  }
  const every = Math.max(1, Math.floor(split.every));
  return (offset) => (Math.floor(offset / every) + 1) * every;
}
