import type { Knex } from 'knex';

// The leaderboard and the CSV look up each candidate's counted submissions (finished `submit`s) per invitation.
// Without this index PGlite (no autovacuum, so no planner statistics) intersected the invitation's index with the
// status index, which lists every finished submission of every assessment: each lookup grew with the database.
// The partial index holds exactly the rows counted, in the order the best-per-challenge rule reads them.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index submissions_counted_index on submissions (invitation_id, challenge_id, score desc nulls last, id) where mode = 'submit' and status = 'finished'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index submissions_counted_index');
}
