// One-time work in a node process of its own, which exits when done: what it allocates (PGlite's initdb, esbuild's
// service after a bundle) would otherwise stay resident in the server for its whole life.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);

/** The path `require(name)` loads from here, to embed in a script run by {@link inOneOffNode}. */
export function packagePath(name: string): string {
  return require.resolve(name);
}

/** Run a CommonJS `script` in a fresh node process; resolves with its stdout, rejects if it exits non-zero. */
export async function inOneOffNode(script: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
