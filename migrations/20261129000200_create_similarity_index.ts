import type { Knex } from 'knex';

// Similarity is recorded when a submission is scored (server/similarity/recorder.ts), not computed when a page
// asks. A "document" is a candidate's counted submission for one challenge; documents with the same fingerprint
// set share a digest, and fingerprints and pairs are stored once per digest, so a hundred copies of the same
// answer cost one comparison, not five thousand.
export async function up(knex: Knex): Promise<void> {
  // Assessments whose older submissions were fingerprinted (the recorder's lock row, too).
  await knex.schema.createTable('similarity_backfills', (t) => {
    t.integer('assessment_id').primary().references('id').inTable('assessments').onDelete('CASCADE');
    t.timestamp('done_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('similarity_documents', (t) => {
    t.integer('submission_id').primary().references('id').inTable('submissions').onDelete('CASCADE');
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('challenge_id').notNullable();
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    // sha1 of the sorted fingerprint set (starter excluded); null when nothing is left after the starter.
    t.string('digest', 40).nullable();
    t.integer('size').notNullable();
    t.unique(['assessment_id', 'challenge_id', 'invitation_id']);
    t.index(['assessment_id', 'challenge_id', 'digest']);
  });

  await knex.schema.createTable('similarity_fingerprints', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('challenge_id').notNullable();
    t.string('digest', 40).notNullable();
    // The 32-bit winnowing hash as a signed integer.
    t.integer('hash').notNullable();
    // Size of the digest's set, repeated so a candidate lookup needs no join.
    t.integer('size').notNullable();
    t.primary(['assessment_id', 'challenge_id', 'digest', 'hash']);
    t.index(['assessment_id', 'challenge_id', 'hash']);
  });

  // Pairs of distinct digests with a Jaccard similarity at or above the lowest threshold a recruiter can ask for;
  // a_digest < b_digest.
  await knex.schema.createTable('similarity_pairs', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('challenge_id').notNullable();
    t.string('a_digest', 40).notNullable();
    t.string('b_digest', 40).notNullable();
    t.double('similarity').notNullable();
    t.double('containment').notNullable();
    t.primary(['assessment_id', 'challenge_id', 'a_digest', 'b_digest']);
    t.index(['assessment_id', 'similarity']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('similarity_pairs');
  await knex.schema.dropTable('similarity_fingerprints');
  await knex.schema.dropTable('similarity_documents');
  await knex.schema.dropTable('similarity_backfills');
}
