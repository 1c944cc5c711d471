// Code playback from the candidate's side: while a challenge's code changes, send its content at most once every
// THROTTLE_MS (the server stores a delta), and right before a run or a submit so the recruiter's timeline shows
// the code each one was made from. A lost snapshot costs a frame of the playback, never the candidate's work.
const THROTTLE_MS = 3000;

export class SnapshotSender {
  private pending = new Map<number, { timer: ReturnType<typeof setTimeout>; read: () => string }>();
  private last = new Map<number, string>();
  private stopped = false;

  /** The code of `challengeId` changed; `read` returns its current content. */
  changed(challengeId: number, read: () => string): void {
    if (this.stopped || this.pending.has(challengeId)) return;
    this.pending.set(challengeId, { timer: setTimeout(() => this.flush(challengeId), THROTTLE_MS), read });
  }

  /** Send now what is pending for the challenge (before a run or submit). */
  flush(challengeId: number, read?: () => string): void {
    const p = this.pending.get(challengeId);
    if (p) clearTimeout(p.timer);
    this.pending.delete(challengeId);
    const reader = read ?? p?.read;
    if (!reader || this.stopped) return;
    const code = reader();
    if (this.last.get(challengeId) === code) return;
    this.last.set(challengeId, code);
    void fetch(`/api/candidate/challenges/${challengeId}/snapshots`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code }),
    }).catch(() => undefined);
  }

  stop(): void {
    for (const id of [...this.pending.keys()]) this.flush(id);
    this.stopped = true;
  }
}
