import type { Language } from './locale.ts';

/** The word forms a count can take; `other` is the fallback for every category not given. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = { en: new Intl.PluralRules('en'), ru: new Intl.PluralRules('ru') };

/**
 * The form of a word that agrees with `count` (Russian: 4001 символ, 4002 символа, 4005
 * символов; the categories are `one`, `few`, `many`, `other`).
 */
export function pluralForm(language: Language, count: number, forms: PluralForms): string {
  return forms[rules[language].select(count)] ?? forms.other;
}

/** A count and its word: `4001 символ`. */
export function countOf(language: Language, count: number, forms: PluralForms): string {
  return `${count} ${pluralForm(language, count, forms)}`;
}
