// Errors with stable codes (Outline's server/errors.ts): factories with a status and a code, rendered by
// one middleware as {error: {code, message}}. Nothing else reaches a client: no stack traces.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from './logger';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
export const validationError = (message: string, details?: unknown) => new HttpError(400, 'validation_error', message, details);
export const unauthorized = (message = 'authentication required') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'you may not do this') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const gone = (message: string) => new HttpError(410, 'gone', message);
export const unprocessable = (message: string, details?: unknown) => new HttpError(422, 'unprocessable', message, details);
export const crossOrigin = (message = 'this request must come from a page of this site') => new HttpError(403, 'cross_origin', message);
export const unsupportedMediaType = (message: string) => new HttpError(415, 'unsupported_media_type', message);
export const tooManyRequests = (message = 'too many requests, slow down') => new HttpError(429, 'rate_limited', message);

// Email invitations (issue 18): reminders and the platform without SMTP_URL.
export const emailDisabled = () => new HttpError(409, 'email_disabled', 'email is not configured on this platform (SMTP_URL): share the invite link instead');
export const notPending = (state: string) => new HttpError(409, 'not_pending', `this invitation is ${state}: there is nothing to remind the candidate of`);
export const reminderTooSoon = (next: Date) =>
  new HttpError(429, 'reminder_too_soon', `an email went to this candidate less than an hour ago; the next reminder can go at ${next.toISOString()}`, { nextReminderAt: next.toISOString() });

export function zodToHttp(error: ZodError, where: string): HttpError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  return validationError(`invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}`, issues);
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let http: HttpError;
    if (err instanceof HttpError) http = err;
    else if (err instanceof ZodError) http = zodToHttp(err, 'request');
    else if (err?.type === 'entity.parse.failed') http = new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
    else if (err?.type === 'entity.too.large') http = new HttpError(413, 'payload_too_large', 'the request body is too large');
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && err.expose)
      http = new HttpError(err.status, 'bad_request', String(err.message));
    else {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      http = new HttpError(500, 'internal_error', 'something went wrong on our side');
    }
    if (res.headersSent) return;
    res.status(http.status).json({ error: { code: http.code, message: http.message, ...(http.details ? { details: http.details } : {}) } });
  };
}
