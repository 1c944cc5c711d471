// The differential conformance suite: each probe module is served by real Express 5 over a real HTTP socket
// in this process and by the sandbox (runner/kinds/express/), the same requests are sent to both, and status,
// headers (less Date, Connection, Keep-Alive) and body bytes are compared.
import http from 'node:http';
import { createRequire } from 'node:module';
import { transform } from 'esbuild';
import express from 'express';
import { apiHarnessSource, harnessRequest, type HarnessResponse } from '../../runner/kinds/apiHarness';
import { Sandbox } from '../../runner/sandbox';
import type { Probe, ProbeRequest } from './probe';

const nodeRequire = createRequire(import.meta.url);
const finalhandler = nodeRequire('finalhandler') as (req: unknown, res: unknown, options: { env: string }) => (err?: unknown) => void;
const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive']);
/** Every request carries these, on both sides, so neither side adds its own (a port in Host, say). */
const BASE_HEADERS = { host: 'example.com', connection: 'close' };

export interface Exchange {
  status: number;
  /** Sorted `name: value` lines, names lowercased. */
  headers: string[];
  body: Buffer;
}

export interface ProbeResult {
  name: string;
  identical: boolean;
  differences: string[];
}

async function compile(code: string): Promise<string> {
  return (await transform(code, { loader: 'ts', format: 'cjs', target: 'es2022', sourcefile: 'probe.ts' })).code;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The module's app as Node would run it, found by the same rules as the sandbox's harness. */
function realHandler(code: string): Handler {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const module = { exports: {} as Record<string, unknown> };
    new Function('exports', 'module', 'require', code)(module.exports, module, nodeRequire);
    const exported = module.exports as unknown as Record<string, unknown> & ((...args: unknown[]) => unknown);
    const isApp = (v: unknown): v is express.Express => typeof v === 'function' && typeof (v as { handle?: unknown }).handle === 'function' && typeof (v as express.Express).set === 'function';
    const isRouter = (v: unknown): v is express.Router => typeof v === 'function' && Array.isArray((v as { stack?: unknown }).stack);
    let main: unknown = exported;
    if (exported.default !== undefined && !isApp(exported) && !isRouter(exported)) main = exported.default;
    let app: express.Express;
    if (isApp(main)) app = main;
    else if (isRouter(main)) {
      app = express();
      app.use(main);
    } else if (typeof main === 'function') {
      app = express();
      app.use(express.json());
      main(app, { now: () => Date.now() });
    } else throw new Error('probe module exports no app');
    // As app(req, res) does, without logging the errors a probe provokes on purpose.
    return (req, res) => (app as unknown as { handle: (req: unknown, res: unknown, done: unknown) => void }).handle(req, res, finalhandler(req, res, { env: app.get('env') }));
  } finally {
    process.env.NODE_ENV = previous;
  }
}

function headerLines(pairs: Array<[string, string]>): string[] {
  return pairs.filter(([name]) => !IGNORED_HEADERS.has(name.toLowerCase())).map(([name, value]) => `${name.toLowerCase()}: ${value}`).sort();
}

function requestHeaders(r: ProbeRequest): Record<string, string> {
  const headers: Record<string, string> = { ...BASE_HEADERS, ...r.headers };
  if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
  return headers;
}

async function realExchange(port: number, r: ProbeRequest): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.url, headers: requestHeaders(r), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 0, headers: headerLines(pairs), body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

function sandboxExchange(out: HarnessResponse): Exchange {
  if (!('status' in out)) throw new Error('loadError' in out ? out.loadError : out.overflow);
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(out.headers)) for (const v of ([] as string[]).concat(value)) pairs.push([name, v]);
  return { status: out.status, headers: headerLines(pairs), body: out.bodyBase64 !== undefined ? Buffer.from(out.bodyBase64, 'base64') : Buffer.from(out.body, 'utf8') };
}

function compare(r: ProbeRequest, real: Exchange, sandboxed: Exchange): string[] {
  const where = `${r.method} ${r.url}`;
  const out: string[] = [];
  if (real.status !== sandboxed.status) out.push(`${where}: status ${real.status} (Express) vs ${sandboxed.status} (sandbox)`);
  const realSet = new Set(real.headers);
  const boxSet = new Set(sandboxed.headers);
  for (const h of real.headers) if (!boxSet.has(h)) out.push(`${where}: header only from Express: ${h}`);
  for (const h of sandboxed.headers) if (!realSet.has(h)) out.push(`${where}: header only from the sandbox: ${h}`);
  if (!real.body.equals(sandboxed.body)) out.push(`${where}: body ${JSON.stringify(real.body.toString('utf8').slice(0, 200))} (Express) vs ${JSON.stringify(sandboxed.body.toString('utf8').slice(0, 200))} (sandbox)`);
  return out;
}

export async function runProbes(probes: Probe[]): Promise<ProbeResult[]> {
  const harness = apiHarnessSource();
  let sandbox: Sandbox | undefined;
  const results: ProbeResult[] = [];
  try {
    for (const p of probes) {
      const differences: string[] = [];
      const code = await compile(p.code);
      let handler: Handler;
      try {
        handler = realHandler(code);
      } catch (err) {
        results.push({ name: p.name, identical: false, differences: [`Express could not load the probe: ${(err as Error).message}`] });
        continue;
      }
      const server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      try {
        if (!sandbox || sandbox.disposed) sandbox = Sandbox.createSync({ memoryMb: 128, outputBytes: 1 << 20, harness });
        const loaded = await sandbox.loadModule('load', code, 'probe.ts');
        if (!loaded.ok) throw new Error(loaded.message);
        for (let i = 0; i < p.requests.length; i++) {
          const r = p.requests[i];
          const real = await realExchange(port, r);
          const message = harnessRequest(i === 0, Date.now(), false, {
            method: r.method,
            path: r.url,
            headers: requestHeaders(r),
            query: {},
            rawBody: r.body,
          });
          const result = await sandbox.call('request', message, { timeoutMs: 2000, wallMs: 5000 });
          if (!result.ok) {
            differences.push(`${r.method} ${r.url}: the sandbox failed: ${result.message}`);
            continue;
          }
          differences.push(...compare(r, real, sandboxExchange(JSON.parse(result.value) as HarnessResponse)));
        }
        sandbox.takeConsole();
      } catch (err) {
        differences.push(`the sandbox could not serve the probe: ${(err as Error).message}`);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      results.push({ name: p.name, identical: differences.length === 0, differences });
    }
  } finally {
    sandbox?.dispose();
  }
  return results;
}

export function report(results: ProbeResult[]): string {
  const same = results.filter((r) => r.identical).length;
  const lines = [`${same}/${results.length} identical`];
  for (const r of results.filter((x) => !x.identical)) {
    lines.push(`- ${r.name}`);
    for (const d of r.differences) lines.push(`    ${d}`);
  }
  return lines.join('\n');
}
