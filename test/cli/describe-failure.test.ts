import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure } from '../../src/cli/describe-failure.ts';
import { ProviderError } from '../../src/model/provider-error.ts';

test('GIVEN a rate limit with retry-after THEN the CLI says when to try again', () => {
  const error = new ProviderError({ provider: 'openai', kind: 'rate-limited', message: 'too many requests', status: 429, retryAfterSeconds: 999_999 });
  assert.equal(describeFailure(error), 'openai: rate-limited (HTTP 429): too many requests; try again in about 12 days');
  const soon = new ProviderError({ provider: 'openai', kind: 'rate-limited', message: 'slow down', status: 429, retryAfterSeconds: 300 });
  assert.equal(describeFailure(soon), 'openai: rate-limited (HTTP 429): slow down; try again in 5 minutes');
});
