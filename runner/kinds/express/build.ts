// Bundles the API harness (./harness.js), the real `express` package and the node:* modules the sandbox
// offers (./node/) into the one setup script each isolate evaluates. Built once per process, in memory,
// the first time an API sandbox is made (~0.2 s); nothing is written to disk.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const local = (file: string) => path.join(HERE, file);
// A package whose name is also a Node built-in's must be given by path, or esbuild leaves it to require().
const pkg = (name: string) => createRequire(import.meta.url).resolve(`${name}/`);

// Every Node built-in a bundled package requires, and what it becomes in the isolate.
const NODE: Record<string, string> = {
  http: local('node/http.cjs'),
  crypto: local('node/crypto.cjs'),
  url: local('node/url.cjs'),
  util: local('node/util.cjs'),
  net: local('node/net.cjs'),
  zlib: local('node/zlib.cjs'),
  async_hooks: local('node/async_hooks.cjs'),
  diagnostics_channel: local('node/diagnostics_channel.cjs'),
  process: local('node/process.cjs'),
  fs: local('node/unavailable.cjs'),
  os: local('node/unavailable.cjs'),
  tty: local('node/unavailable.cjs'),
  stream: local('node/unavailable.cjs'),
  path: 'path-browserify',
  querystring: 'querystring-es3',
  events: pkg('events'),
  buffer: local('node/buffer.cjs'),
  string_decoder: pkg('string_decoder'),
};

// Packages replaced by smaller equivalents (why: in each file's header).
const PACKAGES: Record<string, string> = {
  debug: local('packages/debug.cjs'),
  depd: local('packages/depd.cjs'),
  'iconv-lite': local('packages/iconv-lite.cjs'),
  send: local('packages/send.cjs'),
  'serve-static': local('packages/serve-static.cjs'),
  'object-inspect': local('packages/object-inspect.cjs'),
  'side-channel': local('packages/side-channel.cjs'),
  'mime-db': local('packages/mime-db.json'),
  'merge-descriptors': local('packages/merge-descriptors.cjs'),
  'path-to-regexp': local('packages/path-to-regexp.cjs'),
};

function aliases(): Record<string, string> {
  const out: Record<string, string> = { ...PACKAGES, 'assay-buffer-package': pkg('buffer'), 'assay-path-to-regexp-package': createRequire(import.meta.url).resolve('path-to-regexp') };
  for (const [name, target] of Object.entries(NODE)) {
    out[name] = target;
    out[`node:${name}`] = target;
  }
  return out;
}

/** The harness as the Sandbox takes it: `(function (sandbox) { ...; return entries })`. */
export function buildHarnessSource(): string {
  const result = buildSync({
    entryPoints: [local('harness.js')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__assayHarness',
    platform: 'node',
    target: 'es2022',
    alias: aliases(),
    inject: [local('node/inject.js')],
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: HERE,
  });
  const code = result.outputFiles[0].text;
  const external = /\b__require\("([^"]+)"\)/.exec(code);
  if (external) throw new Error(`the API harness bundle still requires ${external[1]}`);
  return `(function (sandbox) {\n'use strict';\n${code}\nreturn __assayHarness.default(sandbox);\n})`;
}
