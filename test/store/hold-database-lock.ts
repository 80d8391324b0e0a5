/**
 * A stand-in for a bot process in the database-lock tests: takes the lock on the database named
 * by its first argument, says `held` on stdout, and keeps it until it is killed, or, given a
 * second argument, until that file appears (so the test decides when it lets go).
 */
import { existsSync } from 'node:fs';
import { lockDatabase } from '../../src/store/database-lock.ts';

const [databasePath, releaseWhenExists] = process.argv.slice(2);
if (databasePath === undefined) throw new Error('usage: hold-database-lock.ts <database> [release-signal-file]');
lockDatabase({ path: databasePath, waitMs: 0 });
process.stdout.write('held\n');
const poll = setInterval(() => {
  if (releaseWhenExists !== undefined && existsSync(releaseWhenExists)) {
    clearInterval(poll);
    process.exit(0);
  }
}, 10);
