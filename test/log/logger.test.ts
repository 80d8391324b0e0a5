import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/log/logger.ts';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger', () => {
  const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.secret-bot-token-value';
  const apiKey = 'sk-proj-abcdefghijklmnop';

  for (const format of ['json', 'pretty'] as const) {
    it(`GIVEN ${format} output WHEN secrets appear in fields, messages and errors THEN none reaches the log`, () => {
      const output = collector();
      const logger = createLogger({ level: 'info', format, secrets: [token, apiKey], destination: output.stream });
      logger.info({ token, config: { apiKey }, headers: { authorization: `Bot ${token}` } }, 'starting');
      logger.error({ err: new Error(`request to https://x/${apiKey} failed with Bearer ${apiKey}`) }, `login with ${token} failed`);
      const text = output.text();
      assert.match(text, /starting/);
      assert.match(text, /login with \[REDACTED\] failed/);
      assert.doesNotMatch(text, /secret-bot-token-value|sk-proj-abcdefghijklmnop/);
    });
  }
});
