/**
 * `/usage`'s answer: a server's or a person's usage over a period as one message within
 * Discord's 2,000 characters, numbers as the person's locale writes them (`Intl.NumberFormat`),
 * days as it writes dates. Days are UTC days, as the store counts them. Figures that include
 * estimated counts (the provider reported none) are marked `≈`, with a note saying so.
 */
import type { Catalog, UsagePeriod } from '../i18n/catalog.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';
import { addDays, utcDay, type DayRange, type PersonUsage, type UsageFigures, type UsageReport } from '../store/index.ts';
import { dayOf } from './setting-change-line.ts';

/** The periods, in the order `/usage` offers them, and how many UTC days (today included) each covers. */
export const USAGE_PERIOD_DAYS: Readonly<Record<UsagePeriod, number>> = { today: 1, '7d': 7, '30d': 30, '90d': 90 };

/** Whether `value` is one of the periods (an option's value, as Discord sent it). */
export function isUsagePeriod(value: string): value is UsagePeriod {
  return Object.hasOwn(USAGE_PERIOD_DAYS, value);
}

/** The UTC days of `period` ending today (the day `now` falls in). */
export function periodRange(period: UsagePeriod, now: number): DayRange {
  const toDay = utcDay(now);
  return { fromDay: addDays(toDay, 1 - USAGE_PERIOD_DAYS[period]), toDay };
}

/** How a report is written: in whose words and numbers, for which period, at what time. */
export interface UsageTextOptions {
  catalog: Catalog;
  /** The person's Discord locale (`en-US`, `ru`, `de` …), for numbers and dates. */
  locale: string;
  period: UsagePeriod;
  range: DayRange;
  /** Now, in ms since the epoch: a date of another year shows its year. */
  now: number;
}

/** A server's report: totals, per model, its top people (as mentions: send with no allowed mentions), per day. */
export function serverUsageText(options: UsageTextOptions, report: UsageReport): string {
  const { catalog } = options;
  const heading = catalog.usage.serverHeading(catalog.usage.period[options.period], ...rangeDays(options));
  const people = report.topUsers.map((user, index) => `${index + 1}. <@${user.userId}>: ${figuresText(options, user)}`);
  return reportText(options, heading, report, people.length === 0 ? [] : [catalog.usage.topUsersHeading, ...people]);
}

/** A person's own usage: in one server, or (`everywhere`) in every server and DM. */
export function personUsageText(options: UsageTextOptions, usage: PersonUsage, everywhere: boolean): string {
  const { catalog } = options;
  return reportText(options, catalog.usage.personHeading(catalog.usage.period[options.period], ...rangeDays(options), everywhere), usage, []);
}

/** Heading, totals, models, the extra section, then as many days as fit, newest first. */
function reportText(options: UsageTextOptions, heading: string, usage: PersonUsage, extra: readonly string[]): string {
  const { catalog } = options;
  const { totals } = usage;
  if (totals.answers === 0) return `${heading}\n${catalog.usage.none}`;
  const total = catalog.usage.totals(
    `${marked(totals)}${tokensText(options, totals.tokens)}`,
    answersText(options, totals.answers),
    numberText(options.locale, totals.promptTokens),
    numberText(options.locale, totals.completionTokens),
  );
  const models = usage.models.map((model) => `• \`${model.modelId}\`: ${figuresText(options, model)}`);
  const head = [heading, total, '', catalog.usage.modelsHeading, ...models, ...extra, catalog.usage.daysHeading].join('\n');
  const footer = totals.estimatedAnswers > 0 ? `\n${catalog.usage.estimated(totals.estimatedAnswers)}` : '';
  const days = [...usage.days].reverse().map((day) => `• ${dayOf(Date.parse(`${day.day}T00:00:00Z`), options.locale, options.now)}: ${figuresText(options, day)}`);
  return fitDays(head, days, footer, catalog);
}

/** `head`, then the day lines that fit with `footer` in one message, and a line for the days left out. */
function fitDays(head: string, days: readonly string[], footer: string, catalog: Catalog): string {
  let text = head;
  for (const [index, line] of days.entries()) {
    const rest = days.length - index - 1;
    // room for this line, and for saying how many are left out when the next does not fit
    const more = rest === 0 ? '' : `\n${catalog.usage.moreDays(rest)}`;
    if (text.length + 1 + line.length + more.length + footer.length <= DISCORD_MESSAGE_LIMIT) {
      text += `\n${line}`;
      continue;
    }
    return `${text}\n${catalog.usage.moreDays(days.length - index)}${footer}`.slice(0, DISCORD_MESSAGE_LIMIT);
  }
  return (text + footer).slice(0, DISCORD_MESSAGE_LIMIT);
}

function rangeDays(options: UsageTextOptions): [string, string] {
  const day = (text: string) => dayOf(Date.parse(`${text}T00:00:00Z`), options.locale, options.now);
  return [day(options.range.fromDay), day(options.range.toDay)];
}

/** "≈1,234 tokens · 5 answers". */
function figuresText(options: UsageTextOptions, figures: UsageFigures): string {
  return `${marked(figures)}${tokensText(options, figures.tokens)} · ${answersText(options, figures.answers)}`;
}

function marked(figures: UsageFigures): string {
  return figures.estimatedAnswers > 0 ? '≈' : '';
}

function tokensText(options: UsageTextOptions, count: number): string {
  return options.catalog.usage.tokens(numberText(options.locale, count), count);
}

function answersText(options: UsageTextOptions, count: number): string {
  return options.catalog.usage.answers(numberText(options.locale, count), count);
}

/** `count` as `locale` writes it ("12,345", "12 345"); English for a tag Intl does not take. */
export function numberText(locale: string, count: number): string {
  try {
    return new Intl.NumberFormat(locale).format(count);
  } catch {
    return new Intl.NumberFormat('en').format(count);
  }
}
