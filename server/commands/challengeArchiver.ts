// Archiving takes a challenge out of the catalogue for new assessments. Nothing is deleted: assessments that
// use it, candidates pinned to its versions and submissions judged against them keep working.
import type { Knex } from 'knex';
import { notFound } from '../errors';
import type { ChallengeRow } from '../rows';

export async function challengeArchiver(knex: Knex, slug: string): Promise<ChallengeRow> {
  const [row] = await knex('challenges').where({ slug }).update({ status: 'archived', updated_at: knex.fn.now() }).returning('*');
  if (!row) throw notFound(`no challenge "${slug}"`);
  return row;
}
