/** One step of shutting down: what it is, for the log, and the work. */
export type ShutdownStep = [name: string, run: () => unknown];

/** Where a failed step is reported. Pino's logger fits. */
export interface ShutdownLogger {
  error(fields: object, message: string): void;
}

/**
 * Runs every step in order, each whatever an earlier one threw: the database and its lock must
 * still be let go and the process must still exit, or a restart would wait on a process that
 * never ends. Resolves with whether every step succeeded (the exit code says so).
 */
export async function runShutdownSteps(steps: readonly ShutdownStep[], logger: ShutdownLogger): Promise<boolean> {
  let clean = true;
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (error) {
      clean = false;
      logger.error({ err: error, step }, 'a shutdown step failed');
    }
  }
  return clean;
}
