// A tiny API challenge (one sample, two hidden tests, one known-wrong solution) as the files an author
// sends: small enough that validating it takes a moment, real enough to exercise the whole pipeline.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SOLUTION_MARK = 'REFERENCE-SOLUTION-MARK';
export const WRONG_MARK = 'WRONG-SOLUTION-MARK';
export const HIDDEN_MARK = 'hidden-probe-zebra';

export function uniqueSlug(prefix = 'greeter'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface GreeterOptions {
  /** Weight of the hidden "trims the name" test. */
  trimWeight?: number;
  /** Make the reference wrong (validation must fail). */
  brokenReference?: boolean;
  title?: string;
}

export function greeterFiles(slug: string, options: GreeterOptions = {}): Record<string, string> {
  const trim = options.brokenReference ? '' : '.trim()';
  return {
    'challenge.yaml': [
      `slug: ${slug}`,
      `title: ${options.title ?? 'Greeter API'}`,
      'kind: api',
      'difficulty: junior',
      'skills: [HTTP basics]',
      'tags: [test]',
      'expectedMinutes: 10',
      '',
    ].join('\n'),
    'README.md': '# Greeter\n\n`GET /hello?name=X` answers `{"greeting": "Hello, X!"}`; no name is a 400.\n',
    'starter.ts': 'export default function register(app: any) {\n  // your routes here\n}\n',
    'solution.ts': [
      `// ${SOLUTION_MARK}`,
      'export default function register(app: any) {',
      '  app.get("/hello", (req: any, res: any) => {',
      '    const name = typeof req.query.name === "string" ? req.query.name' + trim + ' : "";',
      '    if (!name) return res.status(400).json({ error: "name_required" });',
      '    res.json({ greeting: `Hello, ${name}!` });',
      '  });',
      '}',
      '',
    ].join('\n'),
    'wrong/no-validation.ts': [
      `// ${WRONG_MARK}`,
      'export default function register(app: any) {',
      '  app.get("/hello", (req: any, res: any) => res.json({ greeting: `Hello, ${req.query.name}!` }));',
      '}',
      '',
    ].join('\n'),
    'tests.yaml': [
      'tests:',
      '  - name: greets by name',
      '    visibility: sample',
      '    steps:',
      '      - request: { method: GET, path: /hello, query: { name: Ada } }',
      '        expect: { status: 200, body: { greeting: "Hello, Ada!" } }',
      '  - name: missing name is 400',
      '    visibility: hidden',
      '    steps:',
      '      - request: { method: GET, path: /hello }',
      '        expect: { status: 400, body: { error: name_required }, match: subset }',
      '  - name: trims the name',
      '    visibility: hidden',
      `    weight: ${options.trimWeight ?? 1}`,
      '    steps:',
      `      - request: { method: GET, path: /hello, query: { name: "  ${HIDDEN_MARK}  " } }`,
      `        expect: { status: 200, body: { greeting: "Hello, ${HIDDEN_MARK}!" } }`,
      '',
    ].join('\n'),
  };
}

/** A candidate's answer that validates names but forgets to trim: passes the 400 test, fails the trim test. */
export const NO_TRIM_SUBMISSION = [
  'export default function register(app: any) {',
  '  app.get("/hello", (req: any, res: any) => {',
  '    const name = req.query.name;',
  '    if (!name) return res.status(400).json({ error: "name_required" });',
  '    res.json({ greeting: `Hello, ${name}!` });',
  '  });',
  '}',
  '',
].join('\n');

export async function writeChallengeFolder(root: string, files: Record<string, string>, folder: string): Promise<string> {
  const dir = path.join(root, folder);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}
