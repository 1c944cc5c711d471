// A candidate's TypeScript or JavaScript module as the sandbox loads it: CommonJS by esbuild, with the line map
// that points stack traces back at the candidate's lines. Shared by the kinds whose submissions are modules (API,
// function); recently compiled sources are kept (a "Run" on the samples is usually followed by the same code).
import { createHash } from 'node:crypto';
import { transform } from 'esbuild';
import { MAX_LIMITS } from '../spec';
import type { Submission } from '../types';
import type { Sandbox } from '../sandbox';
import { decodeMappings, remapLocations, type LineMap } from './apiSourceMap';
import { CompileError } from './kind';

/** The file name stack traces and the line map use for the candidate's module. */
export const SOURCE_FILE = 'solution.ts';

export interface Compiled {
  code: string;
  map?: LineMap;
}
const compiled = new Map<string, Compiled>();
const COMPILE_CACHE_SIZE = 64;

export async function compileModule(submission: Submission): Promise<Compiled> {
  const key = createHash('sha256').update(submission.language).update('\0').update(submission.code).digest('hex');
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const code = await compileUncached(submission);
  if (compiled.size >= COMPILE_CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, code);
  return code;
}

async function compileUncached(submission: Submission): Promise<Compiled> {
  const bytes = Buffer.byteLength(submission.code, 'utf8');
  if (bytes > MAX_LIMITS.sourceBytes) {
    throw new CompileError(`the source is ${bytes} bytes; the limit is ${MAX_LIMITS.sourceBytes} bytes`);
  }
  try {
    const out = await transform(submission.code, {
      loader: submission.language === 'javascript' ? 'js' : 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcefile: SOURCE_FILE,
      sourcemap: 'external',
      logLevel: 'silent',
    });
    let map: LineMap | undefined;
    try {
      map = decodeMappings((JSON.parse(out.map) as { mappings: string }).mappings);
    } catch {
      map = undefined;
    }
    return { code: out.code, map };
  } catch (err) {
    const first = (err as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }).errors?.[0];
    if (first) {
      const loc = first.location ?? undefined;
      // esbuild columns are 0-based; editors count from 1.
      const where = loc ? ` (line ${loc.line}, column ${loc.column + 1})` : '';
      throw new CompileError(`${first.text}${where}`, loc?.line, loc ? loc.column + 1 : undefined);
    }
    throw new CompileError('the source could not be compiled');
  }
}

/**
 * Hands the compiled module to the sandbox's `load` entry. A module that fails to evaluate is the candidate's
 * compile error, with its message and place remapped to their own lines; the sandbox is disposed.
 */
export async function loadCompiledModule(sandbox: Sandbox, compiled: { moduleSource: string; sourceMap?: LineMap }): Promise<void> {
  const loaded = await sandbox.loadModule('load', compiled.moduleSource, SOURCE_FILE);
  if (loaded.ok) return;
  sandbox.dispose();
  const message = remapLocations(loaded.message, SOURCE_FILE, compiled.sourceMap);
  const m = /\((\d+):(\d+)\)|:(\d+):(\d+)/.exec(message);
  throw new CompileError(message, m ? Number(m[1] ?? m[3]) : undefined, m ? Number(m[2] ?? m[4]) : undefined);
}
