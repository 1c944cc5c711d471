// The web application: one HTML shell for every page, the bundled scripts (esbuild, built once per process at
// start, held in memory) and the stylesheet. Scripts and styles are files, never inline, so the CSP can stay strict.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { Logger } from '../logger';
import { inOneOffNode, packagePath } from '../oneOffNode';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

interface Asset {
  body: Buffer;
  type: string;
}

let bundling: Promise<Map<string, Asset>> | undefined;

const BUILD_OPTIONS: BuildOptions = {
  entryPoints: [path.join(webDir, 'src/main.ts')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'silent',
  write: false,
  outdir: path.join(webDir, 'dist'),
};

/**
 * The bundle is built by a one-off node process, which hands the files over on its stdout: esbuild's service
 * process, once it has bundled CodeMirror, stayed alive with ~75 MB resident for the server's whole life (the
 * memory bench's per-process breakdown), for a build made once.
 */
async function buildInChild(): Promise<Map<string, Asset>> {
  const stdout = await inOneOffNode(`require(${JSON.stringify(packagePath('esbuild'))}).build(${JSON.stringify(BUILD_OPTIONS)}).then((r) => {
      process.stdout.write(JSON.stringify(r.outputFiles.map((f) => [f.path, Buffer.from(f.contents).toString('base64')])));
    }, (e) => { console.error(e.message); process.exit(1); });`);
  const assets = new Map<string, Asset>();
  for (const [file, base64] of JSON.parse(stdout) as Array<[string, string]>) {
    assets.set(path.basename(file), { body: Buffer.from(base64, 'base64'), type: file.endsWith('.map') ? 'application/json' : 'text/javascript' });
  }
  return assets;
}

/** Bundle server/web/src once per process; every platform started in the process (tests start many) shares it. */
export function webBundle(): Promise<Map<string, Asset>> {
  bundling ??= (async () => {
    const assets = await buildInChild();
    assets.set('style.css', { body: readFileSync(path.join(webDir, 'style.css')), type: 'text/css' });
    return assets;
  })();
  bundling.catch(() => (bundling = undefined));
  return bundling;
}

/** Paths the application answers with its HTML shell; the client-side router picks the page. */
const PAGE = /^\/(?:$|login$|invite\/[^/]+$|candidate(?:\/.*)?$|recruiter(?:\/.*)?$|author(?:\/.*)?$)/;

export function webRoutes(opts: { logger?: Logger } = {}): Router {
  const router = Router();
  const shell = readFileSync(path.join(webDir, 'index.html'));
  // Start bundling now so the first page view does not wait for it.
  webBundle().catch((err) => opts.logger?.error({ err }, 'bundling the web application failed'));

  router.get('/assets/:file', async (req: Request, res: Response, next: NextFunction) => {
    const assets = await webBundle();
    const asset = assets.get(String(req.params.file));
    if (!asset) return next();
    res.type(asset.type);
    // Entry names are stable (main.js), chunk names carry a hash.
    res.set('cache-control', /^chunk-/.test(String(req.params.file)) ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.send(asset.body);
  });

  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') || req.path.startsWith('/socket.io/') || req.path.startsWith('/assets/')) return next();
    // Known pages and any other HTML navigation (the client router shows "not found" itself).
    if (!PAGE.test(req.path) && !req.accepts('html')) return next();
    res.type('html').set('cache-control', 'no-cache').send(shell);
  });
  return router;
}
