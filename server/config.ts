// The environment, parsed once by zod: a bad value stops the start with a clear message.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL used in invite links; defaults to http://HOST:PORT */
  PUBLIC_URL: z.string().url().optional(),
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(16, 'SESSION_SECRET must be at least 16 characters').optional(),
  RUNNER_PROCESSES: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.availableParallelism())),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHALLENGES_DIR: z.string().default('./challenges'),
  /** Where judge jobs live: local (this process's memory) or pg-boss (the PostgreSQL server). Default: pg-boss with DATABASE_URL. */
  QUEUE: z.enum(['local', 'pg-boss']).optional(),
  /** Judge jobs this process runs at once; 0 makes a pure API server (pg-boss only). Default max(4, RUNNER_PROCESSES × 4). */
  WORKERS: z.coerce.number().int().min(0).max(1024).optional(),
  /** A pg-boss job still running after this long is presumed lost (its worker died) and judged again elsewhere. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  /** How many times a judge job is tried again after its worker died or gave it back. */
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(5),
  /** On SIGTERM, how long running judgings may take to finish before they are handed back. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(3600).default(25),
  /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(8).optional(),
  /** Webhooks (issue 18): 1 lets webhook URLs reach loopback and private addresses (tests, a self-hosted ATS on the same network). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Delay before a failed webhook delivery's first retry; each further retry waits twice as long (5 attempts in all). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** How often the webhook outbox is looked at when nothing woke the dispatcher. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  // Email invitations (issue 18). Messages name neither value: the URL holds the SMTP password.
  /** smtp://user:pass@host:port or smtps://…: invitations and reminders go out by email; unset, nothing is sent. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isSmtpUrl(v), 'must be an smtp:// or smtps:// URL (smtp://user:pass@host:port)'),
  /** The sender of those emails: `Name <address>` or an address. */
  MAIL_FROM: z.string().trim().min(3).max(320).regex(/@/, 'must contain an email address').optional(),
});

function isSmtpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** no-reply at PUBLIC_URL's host when it is a domain name; an address or a bare host name is no domain to send from. */
export function defaultMailFrom(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : '';
  const domain = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(host) ? host : 'localhost';
  return `assay <no-reply@${domain}>`;
}

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  databaseUrl?: string;
  dataDir: string;
  sessionSecret: string;
  runnerProcesses: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  challengesDir: string;
  queue: 'local' | 'pg-boss';
  /** Judge jobs run at once by this process (0: none). */
  workers: number;
  jobExpireSeconds: number;
  jobRetryLimit: number;
  drainSeconds: number;
  metricsToken?: string;
  webhooks: { allowPrivate: boolean; retryBaseMs: number; pollMs: number };
  /** SMTP_URL: set, invitations and reminders are emailed. Secret (it holds the password): never log it. */
  smtpUrl?: string;
  mailFrom: string;
};

export class ConfigError extends Error {}

/**
 * Outside production a missing SESSION_SECRET is generated once and kept in DATA_DIR, so sessions survive
 * a restart; production refuses to start without one.
 */
function devSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  }
  const queue = e.QUEUE ?? (e.DATABASE_URL ? 'pg-boss' : 'local');
  if (queue === 'pg-boss' && !e.DATABASE_URL) {
    throw new ConfigError('QUEUE=pg-boss needs DATABASE_URL (a PostgreSQL server): the embedded PGlite database belongs to one process, so jobs there cannot be shared by workers');
  }
  const workers = e.WORKERS ?? Math.max(4, e.RUNNER_PROCESSES * 4);
  if (workers === 0 && queue === 'local') {
    throw new ConfigError('WORKERS=0 needs the pg-boss queue (DATABASE_URL): with the local queue nothing else would judge the submissions');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? (e.DATABASE_URL ? randomBytes(32).toString('hex') : devSessionSecret(dataDir)),
    runnerProcesses: e.RUNNER_PROCESSES,
    logLevel: e.LOG_LEVEL,
    challengesDir: path.resolve(e.CHALLENGES_DIR),
    queue,
    workers,
    jobExpireSeconds: e.JOB_EXPIRE_SECONDS,
    jobRetryLimit: e.JOB_RETRY_LIMIT,
    drainSeconds: e.DRAIN_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1', retryBaseMs: e.WEBHOOK_RETRY_BASE_MS, pollMs: e.WEBHOOK_POLL_MS },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? defaultMailFrom(e.PUBLIC_URL),
  };
}
