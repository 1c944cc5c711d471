// A cluster on one PostgreSQL database, as docs/DEPLOY.md lays it out: server processes (`npm start` with
// DATABASE_URL) and worker processes (`npm run worker`), each a separate OS process started the way the npm
// scripts start them. Shared by the cluster test and the cluster bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ClusterProcess {
  name: string;
  child: ChildProcess;
  /** Servers: their base URL. */
  url?: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What the process printed (for a failure message). */
  output(): string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The settings every process of the cluster shares (DEPLOY.md: the same DATABASE_URL and SESSION_SECRET everywhere). */
export function clusterEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const empty = path.join(os.tmpdir(), `assay-cluster-no-challenges-${process.pid}`);
  mkdirSync(empty, { recursive: true });
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: 'cluster-secret-cluster-secret-cluster',
    LOG_LEVEL: 'warn',
    CHALLENGES_DIR: empty,
    HOST: '127.0.0.1',
    RUNNER_PROCESSES: '1',
    ...extra,
  };
}

function start(name: string, script: string, env: Record<string, string>): ClusterProcess {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, exited, output: () => out };
}

export async function startServer(name: string, env: Record<string, string>): Promise<ClusterProcess> {
  const port = await freePort();
  const p = start(name, 'server/main.ts', { ...env, PORT: String(port) });
  p.url = `http://127.0.0.1:${port}`;
  return p;
}

export function startWorker(name: string, env: Record<string, string>): ClusterProcess {
  return start(name, 'server/worker.ts', env);
}

/** Until GET /readyz answers 200 (a server) or the line that says jobs are being taken (a worker). */
export async function ready(p: ClusterProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => (exited = true));
  while (Date.now() < until) {
    if (exited) throw new Error(`${p.name} exited while starting:\n${p.output()}`);
    if (p.url) {
      const ok = await fetch(`${p.url}/readyz`).then((r) => r.ok, () => false);
      if (ok) return;
    } else if (p.output().includes('assay worker:')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.name} was not ready within ${timeoutMs} ms:\n${p.output()}`);
}

/** SIGTERM (drain) and wait; SIGKILL if it does not stop within `graceMs`. */
export async function stop(p: ClusterProcess, graceMs = 30_000): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}
