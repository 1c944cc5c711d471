// One step of an API test on the host: its request with the test's variables substituted, the comparison
// of the response with the (substituted) expectation, and the captures that feed later steps.
import { compareHeaders, compareJson, type ExpectedHeader } from '../compare';
import type { ApiStep } from '../spec';
import { extract, parseCaptureSource, substituteJson, substituteText, type CapturedResponse, type Vars } from './captures';

export interface ResolvedRequest {
  method: ApiStep['request']['method'];
  path: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** A JSON value to send as JSON. */
  body?: unknown;
  /** The exact text of the body, sent as written with the request's own content-type. */
  rawBody?: string;
}

/**
 * The request with `{{name}}` replaced: URI-encoded in the path (except a placeholder that starts the
 * path: a captured path such as a Location header), as text in query and headers, typed in a JSON body.
 */
export function resolveRequest(request: ApiStep['request'], vars: Vars): ResolvedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k] = substituteText(v, vars);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(request.query)) query[k] = Array.isArray(v) ? v.map((x) => substituteText(x, vars)) : substituteText(v, vars);
  const lead = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}/.exec(request.path);
  const rest = substituteText(request.path.slice(lead ? lead[0].length : 0), vars, encodeURIComponent);
  const path = lead ? substituteText(lead[0], vars) + rest : rest;
  const out: ResolvedRequest = { method: request.method, path, headers, query };
  if (request.body !== undefined) out.body = substituteJson(request.body, vars);
  if (request.rawBody !== undefined) out.rawBody = substituteText(request.rawBody, vars);
  return out;
}

export function resolveExpect(expect: ApiStep['expect'], vars: Vars): ApiStep['expect'] {
  if (Object.keys(vars).length === 0) return expect;
  return {
    ...expect,
    headers: expect.headers && (substituteJson(expect.headers, vars) as Record<string, ExpectedHeader>),
    body: expect.body === undefined ? undefined : substituteJson(expect.body, vars),
  };
}

/** The diff of one response against its expectation: status, then headers, then body; empty when it passes. */
export function compareStep(expect: ApiStep['expect'], actual: CapturedResponse): string[] {
  const diff: string[] = [];
  if (expect.status !== undefined && expect.status !== actual.status) diff.push(`status: expected ${expect.status}, got ${actual.status}`);
  if (expect.headers) diff.push(...compareHeaders(expect.headers, actual.headers));
  if (expect.body !== undefined) diff.push(...compareJson(expect.body, actual.body, expect.match, 'body'));
  return diff;
}

/** Save the step's captures into `vars`; returns a diff line per value the response does not have. */
export function capture(spec: ApiStep['capture'], actual: CapturedResponse, vars: Vars): string[] {
  const errors: string[] = [];
  for (const [name, text] of Object.entries(spec ?? {})) {
    const source = parseCaptureSource(text);
    if (typeof source === 'string') {
      errors.push(`capture ${name}: ${source}`);
      continue;
    }
    const got = extract(source, actual);
    if ('error' in got) errors.push(`capture ${name}: ${got.error}`);
    else vars[name] = got.value;
  }
  return errors;
}

/**
 * What the Express look-alike harness can take of a raw body: it only receives parsed values, so a
 * JSON text becomes its value (malformed JSON stays text), a form becomes its fields. A harness running
 * real Express reads `rawBody` itself and ignores this.
 */
export function parsedRawBody(rawBody: string, headers: Record<string, string>): unknown {
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/json/i.test(type)) {
    try {
      return JSON.parse(rawBody);
    } catch {
      return rawBody;
    }
  }
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(rawBody)) {
      const prev = fields[k];
      fields[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return fields;
  }
  return rawBody;
}
