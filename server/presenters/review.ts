// What recruiters (and admins) read when they review: the leaderboard, a candidate's full review (every
// submission with its code and every test's detail, hidden tests included: recruiters may see them), the
// reviews themselves, and the CSV export. Candidates never reach these presenters: the routes allow only
// recruiter and admin.
import { getKind } from '../../runner/kinds';
import type { IntegritySummary } from '../queries/integritySignals';
import { INTEGRITY_CSV_HEADER, integrityCsvCells } from './integrity';
import type { CandidateResult, AssessmentResults, ChallengeScore, ResultChallenge } from '../queries/reviewResults';
import type { GroupFlag, SimilarityReport } from '../similarity/groups';
import type { RowFlag } from '../similarity/rowFlags';
import type { Similarity } from '../similarity/compare';
import type { ReviewedSubmission } from '../queries/reviewDetail';
import type { AssessmentRow, ReviewRow } from '../rows';
import { presentInvitation } from './invitation';
import { presentSubmission } from './submission';

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

export function presentReview(row: ReviewRow) {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    reviewer: { id: row.reviewer_id, name: row.reviewer_name ?? null, email: row.reviewer_email ?? null },
    notes: row.notes,
    rating: row.rating,
    decision: row.decision,
    updatedAt: iso(row.updated_at),
  };
}

export function presentChallengeHead(c: ResultChallenge) {
  return { id: c.id, slug: c.slug, title: c.title, kind: c.kind, editorMode: getKind(c.kind).editorMode, difficulty: c.difficulty, position: c.position };
}

export function presentScore(s: ChallengeScore) {
  return {
    score: s.score,
    submissionId: s.submissionId,
    verdict: s.verdict,
    lastScore: s.lastScore,
    lastSubmissionId: s.lastSubmissionId,
    attempts: s.attempts,
    runs: s.runs,
  };
}

/** A candidate's flags on the review page: the strongest matches of each group they are in. */
export function flagsFor(flags: GroupFlag[]) {
  return flags.flatMap((f) =>
    f.matches.map((m) => ({ challengeId: f.challengeId, groupId: f.groupId, groupSize: f.groupSize, submissionId: f.submissionId, ...m })),
  );
}

/** A leaderboard row; its flags are one per group the candidate is in (the group's members are in the similarity report). */
export function presentCandidateRow(c: CandidateResult, flags: RowFlag[] | undefined) {
  return {
    rank: c.rank,
    invitationId: c.invitation.id,
    email: c.invitation.email,
    name: c.candidate?.name ?? null,
    state: c.state,
    startedAt: iso(c.invitation.started_at),
    finishedAt: iso(c.invitation.finished_at),
    timeUsed: c.timeUsed,
    scores: Object.fromEntries(Object.entries(c.scores).map(([id, s]) => [id, presentScore(s)])),
    total: c.total,
    attempts: c.attempts,
    rating: c.review.rating,
    decision: c.review.decision,
    reviewers: c.review.reviewers,
    flags: flags ?? [],
  };
}

export function emailsOf(results: AssessmentResults): Map<number, string> {
  return new Map(results.candidates.map((c) => [c.invitation.id, c.invitation.email]));
}

export function presentLeaderboard(
  assessment: { id: number; title: string },
  results: AssessmentResults,
  similarity: { threshold: number; flags: Map<number, RowFlag[]> },
  page?: { limit: number; nextCursor: string | null; matching: number; ranked: number },
) {
  return {
    assessment: { id: assessment.id, title: assessment.title },
    /** Candidates matching the filters, who started (what ranks are out of), and the cursor of the next page. */
    page: page ?? { limit: results.candidates.length, nextCursor: null, matching: results.candidates.length, ranked: results.candidates.filter((c) => c.rank !== null).length },
    scoring: SCORING,
    similarityThreshold: similarity.threshold,
    challenges: results.challenges.map(presentChallengeHead),
    maxTotal: results.maxTotal,
    candidates: results.candidates.map((c) => presentCandidateRow(c, similarity.flags.get(c.invitation.id))),
  };
}

export const SCORING = {
  rule: 'best',
  description:
    'Per challenge the best finished scored submission counts (0-100; the earliest on a tie); total = sum over challenges. ' +
    'Ranked by total, then by time used.',
} as const;

/** "score changed from 40 to 100 because: rejudge against v3", one line per change of a submission's score. */
export function scoreChanges(judgements: ReviewedSubmission['judgements']): string[] {
  const lines: string[] = [];
  let previous: number | null = null;
  for (const j of judgements) {
    if (j.score === null || !j.finishedAt) continue;
    if (previous !== null && j.score !== previous) {
      const version = new RegExp(`\\bv${j.version}\\b`).test(j.reason) ? '' : ` (judged against v${j.version})`;
      lines.push(`score changed from ${previous} to ${j.score} because: ${j.reason}${version}`);
    }
    previous = j.score;
  }
  return lines;
}

export function presentReviewedSubmission(s: ReviewedSubmission, chosenId: number | null) {
  return {
    ...presentSubmission(s.row, { tests: s.tests, finished: s.finished, lastSeq: s.lastSeq }, 'full'),
    /** The submission this challenge's score comes from. */
    counted: s.row.id === chosenId,
    judgings: s.row.attempts,
    history: s.judgements,
    scoreChanges: scoreChanges(s.judgements),
  };
}

