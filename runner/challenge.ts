// A challenge as the runner sees it: parsed and validated from its files (a folder under challenges/,
// or the same files as JSON through the authoring API). A bad file raises one error type naming the
// file, the field and, for YAML, the line.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { MAX_FILE_BYTES, readSharedFiles, SharedFileError, SHARED_DIR } from './sharedDatasets';
import { getKind, isKind, kindNames } from './kinds';
import {
  challengeHeadSchema,
  challengeYamlSchemaFor,
  resolveLimits,
  type ApiTest,
  type ChallengeMeta,
  type CompareRules,
  type GeneratorSpec,
  type Limits,
  type Visibility,
} from './spec';

export type { Visibility };

export type ChallengeFiles = Record<string, string>;

export interface SqlDataset {
  name: string;
  visibility: Visibility;
  weight: number;
  /** SQL that fills the schema's tables (file datasets), or a generator (generated datasets). */
  sql?: string;
  generate?: GeneratorSpec;
}

/** One result table as stored: column names, PostgreSQL type oids (absent in results stored before types were kept), rows. */
export interface ExpectedTable {
  columns: string[];
  types?: number[];
  rows: unknown[][];
}

/**
 * A SQL challenge's reference results: per dataset name (query mode) or `name#i` (statements mode, verify
 * query i), the reference's table; `<key>@alternatives/x.sql`: an accepted alternative's table.
 */
export type SqlExpected = Record<string, ExpectedTable>;

/** The key of an accepted alternative's table in SqlExpected: `<key>@alternatives/x.sql`. */
export function alternativeKey(key: string, file: string): string {
  return `${key}@${file}`;
}

export interface Challenge {
  slug: string;
  /** sha256 over the sorted files: a change of content is a new version. */
  hash: string;
  meta: ChallengeMeta;
  limits: Limits;
  statement: string;
  starter: { file: string; code: string };
  solution: { file: string; code: string };
  wrong: Array<{ file: string; code: string }>;
  files: ChallengeFiles;
  api?: { tests: ApiTest[]; database?: { schema: string; seed: string } };
  sql?: {
    mode: 'query' | 'statements';
    schema: string;
    compare: CompareRules;
    verify: string[];
    datasets: SqlDataset[];
    /** alternatives/*.sql: other reference solutions whose results are accepted too. */
    alternatives: Array<{ file: string; code: string }>;
    /**
     * The reference solution's result per dataset name, computed at validation and stored with the
     * challenge version; when absent the SQL kind computes it from the reference on first use.
     */
    expected?: SqlExpected;
  };
  /** The parsed tests of kinds without a field above (runner/kinds/<kind>): read only by that kind. */
  section?: unknown;
}

export class ChallengeFormatError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}${field ? ` (${field})` : ''}: ${detail}`);
    this.name = 'ChallengeFormatError';
  }
}

const TEXT_FILE = /\.(ya?ml|md|ts|js|sql|json|txt)$/;

export function contentHash(files: ChallengeFiles): string {
  const h = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    h.update(name).update('\0').update(files[name]).update('\0');
  }
  return h.digest('hex');
}

export function parseYaml<S extends z.ZodType>(files: ChallengeFiles, file: string, schema: S): z.infer<S> {
  const text = files[file];
  if (text === undefined) throw new ChallengeFormatError(file, undefined, undefined, 'file is missing');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new ChallengeFormatError(file, undefined, lineCounter.linePos(err.pos[0]).line, err.message.split('\n')[0]);
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0];
    const fieldPath = issue.path.map(String);
    // Walk up the path until a node exists, so a missing field points at its parent's line.
    let line: number | undefined;
    for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    throw new ChallengeFormatError(file, fieldPath.join('.') || undefined, line, issue.message);
  }
  return result.data;
}

function pickFile(files: ChallengeFiles, base: string, exts: readonly string[]): { file: string; code: string } {
  for (const ext of exts) {
    const file = `${base}.${ext}`;
    if (files[file] !== undefined) return { file, code: files[file] };
  }
  throw new ChallengeFormatError(`${base}.${exts[0]}`, undefined, undefined, 'file is missing');
}

export function requireFile(files: ChallengeFiles, file: string): string {
  const text = files[file];
  if (text === undefined) {
    const shared = file.startsWith(`../${SHARED_DIR}/`);
    throw new ChallengeFormatError(
      file,
      undefined,
      undefined,
      shared ? `file is missing: a shared file is read from challenges/${SHARED_DIR}/ when the challenge folder is loaded, and these files do not include it` : 'file is missing',
    );
  }
  return text;
}

/** Parse and validate a challenge from its files: the common part here, the kind's part by the registered kind. */
export function parseChallenge(files: ChallengeFiles): Challenge {
  const head = parseYaml(files, 'challenge.yaml', challengeHeadSchema);
  if (!isKind(head.kind)) {
    const line = findLine(files['challenge.yaml'], /^kind\s*:/m);
    throw new ChallengeFormatError('challenge.yaml', 'kind', line, `unknown kind "${head.kind}": one of ${kindNames().join(', ')}`);
  }
  const kind = getKind(head.kind);
  const meta = parseYaml(files, 'challenge.yaml', challengeYamlSchemaFor(kind)) as ChallengeMeta;
  const exts = kind.extensions;
  const statement = requireFile(files, 'README.md');
  const starter = pickFile(files, 'starter', exts);
  const solution = pickFile(files, 'solution', exts);
  const wrong = Object.keys(files)
    .filter((f) => f.startsWith('wrong/') && exts.some((e) => f.endsWith(`.${e}`)))
    .sort()
    .map((file) => ({ file, code: files[file] }));
  return {
    slug: meta.slug,
    hash: contentHash(files),
    meta,
    limits: resolveLimits(meta.limits),
    statement,
    starter,
    solution,
    wrong,
    files,
    ...kind.parse(files, meta),
  };
}

function findLine(text: string | undefined, pattern: RegExp): number | undefined {
  const m = text === undefined ? null : pattern.exec(text);
  return m ? text!.slice(0, m.index).split('\n').length : undefined;
}

/** Read every text file of a challenge folder (relative paths with forward slashes). */
export async function readChallengeFiles(dir: string): Promise<ChallengeFiles> {
  const files: ChallengeFiles = {};
  async function walk(rel: string): Promise<void> {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(relPath);
      else if (entry.isFile() && TEXT_FILE.test(entry.name)) {
        const full = path.join(dir, relPath);
        if ((await stat(full)).size > MAX_FILE_BYTES) throw new ChallengeFormatError(relPath, undefined, undefined, 'file is larger than 2 MB');
        files[relPath] = await readFile(full, 'utf8');
      }
    }
  }
  await walk('');
  try {
    await readSharedFiles(dir, files, TEXT_FILE);
  } catch (err) {
    if (err instanceof SharedFileError) throw new ChallengeFormatError('challenge.yaml', err.field, err.line, err.detail);
    throw err;
  }
  return files;
}

export async function loadChallenge(dir: string): Promise<Challenge> {
  return parseChallenge(await readChallengeFiles(dir));
}

/**
 * Every challenge folder under a root (folders holding a challenge.yaml), sorted by name. Folders whose
 * name starts with "_" are the library's own (challenges/_datasets/: shared datasets), never challenges.
 */
export async function listChallengeDirs(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    const dir = path.join(root, entry.name);
    try {
      await stat(path.join(dir, 'challenge.yaml'));
      out.push(dir);
    } catch {
      // not a challenge folder
    }
  }
  return out.sort();
}
