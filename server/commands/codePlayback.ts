// Code playback: store the candidate's code over time compactly (a delta against the previous snapshot, a full copy
// every FULL_EVERY snapshots) and read it back as frames for the recruiter's slider, with runs and submits marked.
import type { Knex } from 'knex';
import { assertWorking } from '../auth/access';
import type { InvitationRow, SnapshotRow } from '../rows';

/** A full copy every this many snapshots bounds the rows read to rebuild the latest code. */
export const FULL_EVERY = 20;
/** Snapshots kept per invitation and challenge: at one every few seconds, more than an assessment's worth. */
export const MAX_SNAPSHOTS_PER_CHALLENGE = 600;
/** Stored characters per invitation and challenge (deltas and full copies together). */
export const MAX_STORED_CHARS_PER_CHALLENGE = 2 * 1024 * 1024;

export interface Delta {
  keepStart: number;
  removed: number;
  text: string;
}

/** The smallest single replacement turning `before` into `after`: common prefix and suffix kept. */
export function diff(before: string, after: string): Delta {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { keepStart: start, removed: before.length - start - end, text: after.slice(start, after.length - end) };
}

export function apply(before: string, d: Delta): string {
  return before.slice(0, d.keepStart) + d.text + before.slice(d.keepStart + d.removed);
}

/** Every frame's code, in order. */
export function replay(rows: SnapshotRow[]): Array<{ at: string; code: string }> {
  let code = '';
  return rows.map((r) => {
    code = r.full ? r.text : apply(code, { keepStart: r.keep_start, removed: r.removed, text: r.text });
    return { at: new Date(r.at).toISOString(), code };
  });
}

const key = (inv: InvitationRow, challengeId: number) => ({ invitation_id: inv.id, challenge_id: challengeId });

export async function snapshotRecorder(knex: Knex, inv: InvitationRow, challengeId: number, code: string, now = Date.now()): Promise<{ stored: boolean; reason?: string }> {
  assertWorking(inv, now);
  return knex.transaction(async (trx) => {
    await trx('invitations').where({ id: inv.id }).forUpdate().first('id');
    const [{ count, chars }] = await trx('code_snapshots')
      .where(key(inv, challengeId))
      .select(trx.raw('count(*) as count'), trx.raw('coalesce(sum(length(text)), 0) as chars'));
    const n = Number(count);
    if (n >= MAX_SNAPSHOTS_PER_CHALLENGE) return { stored: false, reason: 'snapshot_limit' };
    // The rows since the last full copy rebuild the latest code.
    const lastFull = await trx('code_snapshots').where({ ...key(inv, challengeId), full: true }).max({ id: 'id' }).first();
    const tail: SnapshotRow[] = lastFull?.id
      ? await trx('code_snapshots').where(key(inv, challengeId)).andWhere('id', '>=', lastFull.id).orderBy('id').select('id', 'at', 'full', 'keep_start', 'removed', 'text')
      : [];
    const latest = tail.length ? replay(tail).at(-1)!.code : null;
    if (latest === code) return { stored: false, reason: 'unchanged' };
    const full = latest === null || tail.length >= FULL_EVERY;
    const d = full ? { keepStart: 0, removed: 0, text: code } : diff(latest!, code);
    if (Number(chars) + d.text.length > MAX_STORED_CHARS_PER_CHALLENGE) return { stored: false, reason: 'size_limit' };
    await trx('code_snapshots').insert({ ...key(inv, challengeId), at: new Date(now), full, keep_start: d.keepStart, removed: d.removed, text: d.text });
    return { stored: true };
  });
}
