/**
 * Speaker names for the `name` field of chat messages, which OpenAI accepts only as
 * `^[a-zA-Z0-9_-]{1,64}$`.
 */

/** Longest name OpenAI accepts. */
export const MAX_SPEAKER_NAME_LENGTH = 64;

/**
 * Turns a display name into an accepted `name`: accents dropped (`José` → `Jose`), every run of
 * other characters becomes `_`, trimmed to 64. A name with nothing left (`太郎`) becomes
 * `user_` and the end of the user id, so two such speakers stay apart.
 */
export function toSpeakerName(displayName: string, userId: string): string {
  const name = displayName
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_SPEAKER_NAME_LENGTH);
  if (/[A-Za-z0-9]/.test(name)) return name;
  const idTail = userId.replace(/[^A-Za-z0-9]/g, '').slice(-8);
  return idTail === '' ? 'user' : `user_${idTail}`;
}
