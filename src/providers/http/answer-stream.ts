import type { Dispatcher } from 'undici';
import { ProviderError } from '../../model/provider-error.ts';
import type { StreamPart } from '../../model/stream-part.ts';
import { keepSurrogatePairsWhole } from '../whole-characters.ts';
import type { BodyReader } from './body-reader.ts';
import type { HttpTransport } from './http-transport.ts';
import { retryDelayMs } from './retry-policy.ts';
import { StreamWatchdog } from './stream-watchdog.ts';

/** What one provider protocol brings to an answer; the rest is `streamAnswer`'s. */
export interface AnswerAttempt<Event> {
  /**
   * Sends the request(s) that start the answer, each with `signal` (the caller's abort and the
   * first-token clock), and resolves to the successful response whose body is the answer.
   */
  open(signal: AbortSignal): Promise<Dispatcher.ResponseData>;
  /** Frames and checks the body: `serverSentEvents(kind)` or `plainText`. */
  read: BodyReader<Event>;
  /**
   * The answer's parts from the body's events: deltas, then one finish part. Throws a `cut`
   * ProviderError when the body ended before the protocol's end marker. Every delta it yields
   * counts as the model's activity; `progress` is for model output it holds back for now (a
   * `<think>` tag not yet complete), which is activity too.
   */
  decode(events: AsyncIterable<Event>, progress: () => void): AsyncIterable<StreamPart>;
  /** Runs once the attempt is over, however it ended (h2o deletes its conversation). */
  close?(): Promise<void>;
}

/**
 * The one HTTP path of every provider: send → watchdog → decode → parts. For each attempt
 * (`attempt()` builds a fresh one) it arms a watchdog on the first-token deadline, which all
 * attempts share; opens; reads and decodes the body; counts every text or reasoning delta as the
 * model's activity for the idle clock (a reasoning model may think for minutes before a visible
 * word; keep-alives yield nothing and do not count); and always disposes of the watchdog, the
 * body and the attempt. Failures before the first part are retried as `retryDelayMs` allows.
 * Deltas come out with surrogate pairs whole, whatever the upstream split.
 */
export async function* streamAnswer<Event>(
  transport: HttpTransport,
  provider: string,
  signal: AbortSignal | undefined,
  attempt: () => AnswerAttempt<Event>,
): AsyncGenerator<StreamPart> {
  const firstTokenDeadline = transport.clock.now() + transport.config.firstTokenTimeoutMs;
  for (let retry = 0; ; retry += 1) {
    let yielded = false;
    try {
      for await (const part of keepSurrogatePairsWhole(runAttempt(transport, provider, signal, attempt(), firstTokenDeadline))) {
        yielded = true;
        yield part;
      }
      return;
    } catch (error) {
      const delayMs = signal?.aborted ? undefined : retryDelayMs({ error, retry, yielded, now: transport.clock.now(), firstTokenDeadline }, transport.config, transport.random);
      if (delayMs === undefined) throw error;
      try {
        await transport.sleep(delayMs, signal);
      } catch {
        throw new ProviderError({ provider, kind: 'aborted', message: 'the request was cancelled' });
      }
    }
  }
}

async function* runAttempt<Event>(
  transport: HttpTransport,
  provider: string,
  signal: AbortSignal | undefined,
  attempt: AnswerAttempt<Event>,
  firstTokenDeadline: number,
): AsyncGenerator<StreamPart> {
  const { firstTokenTimeoutMs, idleTimeoutMs } = transport.config;
  const firstTokenWithinMs = Math.max(0, firstTokenDeadline - transport.clock.now());
  const watchdog = new StreamWatchdog({ provider, timers: transport.clock, firstTokenTimeoutMs, firstTokenWithinMs, idleTimeoutMs, signal });
  let response: Dispatcher.ResponseData | undefined;
  try {
    watchdog.startFirstToken();
    response = await attempt.open(watchdog.signal);
    const events = attempt.read({ transport, provider, response, signal: watchdog.signal });
    for await (const part of attempt.decode(events, () => watchdog.tokenArrived())) {
      if (part.type !== 'finish' && part.text !== '') watchdog.tokenArrived();
      yield part;
    }
  } catch (error) {
    // a read of the protocol's own (h2o's JSON answers) cut by a timeout or the caller: say which
    throw watchdog.signal.aborted ? transport.networkError(provider, error, watchdog.signal) : error;
  } finally {
    watchdog.dispose();
    // a body the decoder left unread (it ended early, or never started) still holds a socket
    response?.body.destroy();
    await attempt.close?.();
  }
}
