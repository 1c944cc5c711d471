// The role × route matrix: every route in the registry has a row of expected statuses for each kind of caller.
// A route without a row fails the run, so new routes are covered as soon as they are registered.
// Reading the rows: 401 no session, 403 wrong role, 404 a resource that is not the caller's (or does not
// exist for them); 400 on a route whose request is deliberately invalid means the caller got PAST the role
// check (validation runs after authorisation), used where a valid request would change shared fixtures.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { candidateVia, createAssessment, finishedSubmission, invite } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn, startTestPlatform, uniqueEmail } from '../helpers/platform';

const CALLERS = ['anonymous', 'candidate', 'otherCandidate', 'owner', 'otherRecruiter', 'author', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

interface Fixtures {
  clients: Record<Caller, Client>;
  challenge: BuiltChallenge;
  /** Only for the authoring routes, which publish, rejudge and archive it. */
  authoring: BuiltChallenge;
  assessmentId: number;
  invitationId: number;
  submissionId: number;
  otherSubmissionId: number;
  /** The owner's (recruiter's) webhook on the assessment and personal API token. */
  webhookId: number;
  tokenId: number;
}

interface Row {
  /** `${METHOD} ${mount}${path}` exactly as registered. */
  route: string;
  request: (fx: Fixtures) => Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  /** anonymous, candidate, otherCandidate, owner (recruiter), otherRecruiter, author, admin */
  expect: [number, number, number, number, number, number, number];
}

const STAFF_OWN: Row['expect'] = [401, 403, 403, 200, 404, 403, 200];
const CANDIDATE_ONLY = (s: number): Row['expect'] => [401, s, s, 403, 403, 403, 403];
const AUTHORS = (s: number): Row['expect'] => [401, 403, 403, 403, 403, s, s];

// Ordered: rows that change what later rows depend on (finish, archive, logout) come last.
const ROWS: Row[] = [
  { route: 'GET /api/openapi.json', request: () => ({ path: '/api/openapi.json' }), expect: [200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/me', request: () => ({ path: '/api/me' }), expect: [401, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/login', request: () => ({ path: '/api/auth/login', body: {} }), expect: [400, 400, 400, 400, 400, 400, 400] },
  { route: 'POST /api/users', request: () => ({ path: '/api/users', body: {} }), expect: [401, 403, 403, 403, 403, 403, 400] },
  { route: 'GET /api/users', request: () => ({ path: '/api/users' }), expect: [401, 403, 403, 403, 403, 403, 200] },

  { route: 'POST /api/assessments', request: (fx) => ({ path: '/api/assessments', body: { title: 'Matrix', timeLimitMinutes: 30, challengeIds: [fx.challenge.id] } }), expect: [401, 403, 403, 201, 201, 403, 201] },
  { route: 'GET /api/assessments', request: () => ({ path: '/api/assessments' }), expect: [401, 403, 403, 200, 200, 403, 200] },
  { route: 'GET /api/assessments/:id', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}` }), expect: STAFF_OWN },
  { route: 'POST /api/assessments/:id/invitations', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/invitations`, body: { email: uniqueEmail('matrix') } }), expect: [401, 403, 403, 201, 404, 403, 201] },
  { route: 'GET /api/assessments/:id/invitations', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/invitations` }), expect: STAFF_OWN },
  { route: 'GET /api/invitations/:id', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}` }), expect: STAFF_OWN },
  {
    route: 'POST /api/invitations/:id/revoke',
    // A fresh invitation per caller, so each one meets an invitation that can still be revoked.
    request: async (fx) => ({ path: `/api/invitations/${(await invite(fx.clients.owner, fx.assessmentId)).invitation.id}/revoke` }),
    expect: STAFF_OWN,
  },
  // The matrix's platform has no SMTP_URL: 409 email_disabled shows the caller got past the role check.
  { route: 'POST /api/invitations/:id/reminders', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/reminders` }), expect: [401, 403, 403, 409, 404, 403, 409] },
  { route: 'POST /api/assessments/:id/reminders', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/reminders` }), expect: [401, 403, 403, 409, 404, 403, 409] },
  { route: 'GET /api/assessments/:id/emails', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/emails?ids=${fx.invitationId}` }), expect: STAFF_OWN },
  { route: 'GET /api/invitations/:id/emails', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/emails` }), expect: STAFF_OWN },
  { route: 'POST /api/invitations/accept', request: () => ({ path: '/api/invitations/accept', body: { token: 'not-a-real-token' } }), expect: [401, 401, 401, 401, 401, 401, 401] },

  { route: 'GET /api/candidate/assessment', request: () => ({ path: '/api/candidate/assessment' }), expect: CANDIDATE_ONLY(200) },
  { route: 'POST /api/candidate/start', request: () => ({ path: '/api/candidate/start' }), expect: CANDIDATE_ONLY(200) },
  { route: 'PUT /api/candidate/challenges/:challengeId/draft', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/draft`, body: { code: '// draft' } }), expect: CANDIDATE_ONLY(200) },
  { route: 'POST /api/candidate/challenges/:challengeId/run', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/run`, body: { code: '', language: 'cobol' } }), expect: CANDIDATE_ONLY(400) },
  { route: 'POST /api/candidate/challenges/:challengeId/submissions', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/submissions`, body: { code: '', language: 'cobol' } }), expect: CANDIDATE_ONLY(400) },
  { route: 'GET /api/candidate/submissions', request: () => ({ path: '/api/candidate/submissions' }), expect: CANDIDATE_ONLY(200) },
  { route: 'POST /api/candidate/challenges/:challengeId/snapshots', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/snapshots`, body: { code: `// snapshot ${randomUUID()}` } }), expect: CANDIDATE_ONLY(202) },
  { route: 'POST /api/candidate/challenges/:challengeId/playground', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/playground`, body: { code: '', language: 'cobol' } }), expect: CANDIDATE_ONLY(400) },
  { route: 'POST /api/candidate/challenges/:challengeId/query', request: (fx) => ({ path: `/api/candidate/challenges/${fx.challenge.id}/query`, body: { code: 'select 1' } }), expect: CANDIDATE_ONLY(400) },
  { route: 'POST /api/candidate/integrity-events', request: () => ({ path: '/api/candidate/integrity-events', body: { events: [{ type: 'blur', at: new Date().toISOString(), amount: 1 }] } }), expect: CANDIDATE_ONLY(202) },

  // The owner candidate, the assessment's recruiter and admins; the author is nobody's reviewer.
  { route: 'GET /api/submissions/:id', request: (fx) => ({ path: `/api/submissions/${fx.submissionId}` }), expect: [401, 200, 404, 200, 404, 404, 200] },
  // Authors rejudge challenges but read no candidate's judgements: the same viewer rule as the submission.
  { route: 'GET /api/submissions/:id/judgements', request: (fx) => ({ path: `/api/submissions/${fx.submissionId}/judgements` }), expect: [401, 403, 403, 200, 404, 404, 200] },

  { route: 'GET /api/challenges', request: () => ({ path: '/api/challenges' }), expect: [401, 403, 403, 200, 200, 200, 200] },
  { route: 'POST /api/challenges', request: () => ({ path: '/api/challenges', body: {} }), expect: AUTHORS(400) },
  { route: 'GET /api/challenges/:slug', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}` }), expect: [401, 403, 403, 200, 200, 200, 200] },
  { route: 'PUT /api/challenges/:slug', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}`, body: {} }), expect: AUTHORS(400) },
  { route: 'GET /api/challenges/:slug/versions', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions` }), expect: AUTHORS(200) },
  { route: 'GET /api/challenges/:slug/versions/:version', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions/1` }), expect: AUTHORS(200) },
  { route: 'GET /api/challenges/:slug/versions/:version/validation', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions/1/validation` }), expect: AUTHORS(200) },
  // Version 1 is published and frozen: a 409 (rather than a minute of judging) shows the caller got through.
  { route: 'POST /api/challenges/:slug/versions/:version/validate', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions/1/validate` }), expect: AUTHORS(409) },
  { route: 'POST /api/challenges/:slug/versions/:version/publish', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions/1/publish` }), expect: AUTHORS(200) },
  { route: 'GET /api/challenges/:slug/versions/:version/export', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/versions/1/export` }), expect: AUTHORS(200) },
  { route: 'POST /api/challenges/:slug/rejudge', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/rejudge` }), expect: AUTHORS(202) },
  { route: 'GET /api/challenges/:slug/rejudges/:id', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/rejudges/${randomUUID()}` }), expect: AUTHORS(404) },

  { route: 'GET /api/assessments/:id/leaderboard', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/leaderboard` }), expect: STAFF_OWN },
  { route: 'GET /api/assessments/:id/results.csv', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/results.csv` }), expect: STAFF_OWN },
  { route: 'GET /api/assessments/:id/similarity', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/similarity` }), expect: STAFF_OWN },
  { route: 'GET /api/assessments/:id/compare', request: (fx) => ({ path: `/api/assessments/${fx.assessmentId}/compare?a=${fx.submissionId}&b=${fx.otherSubmissionId}` }), expect: STAFF_OWN },
  { route: 'GET /api/invitations/:id/review', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/review` }), expect: STAFF_OWN },
  { route: 'GET /api/invitations/:id/playback/:challengeId', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/playback/${fx.challenge.id}` }), expect: STAFF_OWN },
  { route: 'GET /api/invitations/:id/integrity', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/integrity` }), expect: STAFF_OWN },
  { route: 'PUT /api/invitations/:id/review', request: (fx) => ({ path: `/api/invitations/${fx.invitationId}/review`, body: { rating: 3 } }), expect: STAFF_OWN },

  // ATS integration: tokens are personal (an admin revokes only their own), webhooks their owner's or any for admins.
  { route: 'POST /api/tokens', request: () => ({ path: '/api/tokens', body: { name: 'matrix', scopes: ['read'] } }), expect: [401, 403, 403, 201, 201, 403, 201] },
  { route: 'GET /api/tokens', request: () => ({ path: '/api/tokens' }), expect: [401, 403, 403, 200, 200, 403, 200] },
  { route: 'DELETE /api/tokens/:id', request: (fx) => ({ path: `/api/tokens/${fx.tokenId}` }), expect: [401, 403, 403, 204, 404, 403, 404] },
  // A loopback URL: refused at delivery (WEBHOOK_ALLOW_PRIVATE unset), so the matrix never sends anything anywhere.
  { route: 'POST /api/webhooks', request: () => ({ path: '/api/webhooks', body: { url: 'http://127.0.0.1:9/matrix', events: ['invitation.started'] } }), expect: [401, 403, 403, 201, 201, 403, 201] },
  { route: 'GET /api/webhooks', request: () => ({ path: '/api/webhooks' }), expect: [401, 403, 403, 200, 200, 403, 200] },
  { route: 'PATCH /api/webhooks/:id', request: (fx) => ({ path: `/api/webhooks/${fx.webhookId}`, body: { enabled: true } }), expect: STAFF_OWN },
  { route: 'POST /api/webhooks/:id/test', request: (fx) => ({ path: `/api/webhooks/${fx.webhookId}/test` }), expect: [401, 403, 403, 202, 404, 403, 202] },
  { route: 'GET /api/webhooks/:id/deliveries', request: (fx) => ({ path: `/api/webhooks/${fx.webhookId}/deliveries` }), expect: STAFF_OWN },
  {
    route: 'DELETE /api/webhooks/:id',
    request: async (fx) => ({ path: `/api/webhooks/${(await fx.clients.owner.post('/api/webhooks', { url: 'http://127.0.0.1:9/gone', events: ['invitation.finished'], assessmentId: fx.assessmentId })).body.id}` }),
    expect: [401, 403, 403, 204, 404, 403, 204],
  },

  // Last: these change the fixtures for everything after them.
  { route: 'POST /api/candidate/finish', request: () => ({ path: '/api/candidate/finish' }), expect: CANDIDATE_ONLY(200) },
  { route: 'POST /api/challenges/:slug/archive', request: (fx) => ({ path: `/api/challenges/${fx.authoring.slug}/archive` }), expect: AUTHORS(200) },
  { route: 'POST /api/auth/logout', request: () => ({ path: '/api/auth/logout' }), expect: [204, 204, 204, 204, 204, 204, 204] },
];

const methodOf = (route: string) => route.split(' ')[0];

describe('role × route matrix', function () {
  this.timeout(180_000);
  let platform: Platform;
  let fx: Fixtures;

  before(async () => {
    // No challenge folder sync (the tests build their own), and room for seven failed logins from one address.
    const empty = nodePath.join(os.tmpdir(), `assay-no-challenges-${process.pid}`);
    mkdirSync(empty, { recursive: true });
    platform = await startTestPlatform({ env: { CHALLENGES_DIR: empty }, loginFailuresPerWindow: 100 });
    const owner = (await loggedIn(platform, 'recruiter')).client;
    const otherRecruiter = (await loggedIn(platform, 'recruiter')).client;
    const author = (await loggedIn(platform, 'author')).client;
    const admin = (await loggedIn(platform, 'admin')).client;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const authoring = await buildChallenge(platform, 'todo-crud');
    const assessment = await createAssessment(owner, [challenge.id]);
    const first = await invite(owner, assessment.id);
    const second = await invite(owner, assessment.id);
    const candidate = (await candidateVia(platform, first.token)).client;
    const otherCandidate = (await candidateVia(platform, second.token)).client;
    const submitted = async (client: Client) => {
      const res = await client.post(`/api/candidate/challenges/${challenge.id}/submissions`, { code: challenge.challenge.solution.code, language: 'typescript' });
      assert.equal(res.status, 202, res.text);
      return (await finishedSubmission(client, res.body.submission.id)).id as number;
    };
    fx = {
      clients: { anonymous: new Client(platform.url), candidate, otherCandidate, owner, otherRecruiter, author, admin },
      challenge,
      authoring,
      assessmentId: assessment.id,
      invitationId: first.invitation.id,
      submissionId: await submitted(candidate),
      otherSubmissionId: await submitted(otherCandidate),
      webhookId: (await owner.post('/api/webhooks', { url: 'http://127.0.0.1:9/matrix', events: ['submission.scored'], assessmentId: assessment.id })).body.id,
      tokenId: (await owner.post('/api/tokens', { name: 'matrix', scopes: ['read'] })).body.id,
    };
  });
  after(() => platform?.close());

  it('has exactly one row per registered route', () => {
    const registered = platform.app.registry.routes.map((r) => `${r.spec.method.toUpperCase()} ${r.mount}${r.spec.path}`);
    const rows = ROWS.map((r) => r.route);
    const missing = registered.filter((r) => !rows.includes(r));
    const stale = rows.filter((r) => !registered.includes(r));
    assert.deepEqual(missing, [], `routes without a row in the matrix: ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `rows for routes that are not registered: ${stale.join(', ')}`);
    assert.equal(new Set(rows).size, rows.length, 'a route has two rows');
  });

  for (const row of ROWS) {
    it(`${row.route}: ${CALLERS.map((c, i) => `${c} ${row.expect[i]}`).join(', ')}`, async () => {
      const actual: number[] = [];
      for (const caller of CALLERS) {
        const { path, body } = await row.request(fx);
        const res = await fx.clients[caller].request(methodOf(row.route), path, body ?? (methodOf(row.route) === 'GET' ? undefined : {}));
        actual.push(res.status);
      }
      assert.deepEqual(
        Object.fromEntries(CALLERS.map((c, i) => [c, actual[i]])),
        Object.fromEntries(CALLERS.map((c, i) => [c, row.expect[i]])),
      );
    });
  }
});
