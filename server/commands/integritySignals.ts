// Integrity signals: record what the candidate's browser reports (batched, capped per invitation) and sum it up
// for reviewers. Everything here is reported by a browser the candidate controls, so it is a signal to ask about,
// never proof: the server clamps times to the assessment's window and caps the volume, and that is all it can do.
import type { Knex } from 'knex';
import { HttpError } from '../errors';
import { assertWorking, type InvitationRow } from '../queries/invitationWindow';

export const INTEGRITY_TYPES = ['paste', 'blur', 'hidden', 'first_keystroke'] as const;
export type IntegrityType = (typeof INTEGRITY_TYPES)[number];

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

export interface IntegrityEventRow {
  id: number | string;
  invitation_id: number;
  challenge_id: number | null;
  type: IntegrityType;
  at: Date | string;
  amount: number | null;
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
    if (e.challengeId != null && !challengeIds.has(e.challengeId)) throw new HttpError(404, 'not_found', 'this challenge is not part of your assessment');
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

export function integrityEventsOf(knex: Knex, invitationIds: number[]): Promise<IntegrityEventRow[]> {
  if (!invitationIds.length) return Promise.resolve([]);
  return knex('integrity_events')
    .whereIn('invitation_id', invitationIds)
    .orderBy([{ column: 'invitation_id' }, { column: 'at' }, { column: 'id' }])
    .select('id', 'invitation_id', 'challenge_id', 'type', 'at', 'amount');
}

export interface IntegritySummary {
  pastes: number;
  largestPasteChars: number | null;
  pastedChars: number;
  focusLosses: number;
  tabSwitches: number;
  /** Time with the tab hidden (another tab or window in front). */
  hiddenSeconds: number;
  /** Per challenge id: milliseconds from opening the challenge to the first keystroke in its editor. */
  firstKeystrokeMs: Record<string, number>;
  events: number;
}

export function summariseIntegrity(rows: IntegrityEventRow[]): IntegritySummary {
  const out: IntegritySummary = { pastes: 0, largestPasteChars: null, pastedChars: 0, focusLosses: 0, tabSwitches: 0, hiddenSeconds: 0, firstKeystrokeMs: {}, events: rows.length };
  for (const r of rows) {
    const amount = r.amount === null ? null : Number(r.amount);
    if (r.type === 'paste') {
      out.pastes++;
      out.pastedChars += amount ?? 0;
      out.largestPasteChars = Math.max(out.largestPasteChars ?? 0, amount ?? 0);
    } else if (r.type === 'blur') out.focusLosses++;
    else if (r.type === 'hidden') {
      out.tabSwitches++;
      out.hiddenSeconds += Math.round((amount ?? 0) / 1000);
    } else if (r.type === 'first_keystroke' && r.challenge_id !== null && amount !== null) {
      const key = String(r.challenge_id);
      out.firstKeystrokeMs[key] = Math.min(out.firstKeystrokeMs[key] ?? Infinity, amount);
    }
  }
  return out;
}

/** Summaries for every invitation of a list (for the CSV and the leaderboard). */
export async function integritySummaries(knex: Knex, invitationIds: number[]): Promise<Map<number, IntegritySummary>> {
  const rows = await integrityEventsOf(knex, invitationIds);
  const map = new Map<number, IntegritySummary>();
  for (const id of invitationIds) map.set(id, summariseIntegrity(rows.filter((r) => r.invitation_id === id)));
  return map;
}
