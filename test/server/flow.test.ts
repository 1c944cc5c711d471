// The whole assessment, end to end: a recruiter builds and sends it, a candidate takes it (runs samples, submits
// an API and a SQL solution, follows results live on a real socket), the recruiter reads the results. Every body
// and socket event the candidate receives is kept and searched for hidden test material.
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import type { Challenge } from '../../runner/challenge';
import type { Platform } from '../../server/platform';
import { Client, type Reply } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { connectSocket, emitAck, startAssessmentPlatform } from '../helpers/assessments';

/** A browser whose every response body is kept. */
class CapturingClient extends Client {
  readonly bodies: string[] = [];
  override async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await super.request<T>(method, path, body, headers);
    this.bodies.push(res.text);
    return res;
  }
}

const MIN_STRING = 6;
const MIN_JSON = 10;

function leafStrings(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_STRING) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => leafStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => leafStrings(v, out));
}

function addJson(value: unknown, out: Set<string>): void {
  if (value === undefined) return;
  const json = JSON.stringify(value);
  if (json.length >= MIN_JSON) out.add(json);
  leafStrings(value, out);
}

/** Hidden test material of a challenge, from its files. */
function hiddenMaterial(challenge: Challenge): Set<string> {
  const out = new Set<string>();
  for (const test of challenge.api?.tests ?? []) {
    if (test.visibility !== 'hidden') continue;
    for (const step of test.steps) {
      if (step.request.path.length >= MIN_STRING) out.add(step.request.path);
      addJson(step.request.body, out);
      if (Object.keys(step.request.query).length) addJson(step.request.query, out);
      addJson(step.expect.body, out);
    }
  }
  for (const dataset of challenge.sql?.datasets ?? []) {
    if (dataset.visibility !== 'hidden' || !dataset.sql) continue;
    for (const m of dataset.sql.matchAll(/'((?:[^']|'')*)'/g)) if (m[1].length >= MIN_STRING) out.add(m[1].replace(/''/g, "'"));
  }
  return out;
}

/** Hidden results as the recruiter sees them: expected rows (SQL) and expected/actual bodies (API). */
function hiddenResults(tests: Array<{ visibility: string; detail?: any }>): Set<string> {
  const out = new Set<string>();
  for (const t of tests) {
    if (t.visibility !== 'hidden' || !t.detail) continue;
    for (const row of t.detail.expectedRows ?? []) {
      addJson(row, out);
      for (const cell of row as unknown[]) if (cell !== null && String(cell).length >= MIN_STRING) out.add(String(cell));
    }
    for (const step of t.detail.steps ?? []) {
      addJson(step.request, out);
      addJson(step.expected, out);
    }
  }
  return out;
}

