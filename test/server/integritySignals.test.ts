// Integrity signals against the real app on port 0: the candidate's batches are validated, clamped to the
// assessment window, capped per invitation and rate-limited; the assessment's recruiter reads them with the
// caveat, and the CSV carries them.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { MAX_EVENTS_PER_INVITATION } from '../../server/commands/integritySignals';
import { INTEGRITY_BATCHES_PER_MINUTE } from '../../server/routes/integrity';
import { candidateVia, createAssessment, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import type { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';

describe('integrity signals', function () {
  this.timeout(60_000);
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
    return { client, invitationId: invited.invitation.id as number, email: invited.email };
  }

  it('records a batch, clamps times to the assessment window, and shows the recruiter a summary with the caveat', async () => {
    const { client, invitationId, email } = await startedCandidate();
    const now = Date.now();
    const res = await client.post('/api/candidate/integrity-events', {
      events: [
        { type: 'first_keystroke', at: new Date(now).toISOString(), challengeId: challenge.id, amount: 4200 },
        { type: 'paste', at: new Date(now).toISOString(), challengeId: challenge.id, amount: 950 },
        { type: 'blur', at: new Date(now).toISOString(), challengeId: challenge.id, amount: 3000 },
        // A claimed time before the start and one in the future: both are clamped.
        { type: 'hidden', at: '2001-01-01T00:00:00Z', amount: 12_000 },
        { type: 'paste', at: new Date(now + 3600_000).toISOString(), challengeId: challenge.id, amount: 300 },
      ],
    });
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.body, { accepted: 5, dropped: 0 });

    const read = await recruiter.get(`/api/invitations/${invitationId}/integrity`);
    assert.equal(read.status, 200, read.text);
    assert.match(read.body.caveat, /not proof/);
    assert.deepEqual(read.body.summary, {
      pastes: 2,
      largestPasteChars: 950,
      pastedChars: 1250,
      focusLosses: 1,
      tabSwitches: 1,
      hiddenSeconds: 12,
      firstKeystrokeMs: { [String(challenge.id)]: 4200 },
      events: 5,
    });
    const inv = await platform.db.knex('invitations').where({ id: invitationId }).first();
    const times = read.body.events.map((e: { at: string }) => new Date(e.at).getTime());
    assert.ok(times.every((t: number) => t >= new Date(inv.started_at).getTime() - 1000 && t <= Date.now() + 1000), `times clamped: ${read.body.events.map((e: { at: string }) => e.at)}`);

    const csv = await recruiter.get(`/api/assessments/${assessmentId}/results.csv`);
    assert.equal(csv.status, 200);
    const [header, ...lines] = csv.text.trim().split('\r\n');
    const cols = header.split(',');
    const row = lines.find((l) => l.includes(email))!.split(',');
    const cell = (name: string) => row[cols.indexOf(name)];
    assert.equal(cell('signal_pastes'), '2');
    assert.equal(cell('signal_largest_paste_chars'), '950');
    assert.equal(cell('signal_focus_losses'), '1');
    assert.equal(cell('signal_tab_switches'), '1');
    assert.equal(cell('signal_hidden_seconds'), '12');
    assert.equal(cell('signal_first_keystroke_seconds'), '4.2');
  });

  it('refuses malformed events and challenges outside the assessment', async () => {
    const { client } = await startedCandidate();
    const at = new Date().toISOString();
    const bad = await client.post('/api/candidate/integrity-events', { events: [{ type: 'keylog', at }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_error');
    const empty = await client.post('/api/candidate/integrity-events', { events: [] });
    assert.equal(empty.status, 400);
    const foreign = await client.post('/api/candidate/integrity-events', { events: [{ type: 'paste', at, challengeId: other.id, amount: 500 }] });
    assert.equal(foreign.status, 404);
  });

  it('keeps at most MAX_EVENTS_PER_INVITATION per invitation and refuses after the finish', async () => {
    const { client, invitationId } = await startedCandidate();
    const at = new Date();
    await platform.db.knex('integrity_events').insert(Array.from({ length: MAX_EVENTS_PER_INVITATION - 3 }, () => ({ invitation_id: invitationId, type: 'blur', at, amount: 10 })));
    const events = Array.from({ length: 10 }, () => ({ type: 'paste', at: at.toISOString(), amount: 400 }));
    const res = await client.post('/api/candidate/integrity-events', { events });
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.body, { accepted: 3, dropped: 7 });
    const [{ count }] = await platform.db.knex('integrity_events').where({ invitation_id: invitationId }).count({ count: '*' });
    assert.equal(Number(count), MAX_EVENTS_PER_INVITATION);

    assert.equal((await client.post('/api/candidate/finish')).status, 200);
    const late = await client.post('/api/candidate/integrity-events', { events: events.slice(0, 1) });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'assessment_finished');
  });

  it('rate-limits batches per candidate', async () => {
    const { client } = await startedCandidate();
    const body = { events: [{ type: 'blur', at: new Date().toISOString(), amount: 5 }] };
    for (let i = 0; i < INTEGRITY_BATCHES_PER_MINUTE; i++) assert.equal((await client.post('/api/candidate/integrity-events', body)).status, 202);
    const limited = await client.post('/api/candidate/integrity-events', body);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await recruiter.get('/api/openapi.json')).body;
    assert.ok(doc.paths['/api/candidate/integrity-events']?.post);
    assert.ok(doc.paths['/api/invitations/{id}/integrity']?.get);
  });
});
