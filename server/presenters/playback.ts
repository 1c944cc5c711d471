// Code playback for the recruiter: the stored deltas as they are (the page rebuilds each frame, so the response
// stays as compact as the storage) and every run and submit as a mark on the timeline.
import type { SnapshotRow } from '../rows';

interface MarkRow {
  id: number;
  mode: 'run' | 'submit';
  status: string;
  verdict: string | null;
  score: number | null;
  created_at: Date | string;
}

export function presentPlayback(challengeId: number, rows: SnapshotRow[], submissions: MarkRow[]) {
  return {
    challengeId,
    /** Apply in order: a full frame replaces the code; a delta keeps `keepStart` characters, drops `removed`, inserts `text`. */
    frames: rows.map((r) => ({ at: new Date(r.at).toISOString(), full: Boolean(r.full), keepStart: Number(r.keep_start), removed: Number(r.removed), text: r.text })),
    marks: submissions.map((s) => ({ at: new Date(s.created_at).toISOString(), submissionId: s.id, mode: s.mode, status: s.status, verdict: s.verdict, score: s.score === null ? null : Number(s.score) })),
  };
}

export type PlaybackView = ReturnType<typeof presentPlayback>;
