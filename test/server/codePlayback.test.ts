// Code playback against the real app on port 0: snapshots are stored as deltas with periodic full copies, capped,
// refused outside the working window; the recruiter's frames rebuild every snapshot exactly, with runs marked.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { apply, diff, FULL_EVERY, MAX_SNAPSHOTS_PER_CHALLENGE, replay } from '../../server/commands/codePlayback';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import type { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';

/** The page's rebuild (server/web/src/lib/playbackView.ts) applied to the API's frames. */
function rebuild(frames: Array<{ full: boolean; keepStart: number; removed: number; text: string }>): string[] {
  let code = '';
  return frames.map((f) => (code = f.full ? f.text : code.slice(0, f.keepStart) + f.text + code.slice(f.keepStart + f.removed)));
}

describe('code playback', function () {
  this.timeout(90_000);

  describe('deltas', () => {
    it('diff then apply gives the new text, for edits anywhere', () => {
      const cases = [['', 'abc'], ['abc', ''], ['hello world', 'hello brave world'], ['aaaa', 'aa'], ['abcabc', 'abXabc'], ['x\ny\nz', 'x\nz'], ['same', 'same']];
      for (const [a, b] of cases) {
        const d = diff(a, b);
        assert.equal(apply(a, d), b, `${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
      assert.deepEqual(diff('hello world', 'hello brave world'), { keepStart: 6, removed: 0, text: 'brave ' });
      assert.deepEqual(replay([{ id: 1, at: new Date(0), full: true, keep_start: 0, removed: 0, text: 'ab' }, { id: 2, at: new Date(1), full: false, keep_start: 1, removed: 1, text: 'xy' }]).map((f) => f.code), ['ab', 'axy']);
    });
  });

  describe('routes', () => {
    let platform: Platform;
    let recruiter: Client;
    let challenge: BuiltChallenge;
    let other: BuiltChallenge;
    let assessmentId: number;

    before(async () => {
      platform = await startAssessmentPlatform();
      recruiter = (await loggedIn(platform, 'recruiter')).client;
      challenge = await buildChallenge(platform, 'todo-crud');
      other = await buildChallenge(platform, 'todo-crud');
      assessmentId = (await createAssessment(recruiter, [challenge.id])).id;
    });
    after(() => platform?.close());

    async function startedCandidate() {
      const invited = await invite(recruiter, assessmentId);
      const { client } = await candidateVia(platform, invited.token);
      return { client, invitationId: invited.invitation.id as number };
    }

    it('stores deltas with a full copy every FULL_EVERY, and the recruiter rebuilds every frame with runs marked', async () => {
      const { client, invitationId } = await startedCandidate();
      const versions: string[] = [];
      let code = challenge.challenge.starter?.code ?? '';
      for (let i = 0; i < FULL_EVERY + 5; i++) {
        code = i % 3 === 2 ? code.replace(/\/\/ step \d+\n$/, '') : `${code}// step ${i}\n`;
        const res = await client.post(`/api/candidate/challenges/${challenge.id}/snapshots`, { code });
        assert.equal(res.status, 202, res.text);
        assert.deepEqual(res.body, { stored: true });
        versions.push(code);
      }
      const again = await client.post(`/api/candidate/challenges/${challenge.id}/snapshots`, { code });
      assert.deepEqual(again.body, { stored: false, reason: 'unchanged' });

      const rows = await platform.db.knex('code_snapshots').where({ invitation_id: invitationId }).orderBy('id');
      assert.deepEqual(rows.map((r) => r.full).map((f, i) => (f ? i : -1)).filter((i) => i >= 0), [0, FULL_EVERY], 'full copies at the start and after FULL_EVERY');
      assert.ok(rows.slice(1, FULL_EVERY).every((r) => r.text.length < 20), 'deltas hold only the change');

      const run = await client.post(`/api/candidate/challenges/${challenge.id}/run`, { code, language: 'typescript' });
      assert.equal(run.status, 202, run.text);
      await finishedSubmission(client, run.body.submission.id);

      const read = await recruiter.get(`/api/invitations/${invitationId}/playback/${challenge.id}`);
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(rebuild(read.body.frames), versions);
      assert.deepEqual(
        read.body.marks.map((m: { submissionId: number; mode: string; status: string }) => [m.submissionId, m.mode, m.status]),
        [[run.body.submission.id, 'run', 'finished']],
      );
      assert.equal((await recruiter.get(`/api/invitations/${invitationId}/playback/${other.id}`)).status, 404);
    });

    it('refuses oversized code, foreign challenges and work after the finish; caps snapshots per challenge', async () => {
      const { client, invitationId } = await startedCandidate();
      const big = await client.post(`/api/candidate/challenges/${challenge.id}/snapshots`, { code: 'x'.repeat(64 * 1024 + 1) });
      assert.equal(big.status, 413);
      assert.equal(big.body.error.code, 'source_too_large');
      assert.equal((await client.post(`/api/candidate/challenges/${other.id}/snapshots`, { code: 'x' })).status, 404);

      await platform.db.knex('code_snapshots').insert(Array.from({ length: MAX_SNAPSHOTS_PER_CHALLENGE }, (_, i) => ({ invitation_id: invitationId, challenge_id: challenge.id, full: true, text: `v${i}` })));
      const capped = await client.post(`/api/candidate/challenges/${challenge.id}/snapshots`, { code: 'one more' });
      assert.equal(capped.status, 202);
      assert.deepEqual(capped.body, { stored: false, reason: 'snapshot_limit' });

      assert.equal((await client.post('/api/candidate/finish')).status, 200);
      const late = await client.post(`/api/candidate/challenges/${challenge.id}/snapshots`, { code: 'late' });
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'assessment_finished');
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await recruiter.get('/api/openapi.json')).body;
      assert.ok(doc.paths['/api/candidate/challenges/{challengeId}/snapshots']?.post);
      assert.ok(doc.paths['/api/invitations/{id}/playback/{challengeId}']?.get);
    });
  });
});
