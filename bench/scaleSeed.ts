// Seeds one assessment with many candidates straight into the database (multi-row inserts, no HTTP, no judging),
// for the scale bench and the similarity tests: every candidate accepted, started, finished, with one finished
// scored submission per challenge whose code the caller chooses.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

const CHUNK = 500;

export interface SeededChallenge {
  id: number;
  versionId: number;
}

export interface SeedOptions {
  candidates: number;
  challenges: SeededChallenge[];
  /** The code candidate i submits for a challenge, and its score. */
  submission: (i: number, challenge: SeededChallenge) => { code: string; score: number } | null;
  language?: string;
  /** Leave submissions out (the caller records them one by one). */
  withoutSubmissions?: boolean;
  /** Invitations not yet accepted (no candidate, not started, no submissions), opened with the returned tokens. */
  invitedOnly?: boolean;
}

export interface SeededAssessment {
  assessmentId: number;
  recruiterId: number;
  invitationIds: number[];
  submissionIds: number[];
  /** Invitation tokens (invitedOnly). */
  tokens: string[];
}

async function insertChunked<T>(knex: Knex, table: string, rows: object[], returning: string[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...((await knex(table).insert(rows.slice(i, i + CHUNK)).returning(returning)) as T[]));
  return out;
}

export async function seedAssessment(knex: Knex, options: SeedOptions): Promise<SeededAssessment> {
  const tag = randomBytes(4).toString('hex');
  const [recruiter] = await knex('users').insert({ email: `recruiter-${tag}@example.test`, role: 'recruiter', name: 'Recruiter' }).returning(['id']);
  const [assessment] = await knex('assessments').insert({ title: `Scale ${tag}`, recruiter_id: recruiter.id, time_limit_minutes: 60 }).returning(['id']);
  await knex('assessment_challenges').insert(options.challenges.map((c, position) => ({ assessment_id: assessment.id, challenge_id: c.id, position })));

  const indexes = Array.from({ length: options.candidates }, (_, i) => i);
  const email = (i: number) => `cand-${tag}-${String(i).padStart(5, '0')}@example.test`;
  const invitedOnly = options.invitedOnly ?? false;
  const users = invitedOnly ? [] : await insertChunked<{ id: number }>(knex, 'users', indexes.map((i) => ({ email: email(i), role: 'candidate', name: `Candidate ${i}` })), ['id']);
  const tokens = indexes.map(() => randomBytes(24).toString('base64url'));
  const now = Date.now();
  const started = (date: Date) => (invitedOnly ? null : date);
  const invitations = await insertChunked<{ id: number }>(
    knex,
    'invitations',
    indexes.map((i) => ({
      assessment_id: assessment.id,
      candidate_id: invitedOnly ? null : users[i].id,
      email: email(i),
      token_hash: createHash('sha256').update(tokens[i]).digest('hex'),
      expires_at: new Date(now + 7 * 86_400_000),
      started_at: started(new Date(now - 3_600_000)),
      deadline_at: started(new Date(now)),
      // Different times used, so the ranking has work to do.
      finished_at: started(new Date(now - 3_600_000 + 60_000 + (i % 1000) * 1000)),
      pinned_versions: invitedOnly ? null : JSON.stringify(Object.fromEntries(options.challenges.map((c) => [c.id, c.versionId]))),
    })),
    ['id'],
  );

  const submissions: object[] = [];
  if (!options.withoutSubmissions && !invitedOnly) {
    for (const i of indexes) {
      for (const c of options.challenges) {
        const s = options.submission(i, c);
        if (!s) continue;
        submissions.push({
          invitation_id: invitations[i].id,
          user_id: users[i].id,
          challenge_id: c.id,
          challenge_version_id: c.versionId,
          mode: 'submit',
          language: options.language ?? 'typescript',
          code: s.code,
          status: 'finished',
          verdict: s.score === 100 ? 'accepted' : 'wrong_answer',
          score: s.score,
          points: s.score,
          max_points: 100,
          attempts: 1,
          finished_at: new Date(now - 1_800_000),
        });
      }
    }
  }
  const inserted = await insertChunked<{ id: number }>(knex, 'submissions', submissions, ['id']);
  return { assessmentId: assessment.id, recruiterId: recruiter.id, invitationIds: invitations.map((r) => r.id), submissionIds: inserted.map((r) => r.id), tokens };
}
