import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'assay' },
    // Credentials and session cookies never reach the logs.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
  });
}
