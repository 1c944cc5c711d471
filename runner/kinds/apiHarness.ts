// The host's side of the API harness. The harness itself runs INSIDE the isolate: the real `express` package
// and the node:* modules the sandbox offers, bundled by runner/kinds/express/build.ts from
// runner/kinds/express/harness.js (which documents its entries). It holds no expected values: it only turns
// a request (JSON) into a response (JSON).
import { buildHarnessSource } from './express/build';

/** The clock a test starts at when its first step sets none: 2023-11-14T22:13:20Z. */
export const DEFAULT_CLOCK_MS = 1_700_000_000_000;

export interface HarnessRequest {
  method: string;
  /** The path, maybe with a query string; `query` is appended to it. */
  path: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** A JSON body (sent as application/json unless the headers say otherwise). */
  body?: unknown;
  /** A body sent as it is (UTF-8), whatever its content type: malformed JSON, a form, text. */
  rawBody?: string;
  /** A binary body, base64-encoded. */
  rawBodyBase64?: string;
}

/** What the `request` entry answers with. Header names are lowercase; a repeated header is an array. */
export type HarnessResponse =
  | { status: number; headers: Record<string, string | string[]>; body: string; bodyBase64?: string; errors: string[] }
  | { loadError: string }
  | { overflow: string };

/** The argument of the `request` entry. `seed` seeds the test's randomness (Math.random, node:crypto). */
export function harnessRequest(fresh: boolean, now: number, db: boolean, req: HarnessRequest, seed = 1): string {
  return JSON.stringify({ fresh, now, db, seed, req });
}

let source: string | undefined;

/** The harness's source, `(function (sandbox) { ... })`, bundled on first use (~0.3 s, once per process). */
export function apiHarnessSource(): string {
  source ??= buildHarnessSource();
  return source;
}
