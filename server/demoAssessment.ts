// On the first start of an empty database (never in production) the demo recruiter gets a demo assessment with the
// demo candidate invited, once the bundled challenges it uses are validated and published, so every demo account has
// something to do. The candidate can follow the printed link or log in with the printed password.
import type { Knex } from 'knex';
import { assessmentCreator } from './commands/assessmentCreator';
import { invitationCreator } from './commands/invitationCreator';
import type { DemoAccount } from './seed';

const DEMO_CHALLENGES = ['todo-crud', 'second-highest-salary', 'running-totals', 'rate-limiter'];

export async function createDemoAssessment(knex: Knex, accounts: DemoAccount[], baseUrl: string): Promise<string | null> {
  const recruiter = await knex('users').where({ email: accounts.find((a) => a.role === 'recruiter')!.email }).first('id');
  const candidate = accounts.find((a) => a.role === 'candidate')!;
  const published: Array<{ id: number; slug: string }> = await knex('challenges')
    .whereIn('slug', DEMO_CHALLENGES)
    .where({ status: 'published' })
    .whereNotNull('current_version_id')
    .select('id', 'slug');
  const ordered = DEMO_CHALLENGES.map((slug) => published.find((c) => c.slug === slug)).filter((c) => c !== undefined);
  if (!recruiter || ordered.length === 0) return null;
  const assessmentId = await assessmentCreator(knex, recruiter.id, {
    title: 'Demo: backend engineer',
    description: 'A demo assessment created on the first start: two API and two SQL challenges.',
    timeLimitMinutes: 90,
    challengeIds: ordered.map((c) => c.id),
  });
  const { token } = await invitationCreator(knex, { assessmentId, email: candidate.email, expiresInDays: 30 });
  return `${baseUrl}/invite/${token}`;
}
