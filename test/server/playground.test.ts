// "Try a request" against the real app on port 0 and the real runner: the candidate's own code answers the
// candidate's request in the sandbox; nothing is scored or stored; SQL challenges and finished assessments refuse.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { candidateVia, createAssessment, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import type { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';

describe('candidate playground (try a request)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let api: BuiltChallenge;
  let sql: BuiltChallenge;
  let candidate: Client;
  let invitationId: number;

  before(async () => {
    platform = await startAssessmentPlatform();
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    api = await buildChallenge(platform, 'todo-crud');
    sql = await buildChallenge(platform, 'org-chart-hierarchy');
    const assessment = await createAssessment(recruiter, [api.id, sql.id]);
    const invited = await invite(recruiter, assessment.id);
    invitationId = invited.invitation.id;
    candidate = (await candidateVia(platform, invited.token)).client;
  });
  after(() => platform?.close());

  const tryIt = (code: string, request: unknown, challengeId = api.id) => candidate.post(`/api/candidate/challenges/${challengeId}/playground`, { code, language: 'typescript', request });

  it("answers with the candidate's app: status, headers, body and console; nothing is stored", async () => {
    const code = api.challenge.solution.code.replace('export default function register(app: any) {', "export default function register(app: any) {\n  console.log('booting');");
    const res = await tryIt(code, { method: 'POST', path: '/todos', headers: { 'x-demo': '1' }, body: { title: 'Try me' } });
    assert.equal(res.status, 200, res.text);
    const r = res.body.result;
    assert.equal(r.response.status, 201);
    assert.deepEqual(r.response.body, { id: 1, title: 'Try me', done: false });
    assert.equal(r.response.headers.location, '/todos/1');
    assert.match(r.console, /booting/);
    assert.equal(r.verdict, 'accepted');
    const [{ n }] = await platform.db.knex('submissions').where({ invitation_id: invitationId }).count({ n: '*' });
    assert.equal(Number(n), 0, 'no submission recorded');
  });

  it('reports compile errors with their line, and a crash without a response', async () => {
    const broken = await tryIt('export default function register(app: any) {\n  const x: number = ;\n}', { method: 'GET', path: '/' });
    assert.equal(broken.status, 200);
    assert.equal(broken.body.result.verdict, 'compile_error');
    assert.equal(broken.body.result.response, null);
    assert.equal(broken.body.result.compileError.line, 2);
  });

  it('refuses SQL challenges, bad requests and foreign challenges', async () => {
    assert.equal((await tryIt('select 1', { method: 'GET', path: '/' }, sql.id)).status, 400);
    assert.equal((await tryIt('x', { method: 'FETCH', path: '/' })).status, 400);
    assert.equal((await tryIt('x', { method: 'GET', path: 'no-slash' })).status, 400);
    assert.equal((await tryIt('x', { method: 'GET', path: '/' }, 999_999)).status, 404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await candidate.get('/api/openapi.json')).body;
    assert.ok(doc.paths['/api/candidate/challenges/{challengeId}/playground']?.post);
  });
});

describe('candidate playground (run a query)', function () {
  this.timeout(90_000);
  let platform: Platform;
  let sql: BuiltChallenge;
  let candidate: Client;

  before(async () => {
    platform = await startAssessmentPlatform();
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    sql = await buildChallenge(platform, 'org-chart-hierarchy');
    const assessment = await createAssessment(recruiter, [sql.id]);
    candidate = (await candidateVia(platform, (await invite(recruiter, assessment.id)).token)).client;
  });
  after(() => platform?.close());

  const sample = () => sql.challenge.sql!.datasets.find((d) => d.visibility === 'sample')!.name;
  const run = (code: string, dataset = sample()) => candidate.post(`/api/candidate/challenges/${sql.id}/query`, { code, dataset });

  it('runs a read-only query on a sample dataset and returns the table', async () => {
    const res = await run('select 1 as one, 2 as two');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.result.verdict, 'ok');
    assert.deepEqual(res.body.result.columns, ['one', 'two']);
    assert.equal(res.body.result.rows.length, 1);
    const many = await run('select g from generate_series(1, 500) g');
    assert.equal(many.body.result.rows.length, 50, 'rows capped');
  });

  it('refuses writes, hidden datasets and unknown names', async () => {
    const write = await run('delete from employees');
    assert.equal(write.status, 200);
    assert.notEqual(write.body.result.verdict, 'ok');
    const hidden = sql.challenge.sql!.datasets.find((d) => d.visibility === 'hidden');
    if (hidden) assert.equal((await run('select 1', hidden.name)).status, 404);
    assert.equal((await run('select 1', 'no-such-dataset')).status, 404);
  });
});