export function presentCandidateReview(input: {
  assessment: AssessmentRow;
  results: AssessmentResults;
  candidate: CandidateResult;
  submissions: ReviewedSubmission[];
  reviews: ReviewRow[];
  reviewerId: number;
  similarity: SimilarityReport;
  /** Candidates who started: what the rank is out of. */
  ranked: number;
}) {
  const { assessment, results, candidate: c, submissions, reviews, reviewerId, similarity, ranked } = input;
  const flags = flagsFor(similarity.flags.get(c.invitation.id) ?? []);
  return {
    assessment: { id: assessment.id, title: assessment.title, timeLimitMinutes: assessment.time_limit_minutes },
    invitation: presentInvitation(c.invitation),
    candidate: c.candidate,
    rank: c.rank,
    candidatesRanked: ranked,
    timeUsed: c.timeUsed,
    total: c.total,
    maxTotal: results.maxTotal,
    attempts: c.attempts,
    scoring: SCORING,
    similarityThreshold: similarity.threshold,
    challenges: results.challenges.map((ch) => {
      const score = c.scores[String(ch.id)];
      return {
        ...presentChallengeHead(ch),
        ...presentScore(score),
        submissions: submissions.filter((s) => s.row.challenge_id === ch.id).map((s) => presentReviewedSubmission(s, score.submissionId)),
        flags: flags.filter((f) => f.challengeId === ch.id),
      };
    }),
    flags,
    summary: c.review,
    reviews: reviews.map(presentReview),
    myReview: (() => {
      const mine = reviews.find((r) => r.reviewer_id === reviewerId);
      return mine ? presentReview(mine) : null;
    })(),
  };
}

export interface ComparedSide {
  submission: { id: number; invitation_id: number | null; challenge_id: number; language: string; code: string; score: number | null; verdict: string | null; mode: string; created_at: Date | string };
  email: string;
}

export function presentComparison(a: ComparedSide, b: ComparedSide, similarity: Similarity) {
  const side = (s: ComparedSide) => ({
    submissionId: s.submission.id,
    invitationId: s.submission.invitation_id,
    email: s.email,
    challengeId: s.submission.challenge_id,
    mode: s.submission.mode,
    language: s.submission.language,
    score: s.submission.score === null ? null : Number(s.submission.score),
    verdict: s.submission.verdict,
    createdAt: iso(s.submission.created_at),
    code: s.submission.code,
  });
  return { a: side(a), b: side(b), similarity };
}

export type ReviewView = ReturnType<typeof presentReview>;
export type LeaderboardView = ReturnType<typeof presentLeaderboard>;
export type CandidateReviewView = ReturnType<typeof presentCandidateReview>;
export type ComparisonView = ReturnType<typeof presentComparison>;

// ---- CSV export -------------------------------------------------------------------------------------------

/**
 * One CSV cell: RFC 4180 quoting, and cells a spreadsheet would run as a formula (starting with = + - @, or a
 * tab / carriage return that some spreadsheets skip before one) prefixed with a quote (OWASP "CSV injection").
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | null | undefined>): string {
  return cells.map(csvCell).join(',');
}

/** The CSV's similarity cell: per group, its id and size and up to five of the strongest matches. */
export function csvFlags(flags: GroupFlag[] | undefined): string {
  return (flags ?? [])
    .map((f) => {
      const shown = f.matches.slice(0, 5).map((m) => `${m.otherEmail} (${Math.round(m.similarity * 100)}%)`);
      const more = f.groupSize - 1 - shown.length;
      return `group ${f.groupId} of ${f.groupSize}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    })
    .join('; ');
}

export function csvHeader(challenges: ResultChallenge[]): string {
  const header = [
    'rank',
    'email',
    'name',
    'state',
    'started_at',
    'finished_at',
    'time_used_seconds',
    ...challenges.map((c) => `score_${c.slug}`),
    ...challenges.map((c) => `attempts_${c.slug}`),
    'total',
    'max_total',
    'attempts',
    'rating',
    'decision',
    'similarity_flags',
    ...INTEGRITY_CSV_HEADER,
  ];
  return csvLine(header) + '\r\n';
}

/** CSV lines of some candidates (a page of the export), each ending in CRLF. */
export function csvRows(results: AssessmentResults, similarity: SimilarityReport, signals: Map<number, IntegritySummary>): string {
  const lines: string[] = [];
  for (const c of results.candidates) {
    lines.push(
      csvLine([
        c.rank,
        c.invitation.email,
        c.candidate?.name ?? '',
        c.state,
        iso(c.invitation.started_at),
        iso(c.invitation.finished_at),
        c.timeUsed.seconds,
        ...results.challenges.map((ch) => c.scores[String(ch.id)]?.score ?? null),
        ...results.challenges.map((ch) => c.scores[String(ch.id)]?.attempts ?? 0),
        c.total,
        results.maxTotal,
        c.attempts,
        c.review.rating,
        c.review.decision,
        csvFlags(similarity.flags.get(c.invitation.id)),
        ...integrityCsvCells(signals.get(c.invitation.id)),
      ]) + '\r\n',
    );
  }
  return lines.join('');
}

export function resultsCsv(results: AssessmentResults, similarity: SimilarityReport, signals: Map<number, IntegritySummary>): string {
  return csvHeader(results.challenges) + csvRows(results, similarity, signals);
}
