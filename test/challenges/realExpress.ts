// Judges an API challenge's solutions with real Express 5 in Node over a real socket, with the same
// test steps, captures and matchers as the platform: the fidelity check that a challenge's verdicts are
// right on the real thing, whatever the sandbox does. Trusted code only (the bundled solutions).
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { transform } from 'esbuild';
import express from 'express';
import type { Vars } from '../../runner/apiTests/captures';
import { capture, compareStep, resolveExpect, resolveRequest, type ResolvedRequest } from '../../runner/apiTests/steps';
import type { Challenge } from '../../runner/challenge';
import type { ApiTest } from '../../runner/spec';

const requireHere = createRequire(import.meta.url);
const DEFAULT_CLOCK_MS = 1_700_000_000_000;
// Hop-by-hop and per-connection headers real servers add: never part of a test.
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface TestVerdict {
  name: string;
  visibility: 'sample' | 'hidden';
  passed: boolean;
  message?: string;
}

type Register = (app: express.Express, ctx: { now(): number }) => unknown;

async function loadModule(code: string, file: string): Promise<Register> {
  const out = await transform(code, { loader: file.endsWith('.js') ? 'js' : 'ts', format: 'cjs', target: 'es2022', sourcefile: file });
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'module', 'require', out.code)(module.exports, module, requireHere);
  const main = (module.exports.default ?? module.exports) as Register;
  if (typeof main !== 'function') throw new Error(`${file} does not default-export a function`);
  return main;
}

function send(port: number, req: ResolvedRequest): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) for (const x of Array.isArray(v) ? v : [v]) search.append(k, x);
  const qs = search.toString();
  const path = req.path + (qs ? (req.path.includes('?') ? '&' : '?') + qs : '');
  const headers: Record<string, string> = { ...req.headers };
  let payload: string | undefined;
  if (req.rawBody !== undefined) payload = req.rawBody;
  else if (req.body !== undefined) {
    payload = JSON.stringify(req.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && !DROPPED_HEADERS.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    r.on('error', reject);
    if (payload !== undefined) r.write(payload);
    r.end();
  });
}

function parseBody(headers: Record<string, string>, text: string): unknown {
  if (/json/i.test(headers['content-type'] ?? '') && text !== '') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export interface RealExpressOptions {
  /**
   * Middleware applied before the candidate's module, e.g. [express.json()]: what a harness that
   * pre-parses bodies would do (the references written for the look-alike read req.body without a parser).
   */
  before?: express.RequestHandler[];
}

async function runTest(register: Register, test: ApiTest, options: RealExpressOptions): Promise<TestVerdict> {
  let clock = DEFAULT_CLOCK_MS;
  const app = express();
  // Keeps Express's default error handler from logging every expected 400 to stderr.
  app.set('env', 'test');
  for (const handler of options.before ?? []) app.use(handler);
  await register(app, { now: () => clock });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const vars: Vars = {};
  try {
    for (let i = 0; i < test.steps.length; i++) {
      const step = test.steps[i];
      if (step.clock !== undefined) clock = step.clock;
      if (step.advanceMs !== undefined) clock += step.advanceMs;
      const req = resolveRequest(step.request, vars);
      const res = await send(port, req);
      const actual = { status: res.status, headers: res.headers, body: parseBody(res.headers, res.text) };
      const diff = compareStep(resolveExpect(step.expect, vars), actual);
      if (diff.length === 0) diff.push(...capture(step.capture, actual, vars));
      if (diff.length > 0) return { name: test.name, visibility: test.visibility, passed: false, message: `step ${i + 1} (${req.method} ${req.path}): ${diff.join('; ')}` };
    }
    return { name: test.name, visibility: test.visibility, passed: true };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Every test of the challenge on one solution, each on a fresh app (no state outlives a test). */
export async function judgeOnRealExpress(challenge: Challenge, code: string, file: string, options: RealExpressOptions = {}): Promise<TestVerdict[]> {
  const register = await loadModule(code, file);
  const out: TestVerdict[] = [];
  for (const test of challenge.api!.tests) {
    try {
      out.push(await runTest(register, test, options));
    } catch (err) {
      out.push({ name: test.name, visibility: test.visibility, passed: false, message: `error: ${(err as Error).message}` });
    }
  }
  return out;
}
