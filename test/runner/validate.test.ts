import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runner } from '../../runner/types';
import { validateChallengeDir, validateChallengeDirs } from '../../runner/validate';

const CHALLENGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'challenges');
// A challenge whose reference runs on the sandbox as it is (etag-conditional-get now needs real Express).
const SLUG = 'bearer-auth';

describe('runner/validate', () => {
  let tmp: string;
  /** Judges in this process: validation logic is what is under test here, not the pool. */
  let inProcess: Runner;

  before(async () => {
    // Loaded with import() so that judge.ts and the kinds it imports dynamically share one module
    // graph: under mocha a static import goes through require and would load kinds/kind.ts twice.
    const { judge } = await import('../../runner/judge');
    inProcess = { judge, close: async () => {} };
  });

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'assay-validate-'));
  });

  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** A copy of a real challenge, in a folder named after its slug, that a test may then break. */
  async function copyChallenge(slug = SLUG): Promise<string> {
    const dir = path.join(tmp, slug);
    await cp(path.join(CHALLENGES, slug), dir, { recursive: true });
    return dir;
  }

  it('passes a valid challenge and reports how many hidden tests each wrong solution fails', async () => {
    const report = await validateChallengeDir(path.join(CHALLENGES, SLUG), inProcess);

    assert.equal(report.ok, true, report.errors.join('\n'));
    assert.deepEqual(report.errors, []);
    assert.equal(report.slug, SLUG);
    assert.match(report.hash, /^[0-9a-f]{64}$/);
    assert.equal(report.reference.verdict, 'accepted');
    assert.equal(report.reference.passed, report.reference.total);
    assert.ok(report.reference.total > 0);
    assert.deepEqual(report.reference.failures, []);
    assert.ok(report.wrong.length >= 2);
    for (const wrong of report.wrong) {
      assert.ok(wrong.file.startsWith('wrong/'));
      assert.equal(wrong.ok, true, wrong.file);
      assert.ok(wrong.failedHidden >= 1 && wrong.failedHidden <= wrong.totalHidden, wrong.file);
      assert.equal(wrong.caughtBy.length, wrong.failedHidden);
    }
    assert.notEqual(report.starter?.verdict, 'compile_error');
    // The server stores the report as JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });

  it('fails a challenge whose wrong solution passes every hidden test', async () => {
    const dir = await copyChallenge();
    const reference = await readFile(path.join(dir, 'solution.ts'), 'utf8');
    await writeFile(path.join(dir, 'wrong', 'no-expiry.ts'), reference);

    const report = await validateChallengeDir(dir, inProcess);

    assert.equal(report.ok, false);
    assert.equal(report.reference.verdict, 'accepted');
    const undetected = report.wrong.find((w) => w.file === 'wrong/no-expiry.ts');
    assert.ok(undetected);
    assert.equal(undetected.ok, false);
    assert.equal(undetected.failedHidden, 0);
    assert.ok(undetected.totalHidden > 0);
    assert.ok(report.errors.some((e) => e.includes('wrong/no-expiry.ts') && e.includes('passes every hidden test')), report.errors.join('\n'));
    // The other wrong solutions are still caught.
    assert.ok(report.wrong.filter((w) => w.file !== 'wrong/no-expiry.ts').every((w) => w.ok));
  });

  it('fails a challenge whose reference solution does not pass every test, naming the tests', async () => {
    const dir = await copyChallenge();
    const wrong = await readFile(path.join(dir, 'wrong', 'forbidden-as-401.ts'), 'utf8');
    await writeFile(path.join(dir, 'solution.ts'), wrong);

    const report = await validateChallengeDir(dir, inProcess);

    assert.equal(report.ok, false);
    assert.equal(report.reference.verdict, 'wrong_answer');
    assert.ok(report.reference.passed < report.reference.total);
    assert.ok(report.reference.failures.includes('a missing scope is 403, not 401'));
    assert.ok(report.errors.some((e) => e.startsWith('the reference solution.ts is wrong_answer')), report.errors.join('\n'));
  });

  it('reports a wrong solution that does not compile instead of counting it as caught', async () => {
    const dir = await copyChallenge();
    await writeFile(path.join(dir, 'wrong', 'always-200.ts'), 'export default function (app: any) {\n  app.get("/x", (req, res) => {\n');

    const report = await validateChallengeDir(dir, inProcess);

    assert.equal(report.ok, false);
    const broken = report.wrong.find((w) => w.file === 'wrong/always-200.ts');
    assert.equal(broken?.verdict, 'compile_error');
    assert.equal(broken?.ok, false);
    assert.ok(report.errors.some((e) => e.startsWith('wrong/always-200.ts is compile_error')), report.errors.join('\n'));
  });

  it('reports the file, field and line of a malformed challenge.yaml', async () => {
    const dir = await copyChallenge();
    const file = path.join(dir, 'challenge.yaml');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const line = lines.findIndex((l) => l.startsWith('difficulty:')) + 1;
    assert.ok(line > 0);
    lines[line - 1] = 'difficulty: expert';
    await writeFile(file, lines.join('\n'));

    const report = await validateChallengeDir(dir, inProcess);

    assert.equal(report.ok, false);
    assert.equal(report.reference.verdict, 'not_run');
    assert.deepEqual(report.wrong, []);
    assert.equal(report.formatError?.file, 'challenge.yaml');
    assert.equal(report.formatError?.field, 'difficulty');
    assert.equal(report.formatError?.line, line);
    assert.match(report.errors[0], new RegExp(`^challenge\\.yaml:${line} \\(difficulty\\): `));
    assert.match(report.hash, /^[0-9a-f]{64}$/);
  });

  it('reports the file, field and line of a malformed test in tests.yaml', async () => {
    const dir = await copyChallenge();
    const file = path.join(dir, 'tests.yaml');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((l) => l.trim() === 'visibility: hidden');
    lines[index] = lines[index].replace('hidden', 'secret');
    await writeFile(file, lines.join('\n'));

    const report = await validateChallengeDir(dir, inProcess);

    assert.equal(report.ok, false);
    assert.equal(report.formatError?.file, 'tests.yaml');
    assert.match(report.formatError?.field ?? '', /^tests\.\d+\.visibility$/);
    assert.equal(report.formatError?.line, index + 1);
  });

  it('validates several challenges through the runner pool', async function () {
    this.timeout(60000);
    const dir = await copyChallenge();
    await writeFile(path.join(dir, 'wrong', 'no-expiry.ts'), await readFile(path.join(dir, 'solution.ts'), 'utf8'));

    const seen: string[] = [];
    const reports = await validateChallengeDirs([path.join(CHALLENGES, 'todo-crud'), dir], undefined, {
      onProgress: (event) => seen.push(event.type === 'challenge' ? `challenge ${event.report.slug}` : `${event.role} ${event.run.file}`),
    });

    assert.deepEqual(
      reports.map((r) => [r.slug, r.ok]),
      [
        ['todo-crud', true],
        [SLUG, false],
      ],
    );
    assert.ok(seen.includes('challenge todo-crud'));
    assert.ok(seen.includes('reference solution.ts'));
    assert.ok(seen.includes('wrong wrong/no-expiry.ts'));
  });

  it('validates a SQL challenge in one child process of the pool, with its progress and reference results', async function () {
    this.timeout(180000);
    const dir = await copyChallenge('upsert-inventory');
    await writeFile(path.join(dir, 'wrong', 'same-as-reference.sql'), await readFile(path.join(dir, 'solution.sql'), 'utf8'));
    const { createRunner } = await import('../../runner/index');
    const runner = createRunner({ processes: 1, sqlSpares: 0 });
    try {
      assert.ok(runner.validateSqlChallenge, 'the pool validates SQL challenges in one child');
      const seen: string[] = [];
      const report = await validateChallengeDir(dir, runner, {
        onProgress: (event) => seen.push(event.type === 'challenge' ? `challenge ${event.report.slug}` : `${event.role} ${event.run.file}`),
      });
      assert.equal(report.ok, false);
      assert.equal(report.reference.verdict, 'accepted');
      assert.equal(report.wrong.length, 4);
      assert.deepEqual(
        report.wrong.filter((w) => !w.ok).map((w) => w.file),
        ['wrong/same-as-reference.sql'],
      );
      assert.ok(report.errors.some((e) => e.includes('wrong/same-as-reference.sql passes every hidden test')));
      assert.ok(report.expected && Object.keys(report.expected).length >= 6, 'the reference results come back to store');
      for (const file of ['reference solution.sql', 'wrong wrong/same-as-reference.sql', 'challenge upsert-inventory']) assert.ok(seen.includes(file), file);
    } finally {
      await runner.close();
    }
  });
});
