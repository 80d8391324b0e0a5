/**
 * Usage figures on any history (a property on the fixed seed of test/property-seed.ts): every
 * report, person's usage and day's count equals the sums of the recorded answers, worked out
 * here from the answers themselves, by UTC day, server (DMs apart), person and model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, TOP_USERS, utcDay, type DayRange, type UsageFigures } from '../../../src/store/index.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { firstMidnight, recordedUsage, usageGuilds as guilds, usagePeople as people } from '../support/fixtures.ts';
import { forEachBackend, withFreshStore } from '../support/store-backends.ts';

const firstDay = utcDay(firstMidnight);
type Answer = Parameters<Store['recordUsage']>[0] & { answeredAt: number };

const answer: fc.Arbitrary<Answer> = recordedUsage;
// a range within the three days, sometimes ending before it starts (an empty report)
const range: fc.Arbitrary<DayRange> = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([from, to]) => ({ fromDay: addDays(firstDay, from), toDay: addDays(firstDay, to) }));

function figuresOf(answers: readonly Answer[]): UsageFigures {
  const promptTokens = answers.reduce((sum, one) => sum + (one.promptTokens ?? 0), 0);
  const completionTokens = answers.reduce((sum, one) => sum + (one.completionTokens ?? 0), 0);
  return { answers: answers.length, promptTokens, completionTokens, tokens: promptTokens + completionTokens, estimatedAnswers: answers.filter((one) => one.estimated === true).length };
}

/** The figures of each value of `key`, most tokens first and ties by key (`byKey`: by key only). */
function grouped(answers: readonly Answer[], key: (one: Answer) => string, order: 'byKey' | 'byTokens'): Array<[string, UsageFigures]> {
  const groups = new Map<string, Answer[]>();
  for (const one of answers) groups.set(key(one), [...(groups.get(key(one)) ?? []), one]);
  const entries = [...groups].map(([name, members]): [string, UsageFigures] => [name, figuresOf(members)]);
  const byName = (left: [string, UsageFigures], right: [string, UsageFigures]) => (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0);
  return entries.sort((left, right) => (order === 'byTokens' ? right[1].tokens - left[1].tokens : 0) || byName(left, right));
}

function within(answers: readonly Answer[], days: DayRange): Answer[] {
  return answers.filter((one) => utcDay(one.answeredAt) >= days.fromDay && utcDay(one.answeredAt) <= days.toDay);
}

function expectedUsage(answers: readonly Answer[]) {
  return {
    days: grouped(answers, (one) => utcDay(one.answeredAt), 'byKey').map(([day, figures]) => ({ day, ...figures })),
    models: grouped(answers, (one) => one.modelId, 'byTokens').map(([modelId, figures]) => ({ modelId, ...figures })),
    totals: figuresOf(answers),
  };
}

forEachBackend('usage figures on any history', (_open, backend) => {
  test('GIVEN any answers recorded THEN reports, a person’s usage and a day’s tokens equal the sums of those answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { maxLength: 40 }), range, async (answers, days) => {
        await withFreshStore(backend, { now: () => firstMidnight }, async (store) => {
          for (const one of answers) await store.recordUsage(one);
          const inRange = within(answers, days);
          for (const guildId of guilds) {
            const here = inRange.filter((one) => one.guildId === guildId);
            const { days: byDay, models, totals } = expectedUsage(here);
            const topUsers = grouped(here, (one) => one.userId, 'byTokens').slice(0, TOP_USERS).map(([userId, figures]) => ({ userId, ...figures }));
            assert.deepEqual(await store.usageReport(guildId, days), { days: byDay, models, topUsers, totals }, `report of ${guildId}`);
            assert.equal((await store.usageOfGuild(guildId)).length, answers.filter((one) => one.guildId === guildId).length);
          }
          for (const userId of people) {
            const theirs = inRange.filter((one) => one.userId === userId);
            assert.deepEqual(await store.personUsage(userId, days), expectedUsage(theirs), `${userId} everywhere`);
            for (const guildId of guilds) {
              assert.deepEqual(await store.personUsage(userId, { ...days, guildId }), expectedUsage(theirs.filter((one) => one.guildId === guildId)), `${userId} in ${guildId}`);
            }
          }
          for (let offset = 0; offset < 3; offset += 1) {
            const day = addDays(firstDay, offset);
            const thatDay = answers.filter((one) => utcDay(one.answeredAt) === day);
            for (const guildId of guilds) {
              const here = thatDay.filter((one) => one.guildId === guildId);
              assert.equal(await store.tokensUsedOn(day, { guildId }), figuresOf(here).tokens, `${day} in ${guildId}`);
              for (const userId of people) {
                assert.equal(await store.tokensUsedOn(day, { guildId, userId }), figuresOf(here.filter((one) => one.userId === userId)).tokens, `${day} in ${guildId} by ${userId}`);
              }
            }
          }
        });
      }),
      // each run opens a database of its own: few runs keep a network database's suite short
      { numRuns: 25 },
    );
  });
});
