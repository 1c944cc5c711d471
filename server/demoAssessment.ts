// On the first start of an empty database (never in production) the demo recruiter gets a demo assessment with the
// demo candidate invited, once the bundled challenges it uses are validated and published, so every demo account has
// something to do. The candidate can follow the printed link or log in with the printed password.
//
// The demo does not wait for the whole library: its challenges are validated first (platform.ts passes them as the
// library run's `first`) and it is created as soon as they have settled, while the rest of the library validates.
import type { Knex } from 'knex';
import { assessmentCreator } from './commands/assessmentCreator';
import { invitationCreator } from './commands/invitationCreator';
import type { DemoAccount } from './seed';

/** Two API and two SQL challenges, in the order the candidate sees them (and the library validates them). */
export const DEMO_CHALLENGES: readonly string[] = ['todo-crud', 'second-highest-salary', 'running-totals', 'rate-limiter'];

export interface DemoAssessment {
  link: string;
  /** The demo challenges that were published in time (a demo challenge that fails validation is left out). */
  challenges: string[];
}

export async function createDemoAssessment(knex: Knex, accounts: DemoAccount[], baseUrl: string): Promise<DemoAssessment | null> {
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
  return { link: `${baseUrl}/invite/${token}`, challenges: ordered.map((c) => c.slug) };
}

/**
 * Wait until the demo challenges have settled (validated, or failed, or not in the folder), then create the demo
 * assessment from those that are published. Null when none is.
 */
export async function prepareDemoAssessment(
  knex: Knex,
  sync: { settled(slugs: readonly string[]): Promise<void> },
  accounts: DemoAccount[],
  baseUrl: string,
  /** The platform is shutting down: the sync settled because it stopped, and nothing is created. */
  stopping: () => boolean = () => false,
): Promise<DemoAssessment | null> {
  await sync.settled(DEMO_CHALLENGES);
  if (stopping()) return null;
  return createDemoAssessment(knex, accounts, baseUrl);
}
