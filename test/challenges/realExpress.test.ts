// The bundled API challenges written for Express 5, judged on real Express 5 over a socket: the reference
// passes every test, each wrong/ solution fails at least one hidden test.
import assert from 'node:assert/strict';
import path from 'node:path';
import express from 'express';
import { loadChallenge } from '../../runner/challenge';
import { judgeOnRealExpress, type RealExpressOptions } from './realExpress';

const ROOT = path.resolve(import.meta.dirname, '../../challenges');
const NO_OPTIONS: RealExpressOptions = {};
// References written for the Express look-alike read req.body without a parser: judged here with
// express.json() applied before the module, until they call it themselves. orders-report-api needs ctx.db.
const PRE_PARSED: RealExpressOptions = { before: [express.json()] };
const CHALLENGES: Array<[string, RealExpressOptions]> = [
  ['etag-conditional-get', NO_OPTIONS],
  ['session-auth', NO_OPTIONS],
  ['github-issues', NO_OPTIONS],
  ['short-links', NO_OPTIONS],
  ['paginated-products', NO_OPTIONS],
  ['rate-limiter', NO_OPTIONS],
  ['todo-crud', PRE_PARSED],
  ['bearer-auth', PRE_PARSED],
  ['idempotency-keys', PRE_PARSED],
  ['error-handling', PRE_PARSED],
];

describe('API challenges on real Express 5', function () {
  this.timeout(60_000);
  for (const [slug, options] of CHALLENGES) {
    describe(slug, () => {
      it('the reference passes every test', async () => {
        const challenge = await loadChallenge(path.join(ROOT, slug));
        const verdicts = await judgeOnRealExpress(challenge, challenge.solution.code, challenge.solution.file, options);
        const failed = verdicts.filter((v) => !v.passed);
        assert.deepEqual(failed, []);
      });

      it('each wrong solution fails a hidden test', async () => {
        const challenge = await loadChallenge(path.join(ROOT, slug));
        assert.ok(challenge.wrong.length >= 2);
        for (const wrong of challenge.wrong) {
          const verdicts = await judgeOnRealExpress(challenge, wrong.code, wrong.file, options);
          const caught = verdicts.filter((v) => !v.passed && v.visibility === 'hidden');
          assert.ok(caught.length > 0, `${wrong.file} passes every hidden test on real Express`);
          if (process.env.SHOW_CAUGHT) console.log(`      ${wrong.file}: ${caught.map((v) => v.name).join(', ')}`);
        }
      });
    });
  }
});
