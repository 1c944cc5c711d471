// An assessment's results as recruiters read them: per candidate and challenge the scored submission, the
// time used, attempts and the reviewers' verdict, and the ranking. The leaderboard, the CSV export and the
// per-candidate review all read them from here, so they always agree.
//
// Scoring rule: a challenge's score is the BEST finished `submit` submission (highest score, the earliest on a
// tie), never the last: a candidate is not punished for trying something after a good answer. The last
// submission's score and the number of attempts are shown next to it. Scores are 0..100 per challenge; the
// total is their sum (so every challenge weighs the same, whatever its number of tests).
import type { Knex } from 'knex';
import { invitationState, type InvitationState } from './invitationWindow';
import type { AssessmentChallengeRow, InvitationRow } from '../rows';

/** An assessment's challenge, as the assessment presenter lists it. */
export type ResultChallenge = AssessmentChallengeRow;

export interface ChallengeScore {
  /** Best finished submit score, null if none finished. */
  score: number | null;
  submissionId: number | null;
  verdict: string | null;
  lastScore: number | null;
  lastSubmissionId: number | null;
  /** Scored (submit) submissions, finished or not. */
  attempts: number;
  runs: number;
}

export interface TimeUsed {
  seconds: number | null;
  /** Still running: the figure grows until the candidate finishes or the deadline passes. */
  ongoing: boolean;
  endedAt: string | null;
  endedBy: 'finished' | 'deadline' | null;
}

export interface ReviewSummary {
  /** Mean of the reviewers' ratings (1 decimal), null if nobody rated. */
  rating: number | null;
  /** The most recently updated decision. */
  decision: 'advance' | 'hold' | 'reject' | null;
  reviewers: number;
}

export interface CandidateResult {
  invitation: InvitationRow;
  state: InvitationState;
  candidate: { id: number; name: string; email: string } | null;
  timeUsed: TimeUsed;
  scores: Record<string, ChallengeScore>;
  total: number;
  attempts: number;
  review: ReviewSummary;
  /** Competition ranking (1, 2, 2, 4) among candidates who started; null for the others. */
  rank: number | null;
}

export interface AssessmentResults {
  challenges: ResultChallenge[];
  candidates: CandidateResult[];
  /** Highest possible total: 100 per challenge. */
  maxTotal: number;
}

interface SubmissionLite {
  id: number;
  invitation_id: number;
  challenge_id: number;
  mode: 'run' | 'submit';
  status: string;
  score: number | null;
  verdict: string | null;
}

