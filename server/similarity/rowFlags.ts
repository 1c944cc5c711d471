// The leaderboard's flags for one page of candidates: per group they are in, its id, its size and their
// strongest similarity. The same groups as the similarity report (groups.ts), found from the fingerprint sets
// (one row per distinct set, with its number of copies, counted by the database) and the stored pairs, never
// from every document of the assessment: a page costs the same whether a thousand candidates share one answer
// or not, and no email outside the page is read.
import type { Knex } from 'knex';
import { DisjointSets } from './disjointSets';
import { setKey } from './groups';
import { ensureIndexed } from './recorder';

export interface RowFlag {
  challengeId: number;
  groupId: string;
  groupSize: number;
  /** 1 for an identical copy, else the strongest stored pair of the candidate's set. */
  similarity: number | null;
}

interface SetRow {
  challenge_id: number;
  digest: string;
  copies: number | string;
  first: number | string;
}

export async function rowFlags(knex: Knex, assessmentId: number, invitationIds: number[], threshold: number): Promise<Map<number, RowFlag[]>> {
  const out = new Map<number, RowFlag[]>();
  if (!invitationIds.length) return out;
  await ensureIndexed(knex, assessmentId);
  const [sets, pairs, docs] = (await Promise.all([
    knex('similarity_documents')
      .where({ assessment_id: assessmentId })
      .whereNotNull('digest')
      .groupBy('challenge_id', 'digest')
      .select('challenge_id', 'digest')
      .count({ copies: '*' })
      .min({ first: 'submission_id' }),
    knex('similarity_pairs').where('assessment_id', assessmentId).andWhere('similarity', '>=', threshold).select('challenge_id', 'a_digest', 'b_digest', 'similarity'),
    knex('similarity_documents')
      .where({ assessment_id: assessmentId })
      .whereIn('invitation_id', invitationIds)
      .whereNotNull('digest')
      .select('submission_id', 'invitation_id', 'challenge_id', 'digest'),
  ])) as [SetRow[], Array<{ challenge_id: number; a_digest: string; b_digest: string; similarity: number | string }>, Array<{ invitation_id: number; challenge_id: number; digest: string }>];

  const bySet = new Map(sets.map((s) => [setKey(s.challenge_id, s.digest), { copies: Number(s.copies), first: Number(s.first), strongest: Number(s.copies) > 1 ? 1 : 0 }]));
  const components = new DisjointSets();
  for (const k of bySet.keys()) components.add(k);
  for (const p of pairs) {
    const [a, b] = [bySet.get(setKey(p.challenge_id, p.a_digest)), bySet.get(setKey(p.challenge_id, p.b_digest))];
    // A pair whose set has no member left (a counted submission replaced) links nothing, as in the report.
    if (!a || !b) continue;
    components.union(setKey(p.challenge_id, p.a_digest), setKey(p.challenge_id, p.b_digest));
    a.strongest = Math.max(a.strongest, Number(p.similarity));
    b.strongest = Math.max(b.strongest, Number(p.similarity));
  }
  const groups = new Map<string, { size: number; first: number }>();
  for (const [k, set] of bySet) {
    const root = components.find(k);
    const group = groups.get(root) ?? { size: 0, first: Infinity };
    group.size += set.copies;
    group.first = Math.min(group.first, set.first);
    groups.set(root, group);
  }

  const firstOf = new Map<string, number>();
  for (const d of docs) {
    const k = setKey(d.challenge_id, d.digest);
    const group = groups.get(components.find(k))!;
    if (group.size < 2) continue;
    const groupId = `${d.challenge_id}-${group.first}`;
    firstOf.set(groupId, group.first);
    const list = out.get(d.invitation_id) ?? [];
    list.push({ challengeId: d.challenge_id, groupId, groupSize: group.size, similarity: bySet.get(k)!.strongest || null });
    out.set(d.invitation_id, list);
  }
  // In the report's order: groups by their earliest submission.
  for (const list of out.values()) list.sort((x, y) => firstOf.get(x.groupId)! - firstOf.get(y.groupId)!);
  return out;
}
