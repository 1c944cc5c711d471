// Files a challenge.yaml names outside the challenge's own folder: the library's shared datasets under
// challenges/_datasets/ (one club database for many challenges instead of a copy in each). They are read into
// the challenge's files under the path as written (`../_datasets/club/schema.sql`), so a version stores its
// own copy and its content hash covers them. Symlinks are never followed, and a path that cannot be used
// gets an error saying what it was resolved to.
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

/** The library folder of shared files, beside the challenge folders; never a challenge itself. */
export const SHARED_DIR = '_datasets';
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export class SharedFileError extends Error {
  constructor(
    readonly field: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'SharedFileError';
  }
}

interface Reference {
  value: string;
  field: (string | number)[];
}

/** Every file path challenge.yaml names: sql.schema, sql.datasets[].file, database.schema / seed. */
function references(data: unknown): Reference[] {
  const out: Reference[] = [];
  const doc = (data ?? {}) as { sql?: { schema?: unknown; datasets?: unknown }; database?: { schema?: unknown; seed?: unknown }; kind?: unknown };
  const add = (value: unknown, field: (string | number)[]) => {
    if (typeof value === 'string' && value !== '') out.push({ value, field });
  };
  if (doc.sql && typeof doc.sql === 'object') {
    add(doc.sql.schema ?? 'schema.sql', ['sql', 'schema']);
    if (Array.isArray(doc.sql.datasets)) doc.sql.datasets.forEach((d, i) => add((d as { file?: unknown })?.file, ['sql', 'datasets', i, 'file']));
  }
  if (doc.database && typeof doc.database === 'object') {
    add(doc.database.schema ?? 'schema.sql', ['database', 'schema']);
    add(doc.database.seed ?? 'seed.sql', ['database', 'seed']);
  }
  return out;
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch {
    return undefined;
  }
}

/** The first symlink on the way from `from` (exclusive) down to `to` (inclusive), if any. */
async function firstSymlink(from: string, to: string): Promise<string | undefined> {
  let current = from;
  for (const part of path.relative(from, to).split(path.sep)) {
    current = path.join(current, part);
    const st = await lstatOrUndefined(current);
    if (!st) return undefined;
    if (st.isSymbolicLink()) return current;
  }
  return undefined;
}

/**
 * Add the shared files challenge.yaml names to `files`, and explain the referenced paths that are not in
 * `files` (a symlink, a missing file, a path outside both folders). challenge.yaml that does not parse is
 * left to parseChallenge, which reports it with its line.
 */
export async function readSharedFiles(dir: string, files: Record<string, string>, textFile: RegExp): Promise<void> {
  const yamlText = files['challenge.yaml'];
  if (yamlText === undefined) return;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return;
  const lineOf = (field: (string | number)[]) => {
    const node = doc.getIn(field, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  const sharedRoot = path.resolve(dir, '..', SHARED_DIR);
  for (const { value, field } of references(doc.toJS())) {
    if (files[value] !== undefined) continue;
    const resolved = path.resolve(dir, value);
    const fail = (detail: string) => {
      throw new SharedFileError(field.join('.'), lineOf(field), `"${value}" resolved to ${resolved}: ${detail}`);
    };
    const where = inside(dir, resolved) ? dir : inside(sharedRoot, resolved) ? sharedRoot : undefined;
    if (!where) {
      fail(`outside the challenge folder and outside the shared datasets folder ${sharedRoot}; a challenge reads only its own files and shared ones (written as ../${SHARED_DIR}/<path>)`);
      return;
    }
    const link = (await firstSymlink(where === sharedRoot ? path.dirname(sharedRoot) : dir, resolved)) ?? undefined;
    if (link) fail(`${link} is a symlink (to ${await readlink(link)}), and symlinks are not followed: copy the file into ${where === dir ? 'the challenge folder' : sharedRoot} instead`);
    const st = await lstatOrUndefined(resolved);
    if (!st) fail('no such file');
    else if (!st.isFile()) fail('not a regular file');
    else if (!textFile.test(resolved)) fail('not a counted text file (.sql, .yaml, .md, ...)');
    else if (st.size > MAX_FILE_BYTES) fail('larger than 2 MB');
    else if (where === dir) fail(`the file exists, but write its path relative to the challenge folder: "${path.relative(dir, resolved).split(path.sep).join('/')}"`);
    else files[value] = await readFile(resolved, 'utf8');
  }
}
