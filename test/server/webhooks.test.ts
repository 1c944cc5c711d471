// Webhooks against the real platform on port 0 and a real receiver on loopback: the three events arrive
// through the real flow (start, submit and judge, finish), signed; a 500 is retried and the delivery log shows
// every attempt; a delivery survives a restart. On TEST_DATABASE_URL the platform runs in server mode, so
// deliveries go through pg-boss; on PGlite through the in-process dispatcher.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Platform } from '../../server/platform';
import { verifySignature } from '../../server/webhooks/signature';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import type { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';
import { startReceiver, webhookEnv, type Receiver } from '../helpers/webhookReceiver';

async function deliveries(client: Client, hookId: number) {
  const res = await client.get(`/api/webhooks/${hookId}/deliveries`);
  assert.equal(res.status, 200, res.text);
  return res.body.deliveries as Array<{ type: string; status: string; attemptCount: number; attempts: Array<{ statusCode: number | null; error: string | null; durationMs: number }> }>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks', function () {
  this.timeout(120_000);
  let platform: Platform;
  let receiver: Receiver;
  let recruiter: Client;
  let todo: BuiltChallenge;
  let assessmentId: number;

  before(async () => {
    platform = await startAssessmentPlatform(await webhookEnv());
    receiver = await startReceiver();
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    todo = await buildChallenge(platform, 'todo-crud');
    assessmentId = (await createAssessment(recruiter, [todo.id])).id;
  });
  after(async () => {
    await platform?.close();
    await receiver?.close();
  });

  describe('POST /api/webhooks', () => {
    it('401 without a session, 403 for a candidate or an author, 400 on a bad URL or event', async () => {
      const { client: author } = await loggedIn(platform, 'author');
      const anonymous = (await import('../helpers/client')).Client;
      assert.equal((await new anonymous(platform.url).post('/api/webhooks', { url: receiver.url, events: ['invitation.started'] })).status, 401);
      assert.equal((await author.post('/api/webhooks', { url: receiver.url, events: ['invitation.started'] })).status, 403);
      for (const body of [
        { url: 'ftp://example.com/x', events: ['invitation.started'] },
        { url: 'http://user:pw@example.com/x', events: ['invitation.started'] },
        { url: receiver.url, events: ['invitation.deleted'] },
        { url: receiver.url, events: [] },
      ]) {
        const res = await recruiter.post('/api/webhooks', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error.code, 'validation_error');
      }
    });

    it("404 on another recruiter's assessment", async () => {
      const { client: other } = await loggedIn(platform, 'recruiter');
      const res = await other.post('/api/webhooks', { url: receiver.url, events: ['invitation.started'], assessmentId });
      assert.equal(res.status, 404);
    });
  });

  describe('delivery', () => {
  it('delivers invitation.started, submission.scored and invitation.finished from the real flow, signed, without hidden test content', async () => {
    const created = await recruiter.post('/api/webhooks', { url: `${receiver.url}/flow`, events: ['invitation.started', 'invitation.finished', 'submission.scored'], assessmentId });
    assert.equal(created.status, 201, created.text);
    const { secret, id: hookId } = created.body;
    assert.match(secret, /^whsec_/);
    const listed = await recruiter.get('/api/webhooks');
    assert.ok(listed.body.webhooks.some((w: { id: number }) => w.id === hookId));
    assert.ok(!listed.text.includes(secret), 'the secret is shown once');

    const invited = await invite(recruiter, assessmentId);
    const { client } = await candidateVia(platform, invited.token);
    const sub = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: todo.challenge.solution.code, language: 'typescript' });
    assert.equal(sub.status, 202, sub.text);
    await finishedSubmission(client, sub.body.submission.id);
    assert.equal((await client.post('/api/candidate/finish')).status, 200);

    const flow = () => receiver.received.filter((r) => r.path === '/flow' && r.json.data[r.json.type.startsWith('invitation') ? 'invitation' : 'submission']?.[r.json.type.startsWith('invitation') ? 'id' : 'invitationId'] === invited.invitation.id);
    await receiver.waitFor(() => flow().length >= 3);
    const byType = new Map(flow().map((r) => [r.json.type, r]));
    assert.deepEqual([...byType.keys()].sort(), ['invitation.finished', 'invitation.started', 'submission.scored']);
    for (const r of byType.values()) {
      assert.ok(verifySignature(secret, String(r.headers['assay-signature']), r.body), 'signature verifies');
      assert.ok(!verifySignature('whsec_wrong', String(r.headers['assay-signature']), r.body));
      assert.equal(r.headers['assay-event-type'], r.json.type);
      assert.equal(r.headers['assay-event-id'], r.json.id);
      assert.match(String(r.headers['assay-timestamp']), /^\d+$/);
      assert.ok(!Number.isNaN(Date.parse(r.json.created)));
    }
    const scored = byType.get('submission.scored')!.json.data.submission;
    assert.equal(scored.id, sub.body.submission.id);
    assert.equal(scored.assessmentId, assessmentId);
    assert.equal(scored.verdict, 'accepted');
    assert.equal(scored.score, 100);
    assert.equal(byType.get('invitation.started')!.json.data.invitation.email, invited.email);
    // Nothing of a hidden test travels: not its name, nor anything of its steps.
    const hidden = todo.challenge.api!.tests.filter((t) => t.visibility === 'hidden');
    assert.ok(hidden.length > 0);
    for (const r of flow()) for (const t of hidden) assert.ok(!r.body.includes(t.name), `hidden test name "${t.name}" in ${r.json.type}`);

    // The receiver answers before the attempt is written: wait for the log to catch up.
    const log = await until('every delivery logged as delivered', async () => {
      const l = await deliveries(recruiter, hookId);
      return l.length === 3 && l.every((d) => d.status === 'delivered') && l;
    });
    if (process.env.TEST_DATABASE_URL) {
      // Server mode: every attempt was a pg-boss job.
      const { rows } = await platform.db.knex.raw(`select count(*)::int as n from pgboss.job where name = 'webhook-delivery'`);
      assert.ok(rows[0].n >= 3, `pg-boss jobs: ${rows[0].n}`);
    }
    assert.ok(log.every((d) => d.attempts.length === 1 && d.attempts[0].statusCode === 200));
  });

  it("an account hook gets its owner's assessments' events; a disabled hook gets nothing", async () => {
    const account = await recruiter.post('/api/webhooks', { url: `${receiver.url}/account`, events: ['invitation.started'] });
    assert.equal(account.status, 201);
    const off = await recruiter.post('/api/webhooks', { url: `${receiver.url}/off`, events: ['invitation.started'], assessmentId });
    assert.equal((await recruiter.patch(`/api/webhooks/${off.body.id}`, { enabled: false })).body.enabled, false);
    const invited = await invite(recruiter, assessmentId);
    await candidateVia(platform, invited.token);
    await receiver.waitFor((rs) => rs.some((r) => r.path === '/account' && r.json.data.invitation?.id === invited.invitation.id));
    // A disabled hook is not written to (deliveries already waiting stay until it is enabled again).
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.received.filter((r) => r.path === '/off').length, 0);
    assert.deepEqual(await deliveries(recruiter, off.body.id), []);
    assert.equal((await recruiter.delete(`/api/webhooks/${off.body.id}`)).status, 204);
    assert.equal((await recruiter.get(`/api/webhooks/${off.body.id}/deliveries`)).status, 404);
    await recruiter.delete(`/api/webhooks/${account.body.id}`);
  });

  it('retries after a 500 with a backoff, then succeeds; the log shows both attempts', async () => {
    const hook = (await recruiter.post('/api/webhooks', { url: `${receiver.url}/retry`, events: ['invitation.finished'] })).body;
    receiver.answers = [500];
    const sent = await recruiter.post(`/api/webhooks/${hook.id}/test`);
    assert.equal(sent.status, 202, sent.text);
    const got = await receiver.waitFor((rs) => rs.filter((r) => r.path === '/retry').length >= 2);
    const tries = got.filter((r) => r.path === '/retry');
    assert.equal(tries[0].json.id, tries[1].json.id, 'the same event is retried');
    assert.equal(tries[0].json.type, 'webhook.test');
    const log = await until('the delivery marked delivered', async () => {
      const l = await deliveries(recruiter, hook.id);
      return l[0]?.status === 'delivered' && l;
    });
    assert.deepEqual(log[0].attempts.map((a) => a.statusCode), [500, 200]);
    assert.match(String(log[0].attempts[0].error), /500/);
    assert.ok(log[0].attempts.every((a) => a.durationMs >= 0));
  });

  it('gives up after 5 attempts and says why', async () => {
    const hook = (await recruiter.post('/api/webhooks', { url: `${receiver.url}/down`, events: ['invitation.finished'] })).body;
    receiver.answers = [503, 503, 503, 503, 503];
    await recruiter.post(`/api/webhooks/${hook.id}/test`);
    const log = await until('the delivery failed for good', async () => {
      const l = await deliveries(recruiter, hook.id);
      return l[0]?.status === 'failed' && l;
    }, 40_000);
    assert.deepEqual(log[0].attempts.map((a) => a.statusCode), [503, 503, 503, 503, 503]);
  });

  it('stores the secret and delivers the body it signed, byte for byte', async () => {
    const created = (await recruiter.post('/api/webhooks', { url: `${receiver.url}/bytes`, events: ['invitation.started'] })).body;
    await recruiter.post(`/api/webhooks/${created.id}/test`);
    const [r] = (await receiver.waitFor((rs) => rs.some((x) => x.path === '/bytes'))).filter((x) => x.path === '/bytes');
    const stored = await platform.db.knex('webhook_deliveries').where({ webhook_id: created.id }).first('body');
    assert.equal(createHash('sha256').update(r.body).digest('hex'), createHash('sha256').update(stored.body).digest('hex'));
  });
  });

  describe('restart', () => {
  it('a delivery queued when the platform stops is sent after a restart', async () => {
    const hook = (await recruiter.post('/api/webhooks', { url: `${receiver.url}/restart`, events: ['invitation.finished'] })).body;
    receiver.answers = [500];
    await recruiter.post(`/api/webhooks/${hook.id}/test`);
    await receiver.waitFor((rs) => rs.some((r) => r.path === '/restart'));
    await platform.close();
    const before = receiver.received.filter((r) => r.path === '/restart').length;
    assert.equal(before, 1);
    platform = await startAssessmentPlatform(await webhookEnv());
    await receiver.waitFor((rs) => rs.filter((r) => r.path === '/restart').length >= 2);
    const row = await until('delivered after the restart', async () => {
      const r = await platform.db.knex('webhook_deliveries').where({ webhook_id: hook.id }).first();
      return r.status === 'delivered' && r;
    });
    assert.equal(row.attempts, 2);
  });

  });
});
