import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createLogger } from '../../src/log/logger.ts';
import { redactSecrets } from '../../src/log/redact-secrets.ts';

const apiKey = 'sk-proj-Zq81XbW2kLm9Np4rTs6Vu0Yw';
const botToken = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.secret-bot-token-value';

function logLines(format: 'json' | 'pretty', log: (logger: ReturnType<typeof createLogger>) => void, secrets = [apiKey, botToken]): string {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  log(createLogger({ level: 'info', format, secrets, destination }));
  return chunks.join('');
}

/** Every stretch of `length` characters of `secret`'s base64 that `secret` alone decides, at each byte alignment. */
function base64Stretches(secret: string, length: number): string[] {
  const stretches: string[] = [];
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const alignment of [0, 1, 2]) {
      const encoded = Buffer.concat([Buffer.alloc(alignment, 0x41), Buffer.from(secret)]).toString(encoding);
      const decided = encoded.slice(Math.ceil((alignment * 4) / 3), Math.floor(((alignment + Buffer.byteLength(secret)) * 4) / 3));
      for (let start = 0; start + length <= decided.length; start += 1) stretches.push(decided.slice(start, start + length));
    }
  }
  return stretches;
}

function assertNoTrace(text: string, secret: string): void {
  for (let start = 0; start + 10 <= secret.length; start += 1) assert.ok(!text.includes(secret.slice(start, start + 10)), `a piece of the secret leaked: ${text}`);
  for (const stretch of base64Stretches(secret, 12)) assert.ok(!text.includes(stretch), `base64 of the secret leaked (${stretch}): ${text}`);
}

describe('log redaction', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`GIVEN ${format} output WHEN a key leaks as base64 of "Bearer <key>", as a truncated prefix, or inside Basic credentials THEN no trace of it is written`, () => {
      const text = logLines(format, (logger) => {
        logger.warn(
          {
            proxy: Buffer.from(`Bearer ${apiKey}`).toString('base64'),
            basic: `Basic ${Buffer.from(`user:${apiKey}`).toString('base64')}`,
            gateway: Buffer.from(`Bot ${botToken}`).toString('base64url'),
            shortened: `${apiKey.slice(0, 18)}…`,
          },
          `upstream said: invalid key ${Buffer.from(apiKey).toString('base64')} (${encodeURIComponent(`${botToken}/x`)})`,
        );
      });
      assert.match(text, /upstream said: invalid key/);
      assertNoTrace(text, apiKey);
      assertNoTrace(text, botToken);
    });

    it(`GIVEN ${format} output WHEN credentials sit in headers, request options or raw header lists at any depth THEN they are blanked even when their values are not known secrets`, () => {
      const unknownKey = 'not-a-configured-secret-123456';
      const failure = Object.assign(new Error('request failed'), {
        options: { origin: 'https://api.example', headers: { Authorization: `Bearer ${unknownKey}`, 'x-request-id': 'req-1' } },
        request: { rawHeaders: ['host', 'api.example', 'x-api-key', unknownKey] },
      });
      const text = logLines(format, (logger) => {
        logger.warn({ err: failure, config: { endpoint: { apiKey: unknownKey, contextTokens: 8192 } }, OPENAI_API_KEY: unknownKey, maxTokens: 512 }, 'provider failed');
      });
      assert.doesNotMatch(text, /not-a-configured-secret/);
      // everything that is not a credential is still there
      for (const kept of ['request failed', 'req-1', 'api.example', '8192', '512', 'provider failed']) assert.ok(text.includes(kept), `${kept} missing: ${text}`);
      if (format === 'json') {
        const line = JSON.parse(text) as { err: { type: string; message: string; options: { headers: Record<string, string> } } };
        assert.equal(line.err.type, 'Error');
        assert.equal(line.err.options.headers['Authorization'], '[REDACTED]');
      }
    });
  }

  it('GIVEN an object logged with a credential THEN the caller\'s object is left as it was', () => {
    const headers = { authorization: `Bearer ${apiKey}` };
    logLines('json', (logger) => logger.info({ headers }, 'sent'));
    assert.equal(headers.authorization, `Bearer ${apiKey}`);
  });

  it('GIVEN a short secret THEN only the whole value is blanked, never ordinary text sharing its start', () => {
    assert.equal(redactSecrets('key abc123 and abc12 and abc1234', ['abc123']), 'key [REDACTED] and abc12 and [REDACTED]4');
  });

  it('GIVEN any long secret and any text around it, in any base64 alignment or cut short THEN no 10 characters of it and no 12 of its base64 survive', () => {
    const secretCharacters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: secretCharacters, minLength: 16, maxLength: 90 }),
        fc.string({ maxLength: 6 }),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 10, max: 90 }),
        fc.constantFrom('base64', 'base64url', 'plain'),
        (secret, before, after, keptLength, encoding) => {
          const leaked = `${before}${secret.slice(0, keptLength)}${after}`;
          const text = `x ${encoding === 'plain' ? leaked : Buffer.from(leaked).toString(encoding)} y`;
          const redacted = redactSecrets(text, [secret]);
          const shown = secret.slice(0, keptLength);
          if (encoding === 'plain') assertNoTrace(redacted, shown);
          else for (const stretch of base64Stretches(shown, 12)) assert.ok(!redacted.includes(stretch), `${stretch} in ${redacted}`);
        },
      ),
    );
  });
});
