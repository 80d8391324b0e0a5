import { secretForms, type SecretForm } from './secret-forms.ts';

const censor = '[REDACTED]';

/**
 * Builds a function that blanks every known form of each secret out of a text: the value, its
 * percent- and JSON-escaped spellings, base64 of it and of `Bearer <value>` / `Bot <value>` at
 * any alignment, and a truncated prefix of any of these (see `secretForms`). The forms are
 * computed once, so the returned function is cheap enough for every log line.
 */
export function createSecretRedactor(secrets: readonly string[]): (text: string) => string {
  // wrapped forms first: they are longer, and blanking them whole leaves no stub of encoded bits
  const forms = secrets
    .filter((secret) => secret !== '')
    .flatMap(secretForms)
    .sort((left, right) => right.text.length - left.text.length);
  return (text) => forms.reduce(redactForm, text);
}

/** Replaces every form of each of `secrets` in `text` by `[REDACTED]` (callers choose which secrets are worth it). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createSecretRedactor(secrets)(text);
}

/** Blanks each run of `text` that starts with the form's anchor and goes on matching the form. */
function redactForm(text: string, form: SecretForm): string {
  const anchor = form.text.slice(0, form.anchorLength);
  let result = '';
  let from = 0;
  for (let at = text.indexOf(anchor); at !== -1; at = text.indexOf(anchor, from)) {
    let end = at + anchor.length;
    while (end < text.length && end - at < form.text.length && text[end] === form.text[end - at]) end += 1;
    result += `${text.slice(from, at)}${censor}`;
    from = end;
  }
  return result + text.slice(from);
}
