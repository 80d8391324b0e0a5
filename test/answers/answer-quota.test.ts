import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerQuota } from '../../src/answers/answer-quota.ts';

describe('AnswerQuota', () => {
  it('GIVEN a limit of 2 THEN a third answer at once is refused until one is given back, per person', async () => {
    const quota = new AnswerQuota(2);
    const first = quota.claim('ann');
    const second = quota.claim('ann');
    assert.ok(first && second);
    assert.equal(quota.claim('ann'), undefined);
    assert.ok(quota.claim('bob'), 'another person has places of their own');
    first();
    first();
    const third = quota.claim('ann');
    assert.ok(third, 'a place given back can be taken again');
    assert.equal(quota.claim('ann'), undefined, 'giving back twice frees one place, not two');
  });

  it('GIVEN a limit of 0 THEN nobody is ever refused', async () => {
    const quota = new AnswerQuota(0);
    for (let index = 0; index < 50; index += 1) assert.ok(quota.claim('ann'));
  });
});
