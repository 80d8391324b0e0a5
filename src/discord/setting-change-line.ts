import { escapeMarkdown } from 'discord.js';
import type { Catalog } from '../i18n/catalog.ts';
import type { SettingChange } from '../store/settings-log.ts';

/**
 * "Set by Ada Admin on 3 Dec": who made the change that applies, from the settings log, with the
 * date in the person's locale (`Intl.DateTimeFormat`; the year only when it is not this one). Days
 * are UTC: an interaction does not say the person's time zone. `undefined` when the log names
 * no one (a clear written before callers said who). Send it with no allowed mentions: a change
 * logged without a name shows its author's mention.
 */
export function setByLine(catalog: Catalog, locale: string, change: SettingChange | undefined, now: number): string | undefined {
  if (change === undefined || change.setByUserId === null) return undefined;
  const name = change.setByName === null ? `<@${change.setByUserId}>` : escapeMarkdown(change.setByName);
  return catalog.setBy(name, dayOf(change.at, locale, now));
}

/** `at` as a short day ("3 Dec", "Dec 3", "3 дек."), with its year when not `now`'s. */
export function dayOf(at: number, locale: string, now: number): string {
  const sameYear = new Date(at).getUTCFullYear() === new Date(now).getUTCFullYear();
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC', ...(sameYear ? {} : { year: 'numeric' }) };
  try {
    return new Intl.DateTimeFormat(locale, options).format(at);
  } catch {
    // a locale tag Intl does not take: English, the default language
    return new Intl.DateTimeFormat('en', options).format(at);
  }
}
