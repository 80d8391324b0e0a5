/**
 * Error messages about settings quote the value they got, which helps with every setting but
 * secrets: a malformed token or key is still mostly the real one. These helpers say what is
 * wrong with a secret's value (length, whitespace, quotes, a header prefix) without any of it.
 */

/**
 * Variables whose values are never printed: `DISCORD_TOKEN`, every `*_API_KEY`, `DATABASE_URL` and `REDIS_URL`, and the like;
 * log lines blank fields of these names too.
 */
export function isSecretVariable(name: string): boolean {
  // the two URLs may carry a password
  return /(?:_API_KEY|_TOKEN|_SECRET|_PASSWORD)$/.test(name) || name === 'DATABASE_URL' || name === 'REDIS_URL';
}

/** The value as an error message may show it: quoted, or for a secret only described. */
export function shownValue(name: string, raw: string): string {
  return isSecretVariable(name) ? describeSecret(raw) : `"${raw}"`;
}

/** E.g. `a secret of 71 characters with a line break at character 71 (not shown)`. */
export function describeSecret(raw: string): string {
  const characters = [...raw].length;
  const facts = secretFacts(raw);
  return `a secret of ${characters} character${characters === 1 ? '' : 's'}${facts.length === 0 ? '' : ` ${facts.join(', ')}`} (not shown)`;
}

/** What looks wrong with a secret's value, as phrases such as `starting with "Bot "`; none when nothing does. */
function secretFacts(raw: string): string[] {
  const facts: string[] = [];
  const prefix = /^(Bot|Bearer)\s/i.exec(raw);
  if (prefix !== null) facts.push(`starting with "${prefix[1]} "`);
  if (/^(["']).*\1$/s.test(raw)) facts.push('wrapped in quotes');
  const whitespace = [...raw].findIndex((character, index) => /\s/.test(character) && !(prefix !== null && index === prefix[1]!.length));
  if (whitespace !== -1) facts.push(`with ${whitespaceName([...raw][whitespace]!)} at character ${whitespace + 1}`);
  return facts;
}

function whitespaceName(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\t') return 'a tab';
  if (character === '\n' || character === '\r') return 'a line break';
  return 'an invisible space';
}
