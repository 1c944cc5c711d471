// The shape of a conformance probe: a module (as a candidate would write it) and the requests sent to it.
export interface ProbeRequest {
  method: string;
  /** The request target: path and query string, sent as it is. */
  url: string;
  headers?: Record<string, string>;
  /** Sent as it is (UTF-8); the probe sets Content-Type itself. */
  body?: string;
}

export interface Probe {
  name: string;
  /** TypeScript or JavaScript; default-exports an express() app, a Router or `(app, ctx) => void`. */
  code: string;
  requests: ProbeRequest[];
}

export function probe(name: string, code: string, requests: ProbeRequest[]): Probe {
  return { name, code, requests };
}

export function get(url: string, headers?: Record<string, string>): ProbeRequest {
  return { method: 'GET', url, headers };
}

export function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): ProbeRequest {
  if (body === undefined) return { method, url, headers };
  if (typeof body === 'string') return { method, url, headers, body };
  return { method, url, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A module that builds its own app: `body` registers on `app` (express is imported). */
export function appModule(body: string): string {
  return `import express from 'express';\nconst app = express();\n${body}\nexport default app;\n`;
}
