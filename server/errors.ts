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
    else if (err?.type === 'entity.parse.failed') http = invalidJson();
    else if (err?.type === 'entity.too.large') http = payloadTooLarge();
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && err.expose)
      http = new HttpError(err.status, 'bad_request', String(err.message));
    else {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      http = internalError();
    }
    if (res.headersSent) return;
    res.status(http.status).json(errorBody(http));
  };
}

// Layers (issue 16): every other code the server sends, one status each. The invitation's end states are 410
// wherever they are met (the invite link, a live session, a start): the invitation will not come back.
export const internalError = () => new HttpError(500, 'internal_error', 'something went wrong on our side');
export const invalidJson = () => new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
export const payloadTooLarge = () => new HttpError(413, 'payload_too_large', 'the request body is too large');
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);
export const invalidInviteToken = () => new HttpError(401, 'invalid_token', 'this invite link is not valid');
export const invitationRevoked = () => new HttpError(410, 'invitation_revoked', 'this invitation was revoked');
export const invitationExpired = () => new HttpError(410, 'invitation_expired', 'this invitation has expired');
export const invitationOver = () => new HttpError(410, 'invitation_finished', 'this assessment is over');
export const candidateFinished = () => new HttpError(409, 'candidate_finished', 'the candidate has already finished');
export const assessmentFinished = () => new HttpError(409, 'assessment_finished', 'you have finished this assessment; nothing more can be changed');
export const notStarted = () => new HttpError(409, 'not_started', 'start the assessment first');
export const deadlinePassed = () => new HttpError(409, 'deadline_passed', 'the time for this assessment is over');
export const assessmentArchived = () => new HttpError(409, 'assessment_archived', 'this assessment is archived');
export const emailInUse = () => new HttpError(409, 'email_in_use', 'this email belongs to a staff account; ask for an invite to another address');
export const sourceTooLarge = (maxBytes: number) => new HttpError(413, 'source_too_large', `the code is larger than ${maxBytes / 1024} KB`);
export const languageMismatch = (message: string) => new HttpError(400, 'language_mismatch', message);
export const notAnApiChallenge = () => new HttpError(400, 'not_an_api_challenge', 'requests can be tried on API challenges only');
export const notASqlChallenge = () => new HttpError(400, 'not_a_sql_challenge', 'queries can be run on SQL challenges only');
// API tokens (Authorization: Bearer): the codes RFC 6750 gives.
export const invalidApiToken = () => new HttpError(401, 'invalid_token', 'the API token is unknown, revoked or expired');
export const insufficientScope = (message: string) => new HttpError(403, 'insufficient_scope', message);

/** The JSON every error answer carries (HTTP responses, socket acks, stream lines). */
export function errorBody(http: HttpError): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code: http.code, message: http.message, ...(http.details ? { details: http.details } : {}) } };
}
