import type { Catalog } from './catalog.ts';
import { english } from './english.ts';
import { russian } from './russian.ts';

/** The languages the bot speaks. */
export type Language = 'en' | 'ru';

const catalogs: Record<Language, Catalog> = { en: english, ru: russian };

/** The language for a Discord locale (`ru`, `en-US`, `de` …); English unless Russian. */
export function languageOf(discordLocale: string | null | undefined): Language {
  return discordLocale?.toLowerCase().startsWith('ru') === true ? 'ru' : 'en';
}

/** The catalog for a Discord locale. */
export function catalogFor(discordLocale: string | null | undefined): Catalog {
  return catalogs[languageOf(discordLocale)];
}
