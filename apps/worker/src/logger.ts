import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs to stderr, so stdout stays free for a command's own output. Level from MEMSWEEP_LOG_LEVEL. */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.MEMSWEEP_LOG_LEVEL ?? 'info' }, pino.destination(2));
}
