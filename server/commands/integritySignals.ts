// Integrity signals: record what the candidate's browser reports (batched, capped per invitation); reviewers read
// them through server/queries/integritySignals.ts. Everything here is reported by a browser the candidate controls,
// so it is a signal to ask about, never proof: the server clamps times to the assessment's window and caps the volume,
// and that is all it can do.
import type { Knex } from 'knex';
import { notFound } from '../errors';
import { assertWorking } from '../auth/access';
import type { IntegrityType, InvitationRow } from '../rows';

/** Events kept per invitation; a page that reports more (a script, a flapping window) is cut off, not stored. */
export const MAX_EVENTS_PER_INVITATION = 1000;
export const MAX_EVENTS_PER_BATCH = 50;
/** Pastes shorter than this are ordinary editing (a word, a line) and are not reported by the page. */
export const LARGE_PASTE_CHARS = 200;

export interface IntegrityEventInput {
  type: IntegrityType;
  at: string;
  challengeId?: number | null;
  amount?: number | null;
}

export async function integrityRecorder(
  knex: Knex,
  inv: InvitationRow,
  events: IntegrityEventInput[],
  now = Date.now(),
): Promise<{ accepted: number; dropped: number }> {
  assertWorking(inv, now);
  const challengeIds = new Set(
    (await knex('assessment_challenges').where({ assessment_id: inv.assessment_id }).pluck('challenge_id')).map(Number),
  );
  for (const e of events)
    if (e.challengeId != null && !challengeIds.has(e.challengeId)) throw notFound('this challenge is not part of your assessment');
  const started = new Date(inv.started_at!).getTime();
  const end = Math.min(now, inv.deadline_at ? new Date(inv.deadline_at).getTime() : now);
  return knex.transaction(async (trx) => {
    // Lock the invitation row so two batches cannot both see room under the cap.
    await trx('invitations').where({ id: inv.id }).forUpdate().first('id');
    const [{ count }] = await trx('integrity_events').where({ invitation_id: inv.id }).count({ count: '*' });
    const room = Math.max(0, MAX_EVENTS_PER_INVITATION - Number(count));
    const kept = events.slice(0, room);
    if (kept.length)
      await trx('integrity_events').insert(
        kept.map((e) => ({
          invitation_id: inv.id,
          challenge_id: e.challengeId ?? null,
          type: e.type,
          at: new Date(Math.min(end, Math.max(started, new Date(e.at).getTime()))),
          amount: e.amount ?? null,
        })),
      );
    return { accepted: kept.length, dropped: events.length - kept.length };
  });
}
