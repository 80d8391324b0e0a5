/** `/usage`'s text: periods as UTC days, figures in the person's locale, estimates marked, always one message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodRange, personUsageText, serverUsageText, type UsageTextOptions } from '../../src/discord/usage-text.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import { addDays, type UsageFigures, type UsageReport } from '../../src/store/index.ts';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const figures = (tokens: number, answers: number, estimatedAnswers = 0): UsageFigures => ({ answers, promptTokens: tokens - answers, completionTokens: answers, tokens, estimatedAnswers });

function options(overrides: Partial<UsageTextOptions> = {}): UsageTextOptions {
  return { catalog: english, locale: 'en-US', period: '7d', range: periodRange('7d', NOW), now: NOW, ...overrides };
}

const report: UsageReport = {
  days: [
    { day: '2026-03-09', ...figures(12_000, 3) },
    { day: '2026-03-10', ...figures(1_345, 2, 1) },
  ],
  models: [
    { modelId: 'openai/gpt-4o', ...figures(12_000, 3) },
    { modelId: 'openai/gpt-4o-mini', ...figures(1_345, 2, 1) },
  ],
  topUsers: [{ userId: '1100000000000000302', ...figures(13_345, 5, 1) }],
  totals: figures(13_345, 5, 1),
};

describe('usage periods', () => {
  it('GIVEN a period THEN it is that many UTC days ending today', () => {
    assert.deepEqual(periodRange('today', NOW), { fromDay: '2026-03-10', toDay: '2026-03-10' });
    assert.deepEqual(periodRange('7d', NOW), { fromDay: '2026-03-04', toDay: '2026-03-10' });
    assert.deepEqual(periodRange('90d', Date.parse('2026-03-10T23:59:59Z')), { fromDay: '2025-12-11', toDay: '2026-03-10' });
  });
});

describe('usageText', () => {
  it('GIVEN a server report THEN totals, models, top people as mentions and days newest first, estimates marked ≈ with a note', () => {
    assert.equal(
      serverUsageText(options(), report),
      [
        '**Usage on this server in the last 7 days** (Mar 4 – Mar 10, UTC)',
        '≈13,345 tokens in 5 answers (prompt 13,340, completion 5).',
        '',
        '**Per model**',
        '• `openai/gpt-4o`: 12,000 tokens · 3 answers',
        '• `openai/gpt-4o-mini`: ≈1,345 tokens · 2 answers',
        '**Top users**',
        '1. <@1100000000000000302>: ≈13,345 tokens · 5 answers',
        '**Per day**',
        '• Mar 10: ≈1,345 tokens · 2 answers',
        '• Mar 9: 12,000 tokens · 3 answers',
        '-# ≈ includes estimated counts: the provider reported none for 1 answer.',
      ].join('\n'),
    );
  });

  it('GIVEN a Russian locale THEN Russian words, grouping and dates', () => {
    const text = personUsageText(options({ catalog: russian, locale: 'ru', period: 'today', range: periodRange('today', NOW) }), { days: [report.days[1]!], models: [report.models[1]!], totals: report.days[1]! }, true);
    assert.match(text, /^\*\*Ваш расход везде за сегодня\*\* \(10 мар\.?, UTC\)\n/);
    assert.match(text, /≈1\u00a0345 токенов, 2 ответа \(в запросах 1\u00a0343, в ответах 2\)\./);
    assert.match(text, /• 10 мар\.?: ≈1\u00a0345 токенов · 2 ответа/);
  });

  it('GIVEN no answers THEN it says so', () => {
    const empty = { days: [], models: [], totals: figures(0, 0) };
    assert.equal(personUsageText(options(), empty, false), '**Your usage on this server in the last 7 days** (Mar 4 – Mar 10, UTC)\nNo answers in this period.');
  });

  it('GIVEN 90 busy days THEN the text stays within 2000 characters, keeps the newest days and says how many were left out', () => {
    const days = Array.from({ length: 90 }, (_, index) => ({ day: addDays('2026-03-10', index - 89), ...figures(1_234_567 + index, 1_000 + index, 1) }));
    const models = Array.from({ length: 8 }, (_, index) => ({ modelId: `openrouter/some-provider/a-rather-long-model-name-${index}`, ...figures(9_999_999, 9_999, 1) }));
    const topUsers = Array.from({ length: 10 }, (_, index) => ({ userId: `11000000000000003${String(index).padStart(2, '0')}`, ...figures(9_999_999, 9_999, 1) }));
    const text = serverUsageText(options({ period: '90d', range: periodRange('90d', NOW) }), { days, models, topUsers, totals: figures(99_999_999, 99_999, 90) });
    assert.ok(text.length <= 2000, `${text.length} characters`);
    assert.match(text, /• Mar 10: ≈1,234,656 tokens · 1,089 answers/, 'the newest day is there');
    const shown = text.split('\n').filter((line) => /^• [A-Z][a-z]{2} \d/.test(line)).length;
    assert.ok(shown > 0 && shown < 90);
    assert.match(text, new RegExp(`… and ${90 - shown} earlier days\\n-# ≈`));
  });
});
