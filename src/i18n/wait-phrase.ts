import type { Language } from './locale.ts';

/** A wait rounded to the unit a person would name it in. */
export interface RoundedWait {
  /** How many `unit`s, at least 1. */
  value: number;
  unit: 'second' | 'minute' | 'hour' | 'day';
  /** Whether rounding changed the amount, so the phrase says "about". */
  approximate: boolean;
}

const secondsPer = { second: 1, minute: 60, hour: 3600, day: 86_400 } as const;
/** The unit after each, and how many of it make the next (60 minutes become "1 hour"). */
const larger = { second: ['minute', 60], minute: ['hour', 60], hour: ['day', 24] } as const;

/**
 * Rounds a `retry-after` wait: under a minute in whole seconds (rounded up: coming back early
 * fails again), under an hour in minutes, under a day in hours, then in days, each to the
 * nearest whole unit, so 999999 s (11.6 days) is "about 12 days". A rounding that reaches the
 * next unit names that unit instead ("60 minutes" is "1 hour").
 */
export function roundWait(seconds: number): RoundedWait {
  // a header can say anything: no wait is "1 second", an absurd one is cut at about 30,000 years
  const wait = Math.max(1, Math.ceil(Math.min(Number.isNaN(seconds) ? 0 : seconds, 1e12)));
  let unit: RoundedWait['unit'] = wait < 60 ? 'second' : wait < 3600 ? 'minute' : wait < 86_400 ? 'hour' : 'day';
  let value = unit === 'second' ? wait : Math.max(1, Math.round(wait / secondsPer[unit]));
  if (unit !== 'day') {
    const [next, count] = larger[unit];
    if (value >= count) [unit, value] = [next, 1];
  }
  return { value, unit, approximate: value * secondsPer[unit] !== seconds };
}

/**
 * "in about 12 days", "in 5 minutes", "примерно через 12 дней": when to try again, with the
 * language's own plural and case forms (Intl.RelativeTimeFormat knows "через 1 минуту").
 */
export function waitPhrase(language: Language, seconds: number): string {
  const { value, unit, approximate } = roundWait(seconds);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  if (!approximate) return format.format(value, unit);
  if (language === 'ru') return `примерно ${format.format(value, unit)}`;
  // "in about 12 days": the word goes before the number, inside the phrase
  const parts = format.formatToParts(value, unit);
  const number = parts.findIndex((part) => part.type === 'integer');
  return parts.map((part, index) => (index === number ? `about ${part.value}` : part.value)).join('');
}
