import { ConfigError, SweepError } from '@memsweep/sweep';

/** Exit codes: 1 for a failed run, 2 for invalid input (sweep file, flags). */
export const EXIT_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;

/** A failure to report to the user as a message and an exit code, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** Prints an error for a person and returns the exit code. Stacks only with MEMSWEEP_DEBUG=1. */
export function reportError(err: unknown, context?: string): number {
  const debug = process.env.MEMSWEEP_DEBUG === '1';
  if (err instanceof ConfigError) {
    process.stderr.write(`memsweep: ${context ?? 'invalid input'}:\n${err.issues.map((i) => `  ${i}`).join('\n')}\n`);
    return EXIT_INVALID_INPUT;
  }
  const message = err instanceof CliError || err instanceof SweepError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`memsweep: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return err instanceof CliError ? err.exitCode : EXIT_FAILURE;
}
