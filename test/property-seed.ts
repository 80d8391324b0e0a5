/**
 * Loaded before every test file (`--import` in `npm test`): fast-check properties run with one
 * fixed seed, so the suite checks the same cases on every machine and a failure in CI is a
 * failure here too. `FC_SEED=<integer>` checks another seed; `FC_SEED=random` a fresh one per run
 * (fast-check prints the seed of any failure, to pin it as a unit test).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_122;
const chosen = process.env['FC_SEED'];
if (chosen !== 'random') {
  const seed = chosen === undefined || chosen === '' ? DEFAULT_SEED : Number(chosen);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${chosen}"`);
  fc.configureGlobal({ seed });
}
