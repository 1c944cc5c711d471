import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge, type Challenge } from '../../../runner/challenge';
import { judgeToResult } from '../../../runner/judge';
import { computeExpected, sqlKind } from '../../../runner/kinds/sql';
import type { TestFinished } from '../../../runner/types';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function run(challenge: Challenge, code: string) {
  const { events, finished } = await judgeToResult(challenge, { code, language: 'sql' });
  return { finished, tests: events.filter((e): e is TestFinished => e.type === 'test:finished') };
}

describe('sql kind', function () {
  this.timeout(180_000);

  describe('query mode: second-highest-salary', () => {
    let challenge: Challenge;
    before(async () => {
      challenge = await loadChallenge(path.join(ROOT, 'challenges/second-highest-salary'));
    });

    it('lists one test per dataset, samples weighing 0', () => {
      const tests = sqlKind.tests(challenge);
      assert.deepEqual(tests.map((t) => t.name), ['basic', 'no-employees', 'tied-top-salary', 'one-distinct-salary', 'unknown-salaries', 'large-company']);
      assert.equal(tests[0].weight, 0);
      assert.equal(tests.filter((t) => t.visibility === 'hidden').length, 5);
    });

    it('accepts the reference solution on every dataset', async () => {
      const { finished } = await run(challenge, challenge.solution.code);
      assert.equal(finished.verdict, 'accepted');
      assert.equal(finished.passed, 6);
    });

    it('fails every known-wrong solution on at least one hidden dataset', async () => {
      for (const wrong of challenge.wrong) {
        const { tests } = await run(challenge, wrong.code);
        assert.ok(tests.some((t) => t.visibility === 'hidden' && t.verdict !== 'accepted'), wrong.file);
      }
    });

    it('explains a wrong sample result with a diff', async () => {
      const { tests } = await run(challenge, 'SELECT max(salary) AS second_highest_salary FROM employees');
      const basic = tests.find((t) => t.name === 'basic')!;
      assert.equal(basic.verdict, 'wrong_answer');
      assert.deepEqual(basic.detail?.diff, [
        'missing 1 row(s): (95000)',
        'unexpected 1 row(s): (120000)',
        'first difference: expected row (95000) is missing; the closest row of the result, (120000), differs at column 1 ("second_highest_salary"): expected 95000 (numeric), got 120000 (numeric)',
      ]);
      assert.deepEqual(basic.detail?.columns, { expected: ['second_highest_salary'], actual: ['second_highest_salary'] });
    });

    it('reports a column name mismatch', async () => {
      const { tests } = await run(challenge, challenge.solution.code.replace('AS second_highest_salary', 'AS salary'));
      assert.deepEqual(tests[0].detail?.diff, ['column 1: expected name "second_highest_salary", got "salary"']);
    });

    it('turns a PostgreSQL error into a runtime_error with its line and column', async () => {
      const { finished, tests } = await run(challenge, 'SELECT salary AS second_highest_salary\nFROM employes');
      assert.equal(finished.verdict, 'runtime_error');
      assert.equal(tests[0].detail?.message, 'ERROR: relation "employes" does not exist (line 2, column 6) [42P01]');
    });

    it('rejects anything but one read query as a compile_error', async () => {
      const del = await run(challenge, '-- oops\nDELETE FROM employees');
      assert.equal(del.finished.verdict, 'compile_error');
      assert.equal(del.finished.compileError?.line, 2);
      const two = await run(challenge, 'SELECT 1 AS second_highest_salary; SELECT 2');
      assert.match(two.finished.compileError?.message ?? '', /exactly one query/);
      const ts = await judgeToResult(challenge, { code: 'SELECT 1', language: 'typescript' });
      assert.equal(ts.finished.verdict, 'compile_error');
    });

    it('computes the expected results for validation, and uses stored ones when present', async () => {
      const expected = await computeExpected(challenge);
      assert.deepEqual(Object.keys(expected).sort(), challenge.sql!.datasets.map((d) => d.name).sort());
      assert.deepEqual(expected['tied-top-salary'], { columns: ['second_highest_salary'], types: [1700], rows: [[88000]] });
      assert.deepEqual(expected['no-employees'].rows, [[null]]);
      // A stored result wins over the reference: here a deliberately different one.
      const stored: Challenge = { ...challenge, sql: { ...challenge.sql!, expected: { ...expected, basic: { columns: ['second_highest_salary'], types: [1700], rows: [[1]] } } } };
      const { tests } = await run(stored, challenge.solution.code);
      assert.equal(tests.find((t) => t.name === 'basic')!.verdict, 'wrong_answer');
      assert.equal(tests.find((t) => t.name === 'tied-top-salary')!.verdict, 'accepted');
    });
  });

  describe('statements mode: upsert-inventory', () => {
    let challenge: Challenge;
    before(async () => {
      challenge = await loadChallenge(path.join(ROOT, 'challenges/upsert-inventory'));
    });

    it('accepts the reference and fails every wrong solution on a hidden dataset', async () => {
      assert.equal((await run(challenge, challenge.solution.code)).finished.verdict, 'accepted');
      for (const wrong of challenge.wrong) {
        const { tests } = await run(challenge, wrong.code);
        assert.ok(tests.some((t) => t.visibility === 'hidden' && t.verdict !== 'accepted'), wrong.file);
      }
    });

    it('judges on the state left behind, and every run starts from the dataset again', async () => {
      // Applying the delivery twice in one run doubles it: wrong. Then the correct one is accepted,
      // so the first run's changes did not survive.
      const twice = challenge.solution.code.replace('DELETE FROM incoming_stock;', '') + '\n' + challenge.solution.code;
      const first = await run(challenge, twice);
      assert.equal(first.tests.find((t) => t.name === 'basic')!.verdict, 'wrong_answer');
      assert.match(first.tests.find((t) => t.name === 'basic')!.detail!.diff![0], /^verify query 1: first difference at row 1/);
      assert.equal((await run(challenge, challenge.solution.code)).finished.verdict, 'accepted');
    });

    it('stores one expected result per verify query', async () => {
      const expected = await computeExpected(challenge);
      assert.deepEqual(expected['basic#2'], { columns: ['staged_lines_left'], types: [20], rows: [[0]] });
      assert.equal(expected['basic#1'].rows.length, 4);
    });
  });
});
