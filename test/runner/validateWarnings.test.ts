import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge, type Challenge } from '../../runner/challenge';
import type { ValidationReport, WrongReport } from '../../runner/validate';
import { authorChecks } from '../../runner/validateWarnings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function report(challenge: Challenge, wrong: Array<Partial<WrongReport>> = [], expected: ValidationReport['expected'] = {}): ValidationReport {
  return {
    slug: challenge.slug,
    hash: challenge.hash,
    ok: true,
    reference: { file: 'solution.sql', verdict: 'accepted', passed: 1, total: 1, failures: [], wallMs: 1 },
    wrong: wrong.map((w) => ({ file: 'wrong/x.sql', verdict: 'wrong_answer', failedHidden: 1, totalHidden: 3, caughtBy: [], ok: true, wallMs: 1, ...w })),
    expected,
    errors: [],
    wallMs: 1,
  };
}

describe('validate author checks', () => {
  let challenge: Challenge;
  before(async () => {
    challenge = await loadChallenge(path.join(ROOT, 'challenges/second-highest-salary'));
  });

  it('warns about a wrong solution caught by a single dataset', () => {
    const { warnings } = authorChecks(challenge, report(challenge, [{ file: 'wrong/a.sql', caughtBy: ['ties'] }, { file: 'wrong/b.sql', caughtBy: ['ties', 'empty'] }]));
    assert.deepEqual(warnings, ['wrong/a.sql is caught only by the hidden dataset "ties": add another dataset that catches this mistake']);
  });

  it('warns when there is no sample dataset', () => {
    const sql = { ...challenge.sql!, datasets: challenge.sql!.datasets.map((d) => ({ ...d, visibility: 'hidden' as const })) };
    const { warnings } = authorChecks({ ...challenge, sql }, report(challenge));
    assert.match(warnings[0], /no sample dataset/);
  });

  it('warns when columns match by position and the statement does not give their order', () => {
    const first = challenge.sql!.datasets[0].name;
    const expected = { [first]: { columns: ['second_highest_salary', 'zzz_unlisted'], types: [1700, 25], rows: [] } };
    const byPosition = { ...challenge, sql: { ...challenge.sql!, compare: { ...challenge.sql!.compare, columnNames: false } } };
    assert.match(authorChecks(byPosition, report(challenge, [], expected)).warnings[0], /columns match by position.*\(second_highest_salary, zzz_unlisted\)/);
    const listed = { [first]: { ...expected[first], columns: ['second_highest_salary'] } };
    assert.deepEqual(authorChecks(byPosition, report(challenge, [], listed)).warnings, []);
  });

  it('checks alternatives against the comparison rules, and warns about one that adds nothing', () => {
    const rows = { columns: ['name', 'cost'], types: [25, 23], rows: [['a', 9], ['b', 5]] };
    const sql = { ...challenge.sql!, compare: { ...challenge.sql!.compare, orderBy: [{ column: 'cost', descending: true, nullsFirst: false }] }, alternatives: [{ file: 'alternatives/a.sql', code: '' }] };
    const same = authorChecks({ ...challenge, sql }, report(challenge, [], { basic: rows, 'basic@alternatives/a.sql': rows }));
    assert.match(same.warnings[0], /alternatives\/a.sql gives the reference's result on every dataset/);
    const unsorted = { ...rows, rows: [['b', 5], ['a', 9]] };
    const bad = authorChecks({ ...challenge, sql }, report(challenge, [], { basic: rows, 'basic@alternatives/a.sql': unsorted }));
    assert.match(bad.errors[0], /^alternatives\/a.sql on basic: the expected result is not sorted by compare.orderBy/);
  });
});
