// Publishing makes a version the one new assessments and new candidates get. Only a version that passed
// validation may become current: current_version_id never points at anything else.
import type { Knex } from 'knex';
import { conflict, notFound, unprocessable } from '../errors';
import type { ChallengeRow, VersionRow } from '../rows';

export interface PublishInput {
  challengeId: number;
  versionId: number;
  /** Automatic publishing (files synced at start) never brings back an archived challenge. */
  automatic?: boolean;
}

export async function challengePublisher(knex: Knex, input: PublishInput): Promise<{ challenge: ChallengeRow; version: VersionRow } | null> {
  return knex.transaction(async (trx) => {
    const challenge: ChallengeRow | undefined = await trx('challenges').where({ id: input.challengeId }).forUpdate().first();
    if (!challenge) throw notFound('no such challenge');
    const version: VersionRow | undefined = await trx('challenge_versions').where({ id: input.versionId, challenge_id: challenge.id }).first();
    if (!version) throw notFound('no such version of this challenge');
    if (!version.validated_at) throw conflict(`version ${version.version} has not been validated yet: POST …/versions/${version.version}/validate first`);
    if (!version.valid) throw unprocessable(`version ${version.version} failed validation and cannot be published`, version.validation);
    if (input.automatic && challenge.status === 'archived') return null;

    const [published] = await trx('challenge_versions')
      .where({ id: version.id })
      .update({ published_at: trx.raw('coalesce(published_at, now())') })
      .returning('*');
    const [updated] = await trx('challenges')
      .where({ id: challenge.id })
      .update({
        status: 'published',
        current_version_id: version.id,
        title: version.spec.title,
        difficulty: version.spec.difficulty,
        updated_at: trx.fn.now(),
      })
      .returning('*');
    return { challenge: updated, version: published };
  });
}
