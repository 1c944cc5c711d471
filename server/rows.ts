// The database's rows as the server reads them, one type per table (or per common join), in one place: queries,
// commands, presenters and access rules all import them from here, so no layer imports another for a type.
// Columns are as the drivers return them: PGlite and pg differ on dates (Date or string) and bigints (string).
import type { Challenge, ChallengeFiles } from '../runner/challenge';
import type { TestDetail } from '../runner/types';

/** An invitation (one candidate's link to one assessment). */
export interface InvitationRow {
  id: number;
  assessment_id: number;
  candidate_id: number | null;
  email: string;
  expires_at: Date | string;
  started_at: Date | string | null;
  deadline_at: Date | string | null;
  finished_at: Date | string | null;
  revoked_at: Date | string | null;
  pinned_versions: Record<string, number> | string | null;
  created_at: Date | string;
}

export interface AssessmentRow {
  id: number;
  title: string;
  description: string;
  recruiter_id: number;
  time_limit_minutes: number;
  created_at: Date | string;
  archived_at: Date | string | null;
}

/** A challenge of an assessment, joined with its position. */
export interface AssessmentChallengeRow {
  id: number;
  slug: string;
  title: string;
  /** A registered kind (runner/kinds); the database accepts any string, parseChallenge checks it. */
  kind: string;
  difficulty: string;
  position: number;
}

export interface SubmissionRow {
  id: number;
  invitation_id: number | null;
  user_id: number | null;
  challenge_id: number;
  challenge_version_id: number;
  mode: 'run' | 'submit';
  language: string;
  code: string;
  status: 'queued' | 'running' | 'finished';
  verdict: string | null;
  score: number | null;
  points: number | null;
  max_points: number | null;
  attempts: number;
  judgement_id: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface TestResultRow {
  test_index: number;
  name: string;
  visibility: 'sample' | 'hidden';
  verdict: string;
  points: number;
  max_points: number;
  cpu_ms: number;
  wall_ms: number;
  detail: TestDetail | string | null;
}

/** A reviewer's notes on an invitation, with the reviewer's name when joined. */
export interface ReviewRow {
  id: number;
  invitation_id: number;
  reviewer_id: number;
  notes: string;
  rating: number | null;
  decision: 'advance' | 'hold' | 'reject' | null;
  updated_at: Date | string;
  reviewer_name?: string | null;
  reviewer_email?: string | null;
}

export interface ChallengeRow {
  id: number;
  slug: string;
  title: string;
  kind: string;
  difficulty: string;
  status: 'draft' | 'published' | 'archived';
  source: 'files' | 'api';
  current_version_id: number | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  id: number;
  challenge_id: number;
  version: number;
  content_hash: string;
  files: ChallengeFiles;
  spec: Challenge['meta'];
  validation: unknown;
  expected: unknown;
  valid: boolean;
  validated_at: Date | null;
  published_at: Date | null;
  created_by: number | null;
  created_at: Date;
}

/** One code snapshot: a full copy, or a delta against the previous one. */
export interface SnapshotRow {
  id: number | string;
  at: Date | string;
  full: boolean;
  keep_start: number;
  removed: number;
  text: string;
}

export interface IntegrityEventRow {
  id: number | string;
  invitation_id: number;
  challenge_id: number | null;
  type: IntegrityType;
  at: Date | string;
  amount: number | null;
}

export const INTEGRITY_TYPES = ['paste', 'blur', 'hidden', 'first_keystroke'] as const;
export type IntegrityType = (typeof INTEGRITY_TYPES)[number];
