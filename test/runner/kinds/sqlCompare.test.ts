// Typed comparison end to end: column types travel from PGlite through the SQL kind into the comparison,
// type equivalences and accepted alternatives decide, and stored expected results keep their types.
import assert from 'node:assert/strict';
import { parseChallenge, type Challenge } from '../../../runner/challenge';
import { judgeToResult } from '../../../runner/judge';
import { computeExpected } from '../../../runner/kinds/sql';
import type { TestFinished } from '../../../runner/types';

const SELECT = (zip: string, rest = 'moved_on, ids, meta, stay') => `SELECT id, ${zip} AS zip, ${rest} FROM addresses`;

const files = {
  'challenge.yaml': `slug: typed-demo
title: Typed comparison demo
kind: sql
difficulty: junior
skills: [formatting]
expectedMinutes: 5
sql:
  mode: query
  compare: { equivalentTypes: ['date ~ timestamp'] }
  datasets:
    - { name: basic, visibility: sample, file: datasets/basic.sql }
    - { name: more, visibility: hidden, file: datasets/more.sql }
`,
  'README.md': '# demo\n',
  'schema.sql': 'CREATE TABLE addresses (id integer PRIMARY KEY, zip integer NOT NULL, moved_on date NOT NULL, ids bigint[], meta jsonb, stay interval);\n',
  'datasets/basic.sql': `INSERT INTO addresses VALUES (1, 234, '2024-02-29', '{9007199254740993, 2}', '{"b": 1, "a": [1, 2]}', '1 day');\n`,
  'datasets/more.sql': `INSERT INTO addresses VALUES (2, 12345, '2024-03-01', NULL, NULL, '36 hours'), (3, 7, '2023-12-31', '{}', '[]', '-1 mon');\n`,
  'solution.sql': `${SELECT("lpad(zip::text, 5, '0')")};\n`,
  'starter.sql': 'SELECT 1;\n',
  'wrong/unpadded.sql': `${SELECT('zip::text')};\n`,
  'alternatives/zip-plus-four.sql': `${SELECT("lpad(zip::text, 5, '0') || '-0000'")};\n`,
};

async function run(challenge: Challenge, code: string) {
  const { events, finished } = await judgeToResult(challenge, { code, language: 'sql' });
  return { finished, tests: events.filter((e): e is TestFinished => e.type === 'test:finished') };
}

describe('sql kind: typed comparison', function () {
  this.timeout(180_000);
  const challenge = parseChallenge(files);

  it('accepts the reference and an answer equal by value in equivalent or same-family types (date as timestamp, jsonb as json, 1 day as 24:00:00)', async () => {
    assert.equal((await run(challenge, files['solution.sql'])).finished.verdict, 'accepted');
    const sameValues = SELECT("lpad(zip::text, 5, '0')", "moved_on::timestamp AS moved_on, ids, meta::json AS meta, (extract(epoch from stay) * interval '1 second') AS stay");
    const { finished, tests } = await run(challenge, sameValues);
    assert.equal(finished.verdict, 'accepted', JSON.stringify(tests.map((t) => t.detail?.diff)));
  });

  it('rejects text that only looks like the expected number, naming the column, values and types', async () => {
    for (const zip of ['zip::text', "lpad(zip::text, 5, ' ')"]) {
      const { tests } = await run(challenge, SELECT(zip));
      const basic = tests.find((t) => t.name === 'basic')!;
      assert.equal(basic.verdict, 'wrong_answer', zip);
      assert.match(basic.detail!.diff!.at(-1)!, /differs at column 2 \("zip"\): expected "00234" \(text\), got " {0,2}234" \(text\)$/);
    }
  });

  it('rejects a column of another type family', async () => {
    const { tests } = await run(challenge, SELECT('zip'));
    assert.deepEqual(tests[0].detail!.diff, ['column 2 ("zip"): expected type text, got integer']);
  });

  it('accepts an alternative solution\'s result, and stores it beside the reference\'s with the types', async () => {
    assert.equal((await run(challenge, files['alternatives/zip-plus-four.sql'])).finished.verdict, 'accepted');
    const expected = await computeExpected(challenge);
    assert.deepEqual(Object.keys(expected).sort(), ['basic', 'basic@alternatives/zip-plus-four.sql', 'more', 'more@alternatives/zip-plus-four.sql']);
    assert.deepEqual(expected.basic.types, [23, 25, 1082, 1016, 3802, 1186]);
    // Stored as JSON by the server: big integers in arrays come back exact, as text.
    const stored = JSON.parse(JSON.stringify(expected));
    assert.deepEqual(stored.basic.rows[0][3], ['9007199254740993', 2]);
    const fromStore: Challenge = { ...challenge, sql: { ...challenge.sql!, expected: stored } };
    assert.equal((await run(fromStore, files['solution.sql'])).finished.verdict, 'accepted');
    assert.equal((await run(fromStore, files['wrong/unpadded.sql'])).finished.verdict, 'wrong_answer');
  });
});
