import { pino, type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerFormat {
  /** Human-readable lines (pino-pretty) instead of JSON; by default, when stdout is a terminal. */
  pretty?: boolean;
  /** Where the lines go (tests); stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', format: LoggerFormat = {}): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'assay' },
    // Credentials and session cookies never reach the logs.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
  };
  // A terminal gets one readable line per event; anything else (a pipe, a file, a log collector) gets JSON.
  const pretty = format.pretty ?? process.stdout.isTTY === true;
  if (!pretty) return format.destination ? pino(options, format.destination) : pino(options);
  return pino(
    options,
    pinoPretty({
      // In this thread and synchronous, so a line never lands in the middle of the start banner (console.log).
      sync: true,
      colorize: format.destination ? false : undefined,
      destination: format.destination ?? 1,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      // One line per event: the validation of a library is a dozen events, not a screenful each.
      singleLine: true,
    }),
  );
}
