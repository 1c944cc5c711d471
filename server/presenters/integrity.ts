// Integrity signals as reviewers read them, on the candidate page and in the CSV. The wording is deliberate:
// a paste may be the candidate's own snippet, a lost focus a notification; these are prompts for a conversation.
import type { IntegrityEventRow } from '../rows';
import type { IntegritySummary } from '../queries/integritySignals';

export const INTEGRITY_CAVEAT =
  'Signals reported by the candidate’s browser, not proof of anything: a paste may be their own notes, a lost focus a notification. Use them to ask questions, never to decide alone.';

export function presentIntegrityEvent(r: IntegrityEventRow) {
  return { type: r.type, at: new Date(r.at).toISOString(), challengeId: r.challenge_id, amount: r.amount === null ? null : Number(r.amount) };
}

export function presentIntegrity(summary: IntegritySummary, rows: IntegrityEventRow[]) {
  return { caveat: INTEGRITY_CAVEAT, summary, events: rows.map(presentIntegrityEvent) };
}

export type IntegrityView = ReturnType<typeof presentIntegrity>;

// ---- CSV columns (appended to the results export by presenters/review.ts) ------------------------------------

export const INTEGRITY_CSV_HEADER = [
  'signal_pastes',
  'signal_largest_paste_chars',
  'signal_focus_losses',
  'signal_tab_switches',
  'signal_hidden_seconds',
  'signal_first_keystroke_seconds',
];

/** The cells of INTEGRITY_CSV_HEADER for one candidate (empty when nothing was recorded). */
export function integrityCsvCells(s: IntegritySummary | undefined): Array<number | null> {
  if (!s || s.events === 0) return INTEGRITY_CSV_HEADER.map(() => null);
  const firsts = Object.values(s.firstKeystrokeMs);
  return [s.pastes, s.largestPasteChars, s.focusLosses, s.tabSwitches, s.hiddenSeconds, firsts.length ? Math.round(Math.min(...firsts) / 100) / 10 : null];
}
