// Integrity signals as reviewers read them: the stored events of invitations and their sums. Recorded by
// server/commands/integritySignals.ts; a signal to ask about, never proof.
import type { Knex } from 'knex';
import type { IntegrityEventRow } from '../rows';

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
