// The bundled API challenges written for Express 5, judged on real Express 5 over a socket: the reference
// passes every test, each wrong/ solution fails at least one hidden test.
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadChallenge } from '../../runner/challenge';
import { judgeOnRealExpress } from './realExpress';

const ROOT = path.resolve(import.meta.dirname, '../../challenges');
export const REAL_EXPRESS_CHALLENGES = ['etag-conditional-get', 'session-auth', 'github-issues', 'short-links'];

describe('API challenges on real Express 5', function () {
  this.timeout(60_000);
  for (const slug of REAL_EXPRESS_CHALLENGES) {
    describe(slug, () => {
      it('the reference passes every test', async () => {
        const challenge = await loadChallenge(path.join(ROOT, slug));
        const verdicts = await judgeOnRealExpress(challenge, challenge.solution.code, challenge.solution.file);
        const failed = verdicts.filter((v) => !v.passed);
        assert.deepEqual(failed, []);
      });

      it('each wrong solution fails a hidden test', async () => {
        const challenge = await loadChallenge(path.join(ROOT, slug));
        assert.ok(challenge.wrong.length >= 2);
        for (const wrong of challenge.wrong) {
          const verdicts = await judgeOnRealExpress(challenge, wrong.code, wrong.file);
          const caught = verdicts.filter((v) => !v.passed && v.visibility === 'hidden');
          assert.ok(caught.length > 0, `${wrong.file} passes every hidden test on real Express`);
          if (process.env.SHOW_CAUGHT) console.log(`      ${wrong.file}: ${caught.map((v) => v.name).join(', ')}`);
        }
      });
    });
  }
});
