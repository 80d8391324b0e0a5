import type { IncomingHttpHeaders } from 'node:http';

/**
 * The cookies of one chat-ui session. chat-ui keys the conversation to its `hf-chat` cookie,
 * so every request of a session must send what earlier answers set. Deliberately minimal:
 * one origin, no expiry or path rules, since a session lasts a few seconds.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Remembers the cookies a response sets (an empty value deletes one). */
  store(headers: IncomingHttpHeaders): void {
    const setCookie = headers['set-cookie'];
    const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    for (const line of lines) {
      const pair = line.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The `cookie` request header, or no header when the jar is empty. */
  header(): Record<string, string> {
    if (this.#cookies.size === 0) return {};
    return { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}