describe('assessment flow, end to end', function () {
  this.timeout(300_000);
  let platform: Platform;
  let api: BuiltChallenge;
  let sql: BuiltChallenge;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(400_000);
    platform = await startAssessmentPlatform();
    api = await buildChallenge(platform, 'todo-crud');
    sql = await buildChallenge(platform, 'org-chart-hierarchy');
    // The runner's first SQL judgment of a challenge builds its databases (tens of seconds on a loaded machine,
    // enough to hit the wall limit): pay for it here, outside the flow under test.
    for await (const _ of platform.runner.judge(sql.challenge, { code: sql.challenge.solution.code, language: 'sql' }, { scope: 'all' }));
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await platform.close();
  });

  it('recruiter invites, candidate runs and submits with live results, recruiter reviews; nothing hidden reaches the candidate', async () => {
    // Recruiter: an assessment with an API and a SQL challenge, and an invite.
    const { client: recruiter } = await loggedIn(platform, 'recruiter');
    const created = await recruiter.post('/api/assessments', { title: 'Backend flow', timeLimitMinutes: 60, challengeIds: [api.id, sql.id] });
    assert.equal(created.status, 201);
    const assessmentId = created.body.assessment.id;
    const recruiterSocket = await connectSocket(platform, recruiter);
    sockets.push(recruiterSocket);
    const activity: string[] = [];
    for (const name of ['assessment:candidate_started', 'assessment:submission', 'assessment:score']) recruiterSocket.on(name, () => activity.push(name));
    assert.deepEqual(await emitAck(recruiterSocket, 'join:assessment', { assessmentId }), { ok: true });
    const invited = await recruiter.post(`/api/assessments/${assessmentId}/invitations`, { email: 'flow-candidate@example.test' });
    assert.equal(invited.status, 201);
    const token = String(invited.body.link).split('/invite/')[1];

    // Candidate: opens the link, starts, reads the challenges.
    const candidate = new CapturingClient(platform.url);
    assert.equal((await candidate.post('/api/invitations/accept', { token })).status, 200);
    const started = await candidate.post('/api/candidate/start');
    assert.equal(started.status, 200);
    assert.deepEqual(started.body.assessment.challenges.map((c: { id: number }) => c.id), [api.id, sql.id]);
    const candidateSocket = await connectSocket(platform, candidate);
    sockets.push(candidateSocket);
    const socketTraffic: string[] = [];
    const events = new Map<number, Array<{ type: string; seq: number }>>();
    candidateSocket.onAny((name: string, payload: { submissionId: number; seq: number; type: string }) => {
      socketTraffic.push(JSON.stringify([name, payload]));
      if (!events.has(payload.submissionId)) events.set(payload.submissionId, []);
      events.get(payload.submissionId)!.push(payload);
    });
    const finishedLive = (id: number) =>
      new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => (events.get(id)?.some((e) => e.type === 'submission:finished') ? resolve() : Date.now() - t0 > 240_000 ? reject(new Error(`no submission:finished for ${id}`)) : setTimeout(tick, 20));
        tick();
      });
    const send = async (path: string, challenge: BuiltChallenge, language: string) => {
      const res = await candidate.post(path, { code: challenge.challenge.solution.code, language });
      assert.equal(res.status, 202, res.text);
      const id = res.body.submission.id as number;
      const ack = await emitAck(candidateSocket, 'join', { submissionId: id, lastSeq: 0 });
      socketTraffic.push(JSON.stringify(ack));
      assert.equal(ack.ok, true);
      return id;
    };

    assert.equal((await candidate.put(`/api/candidate/challenges/${api.id}/draft`, { code: api.challenge.starter.code })).status, 200);
    const runId = await send(`/api/candidate/challenges/${api.id}/run`, api, 'typescript');
    const apiId = await send(`/api/candidate/challenges/${api.id}/submissions`, api, 'typescript');
    const sqlId = await send(`/api/candidate/challenges/${sql.id}/submissions`, sql, 'sql');
    await Promise.all([finishedLive(runId), finishedLive(apiId), finishedLive(sqlId)]);

    for (const id of [runId, apiId, sqlId]) {
      const seqs = events.get(id)!.map((e) => e.seq);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), `seqs of ${id}`);
      assert.equal(events.get(id)![0].type, 'submission:queued');
    }
    const own = await candidate.get(`/api/submissions/${sqlId}`);
    assert.equal(own.body.submission.verdict, 'accepted');
    const ran = await candidate.get(`/api/submissions/${runId}`);
    assert.ok(ran.body.submission.tests.every((t: { visibility: string }) => t.visibility === 'sample'));
    await candidate.get(`/api/submissions/${apiId}`);
    await candidate.get('/api/candidate/assessment');
    await candidate.get('/api/candidate/submissions');

    // Recruiter: scores, code and per-test detail.
    const list = await recruiter.get(`/api/assessments/${assessmentId}/invitations`);
    const inv = list.body.invitations[0];
    assert.equal(inv.state, 'started');
    assert.equal(inv.best[String(api.id)].score, 100);
    assert.equal(inv.best[String(sql.id)].score, 100);
    const full = new Map<number, any>();
    for (const id of [apiId, sqlId]) {
      const res = await recruiter.get(`/api/submissions/${id}`);
      assert.equal(res.status, 200);
      full.set(id, res.body.submission);
    }
    assert.equal(full.get(apiId).code, api.challenge.solution.code);
    assert.equal(full.get(sqlId).code, sql.challenge.solution.code);
    for (const s of full.values()) {
      assert.ok(s.tests.some((t: { visibility: string; detail?: unknown }) => t.visibility === 'hidden' && t.detail), 'recruiter sees hidden detail');
    }
    assert.ok(full.get(sqlId).tests.some((t: { detail?: { expectedRows?: unknown[] } }) => (t.detail?.expectedRows?.length ?? 0) > 0));
    const detail = await recruiter.get(`/api/invitations/${inv.id}`);
    assert.equal(detail.body.submissions.length, 3);
    assert.deepEqual(activity.filter((a) => a === 'assessment:score').length, 3);
    assert.equal(activity[0], 'assessment:candidate_started');

    // The scan: hidden material that is not also public (statement, starter, samples, the candidate's own code).
    const publicText = [
      ...[api, sql].map((c) => JSON.stringify(started.body.assessment.challenges.find((x: { id: number }) => x.id === c.id))),
      api.challenge.solution.code,
      sql.challenge.solution.code,
      // Sample tests' detail is the candidate's to see; a hidden step identical to a sample step is no secret.
      ...[...full.values()].flatMap((s) => s.tests.filter((t: { visibility: string }) => t.visibility === 'sample').map((t: unknown) => JSON.stringify(t))),
    ].join('\n');
    const secrets = new Set<string>();
    for (const s of [...hiddenMaterial(api.challenge), ...hiddenMaterial(sql.challenge)]) secrets.add(s);
    for (const s of full.values()) for (const x of hiddenResults(s.tests)) secrets.add(x);
    const hidden = [...secrets].filter((s) => !publicText.includes(s));
    assert.ok(hidden.length >= 20, `too few hidden strings to make the scan meaningful: ${hidden.length}`);
    // A control: the recruiter's traffic does contain hidden material, so the scan can find what it looks for.
    const recruiterText = [...full.values()].map((s) => JSON.stringify(s)).join('\n');
    assert.ok(hidden.some((s) => recruiterText.includes(s)));

    const candidateTraffic = [...candidate.bodies, ...socketTraffic];
    assert.ok(candidateTraffic.length > 30, `captured ${candidateTraffic.length} candidate messages`);
    const leaks = hidden.filter((s) => candidateTraffic.some((t) => t.includes(s) || t.includes(JSON.stringify(s).slice(1, -1))));
    assert.deepEqual(leaks, [], `hidden material reached the candidate: ${leaks.slice(0, 5).join(' | ')}`);
  });
});
