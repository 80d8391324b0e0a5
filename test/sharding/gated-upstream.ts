/**
 * A pass-through in front of a fake upstream that can hold one answer mid-stream. Every request
 * goes through unchanged, except that an armed gate lets the next chat completion's first
 * server-sent events through and keeps the rest until the test releases it: so an answer is
 * provably still being written while something else happens (no pacing to outrun).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One held answer. */
export interface Gate {
  /** Resolves once its first events went through and the rest is held. */
  readonly holding: Promise<void>;
  /** Lets the rest of the answer through. */
  release(): void;
}

/** The pass-through. */
export interface GatedUpstream {
  /** Give this to the bot instead of the upstream's own `url` (same path, e.g. `…/v1`). */
  readonly url: string;
  /** Holds the next `POST …/chat/completions` answer after its first `events` events. */
  holdNext(events: number): Gate;
  close(): Promise<void>;
}

/** Starts a pass-through to `upstreamUrl` (an `http://127.0.0.1:port/…` base URL). */
export async function startGatedUpstream(upstreamUrl: string): Promise<GatedUpstream> {
  const target = new URL(upstreamUrl);
  const armed: Array<{ events: number; held: () => void; released: Promise<void> }> = [];
  const server = http.createServer((request, response) => {
    const gate = request.method === 'POST' && request.url?.endsWith('/chat/completions') ? armed.shift() : undefined;
    const forward = http.request({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers;
      response.writeHead(answer.statusCode ?? 502, headers);
      if (gate === undefined) {
        answer.pipe(response);
        return;
      }
      // a stream cut while held (the bot killed, the fakes stopped) just ends here
      passHeld(answer, response, gate).catch(() => response.destroy());
    });
    forward.on('error', () => response.destroy());
    // the bot gave up (a stop, a timeout, a crash): so does the upstream request
    response.on('close', () => forward.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    holdNext(events) {
      let held!: () => void;
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed.push({ events, held, released });
      return { holding, release };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes `answer`'s first `gate.events` events (each ending in a blank line) at once, the rest once released. */
async function passHeld(answer: http.IncomingMessage, response: http.ServerResponse, gate: { events: number; held: () => void; released: Promise<void> }): Promise<void> {
  const write = (piece: Buffer) => void (response.destroyed || response.write(piece));
  let passed = 0;
  let previous = 0;
  let isReleased = false;
  const kept: Buffer[] = [];
  void gate.released.then(() => {
    isReleased = true;
    kept.splice(0).forEach(write);
  });
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    if (passed >= gate.events) {
      if (isReleased) write(chunk);
      else kept.push(chunk);
      continue;
    }
    // events end in "\n\n", which a write may cut in two
    let cut = chunk.length;
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      if (byte === 10 && previous === 10 && ++passed === gate.events) {
        cut = index + 1;
        break;
      }
      previous = byte === 10 && previous === 10 ? 0 : byte;
    }
    write(chunk.subarray(0, cut));
    if (passed >= gate.events) {
      kept.push(chunk.subarray(cut));
      gate.held();
    }
  }
  await gate.released;
  kept.splice(0).forEach(write);
  response.end();
}