interface ReviewLite {
  invitation_id: number;
  rating: number | null;
  decision: 'advance' | 'hold' | 'reject' | null;
  updated_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

export function timeUsed(inv: InvitationRow, now = Date.now()): TimeUsed {
  if (!inv.started_at) return { seconds: null, ongoing: false, endedAt: null, endedBy: null };
  const started = new Date(inv.started_at).getTime();
  const deadline = inv.deadline_at ? new Date(inv.deadline_at).getTime() : Infinity;
  let end: number;
  let endedBy: TimeUsed['endedBy'] = null;
  if (inv.finished_at) {
    end = Math.min(new Date(inv.finished_at).getTime(), deadline);
    endedBy = 'finished';
  } else if (deadline <= now) {
    end = deadline;
    endedBy = 'deadline';
  } else end = now;
  return {
    seconds: Math.max(0, Math.round((end - started) / 1000)),
    ongoing: endedBy === null && !inv.revoked_at,
    endedAt: endedBy ? iso(new Date(end)) : null,
    endedBy,
  };
}

export function challengeScores(submissions: SubmissionLite[]): ChallengeScore {
  const out: ChallengeScore = { score: null, submissionId: null, verdict: null, lastScore: null, lastSubmissionId: null, attempts: 0, runs: 0 };
  for (const s of [...submissions].sort((a, b) => a.id - b.id)) {
    if (s.mode === 'run') {
      out.runs++;
      continue;
    }
    out.attempts++;
    if (s.status !== 'finished') continue;
    const score = Number(s.score ?? 0);
    out.lastScore = score;
    out.lastSubmissionId = s.id;
    if (out.score === null || score > out.score) {
      out.score = score;
      out.submissionId = s.id;
      out.verdict = s.verdict;
    }
  }
  return out;
}

export function summariseReviews(reviews: ReviewLite[]): ReviewSummary {
  const ratings = reviews.map((r) => r.rating).filter((r): r is number => r !== null && r !== undefined);
  const decided = reviews
    .filter((r) => r.decision)
    .sort((a, b) => new Date(b.updated_at).getTime() - new Date(a.updated_at).getTime());
  return {
    rating: ratings.length ? Math.round((ratings.reduce((a, b) => a + Number(b), 0) / ratings.length) * 10) / 10 : null,
    decision: decided[0]?.decision ?? null,
    reviewers: reviews.length,
  };
}

/** Rank by total (highest first), then time used (least first); equal on both share a rank. */
export function rankCandidates(candidates: CandidateResult[]): CandidateResult[] {
  const started = candidates.filter((c) => c.invitation.started_at);
  const others = candidates.filter((c) => !c.invitation.started_at);
  const time = (c: CandidateResult) => c.timeUsed.seconds ?? Infinity;
  started.sort((a, b) => b.total - a.total || time(a) - time(b) || a.invitation.id - b.invitation.id);
  started.forEach((c, i) => {
    const prev = started[i - 1];
    c.rank = prev && prev.total === c.total && time(prev) === time(c) ? prev.rank : i + 1;
  });
  others.sort((a, b) => a.invitation.id - b.invitation.id);
  for (const c of others) c.rank = null;
  return [...started, ...others];
}

export async function assessmentChallenges(knex: Knex, assessmentId: number): Promise<ResultChallenge[]> {
  return knex('assessment_challenges as ac')
    .join('challenges as c', 'c.id', 'ac.challenge_id')
    .where('ac.assessment_id', assessmentId)
    .orderBy('ac.position')
    .select('c.id', 'c.slug', 'c.title', 'c.kind', 'c.difficulty', 'ac.position');
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/** Results of an assessment, or of some invitations of it (ranked among themselves only). */
export async function assessmentResults(
  knex: Knex,
  assessmentId: number,
  options: { invitationId?: number; invitationIds?: number[]; now?: number } = {},
): Promise<AssessmentResults> {
  const now = options.now ?? Date.now();
  const invitationsQuery = knex('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.candidate_id')
    .where('i.assessment_id', assessmentId)
    .select('i.*', 'u.name as candidate_name', 'u.email as candidate_email');
  if (options.invitationId) invitationsQuery.andWhere('i.id', options.invitationId);
  if (options.invitationIds) invitationsQuery.whereIn('i.id', options.invitationIds);
  const [challenges, invitations] = await Promise.all([
    assessmentChallenges(knex, assessmentId),
    invitationsQuery as Promise<Array<InvitationRow & { candidate_name: string | null; candidate_email: string | null }>>,
  ]);
  const ids = invitations.map((i) => i.id);
  const [submissions, reviews] = ids.length
    ? await Promise.all([
        knex('submissions')
          .whereIn('invitation_id', ids)
          .select('id', 'invitation_id', 'challenge_id', 'mode', 'status', 'score', 'verdict') as Promise<SubmissionLite[]>,
        knex('reviews').whereIn('invitation_id', ids).select('invitation_id', 'rating', 'decision', 'updated_at') as Promise<ReviewLite[]>,
      ])
    : [[], []];

  const byInvitation = groupBy(submissions, (s) => s.invitation_id);
  const reviewsBy = groupBy(reviews, (r) => r.invitation_id);
  const candidates = invitations.map((row): CandidateResult => {
    const { candidate_name, candidate_email, ...invitation } = row;
    const mine = byInvitation.get(row.id) ?? [];
    const scores: Record<string, ChallengeScore> = {};
    for (const c of challenges) scores[String(c.id)] = challengeScores(mine.filter((s) => s.challenge_id === c.id));
    const values = Object.values(scores);
    return {
      invitation: invitation as InvitationRow,
      state: invitationState(invitation as InvitationRow, now),
      candidate: row.candidate_id ? { id: row.candidate_id, name: candidate_name ?? '', email: candidate_email ?? row.email } : null,
      timeUsed: timeUsed(invitation as InvitationRow, now),
      scores,
      total: Math.round(values.reduce((sum, s) => sum + (s.score ?? 0), 0) * 100) / 100,
      attempts: values.reduce((sum, s) => sum + s.attempts, 0),
      review: summariseReviews(reviewsBy.get(row.id) ?? []),
      rank: null,
    };
  });
  return { challenges, candidates: rankCandidates(candidates), maxTotal: challenges.length * 100 };
}
