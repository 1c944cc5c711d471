// Code playback as the recruiter reads it: the stored snapshots of one candidate's challenge and the runs and
// submits to mark on the slider (server/presenters/playback.ts turns them into frames).
import type { Knex } from 'knex';
import type { SnapshotRow } from '../rows';

export async function playbackOf(knex: Knex, invitationId: number, challengeId: number) {
  const [rows, submissions] = await Promise.all([
    knex('code_snapshots').where({ invitation_id: invitationId, challenge_id: challengeId }).orderBy('id').select('id', 'at', 'full', 'keep_start', 'removed', 'text') as Promise<SnapshotRow[]>,
    knex('submissions').where({ invitation_id: invitationId, challenge_id: challengeId }).orderBy('id').select('id', 'mode', 'status', 'verdict', 'score', 'created_at'),
  ]);
  return { rows, submissions };
}
