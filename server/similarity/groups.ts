// The similarity report: flagged GROUPS (connected components of candidates whose counted submissions for a
// challenge are at or above the threshold, directly or through others), each with its strongest pairs,
// read from what the recorder stored. Identical fingerprint sets are one node, so a thousand copies of the
// same answer are one group of a thousand, not half a million pairs.
import type { Knex } from 'knex';
import { DisjointSets } from './disjointSets';
import { ensureIndexed } from './recorder';

export interface GroupMember {
  invitationId: number;
  submissionId: number;
  email: string;
}

export interface GroupPair {
  a: GroupMember;
  b: GroupMember;
  similarity: number;
  containment: number;
  /** The two submissions have the same fingerprint set (starter excluded). */
  identical: boolean;
}

export interface SimilarityGroup {
  /** Stable while the group keeps its earliest submission: "<challengeId>-<lowest submission id>". */
  id: string;
  challengeId: number;
  size: number;
  maxSimilarity: number;
  members: GroupMember[];
  /** The strongest pairs inside the group (at most PAIRS_PER_GROUP). */
  pairs: GroupPair[];
}

/** A candidate's place in the groups: what leaderboard rows and the CSV show. */
export interface GroupFlag {
  challengeId: number;
  groupId: string;
  groupSize: number;
  submissionId: number;
  /** The strongest pairs this candidate is part of, with the other side. */
  matches: Array<{ otherInvitationId: number; otherEmail: string; otherSubmissionId: number; similarity: number; containment: number }>;
}

export interface SimilarityReport {
  threshold: number;
  groups: SimilarityGroup[];
  /** invitation id -> the groups it belongs to. */
  flags: Map<number, GroupFlag[]>;
}

export const PAIRS_PER_GROUP = 10;
const MATCHES_PER_FLAG = 10;

interface DocRow {
  submission_id: number;
  invitation_id: number;
  challenge_id: number;
  digest: string;
  email: string;
}

interface PairRow {
  challenge_id: number;
  a_digest: string;
  b_digest: string;
  similarity: number | string;
  containment: number | string;
}

export async function similarityReport(
  knex: Knex,
  assessmentId: number,
  options: { threshold: number; challengeId?: number },
): Promise<SimilarityReport> {
  await ensureIndexed(knex, assessmentId);
  const docsQuery = knex('similarity_documents as d')
    .join('invitations as i', 'i.id', 'd.invitation_id')
    .where('d.assessment_id', assessmentId)
    .whereNotNull('d.digest')
    .orderBy('d.submission_id')
    .select('d.submission_id', 'd.invitation_id', 'd.challenge_id', 'd.digest', 'i.email');
  const pairsQuery = knex('similarity_pairs')
    .where('assessment_id', assessmentId)
    .andWhere('similarity', '>=', options.threshold)
    .orderBy('similarity', 'desc')
    .select('challenge_id', 'a_digest', 'b_digest', 'similarity', 'containment');
  if (options.challengeId) {
    docsQuery.andWhere('d.challenge_id', options.challengeId);
    pairsQuery.andWhere('challenge_id', options.challengeId);
  }
  const [docs, pairs] = (await Promise.all([docsQuery, pairsQuery])) as [DocRow[], PairRow[]];
  return buildReport(docs, pairs, options.threshold);
}

/** A fingerprint set's node in the groups: one per challenge and distinct set (rowFlags.ts uses the same). */
export const setKey = (challengeId: number, digest: string) => `${challengeId}:${digest}`;

export function buildReport(docs: DocRow[], pairRows: PairRow[], threshold: number): SimilarityReport {
  const members = new Map<string, GroupMember[]>();
  for (const d of docs) {
    const k = setKey(d.challenge_id, d.digest);
    const list = members.get(k) ?? [];
    list.push({ invitationId: d.invitation_id, submissionId: d.submission_id, email: d.email });
    members.set(k, list);
  }
  const sets = new DisjointSets();
  for (const k of members.keys()) sets.add(k);
  const pairs = pairRows
    .map((p) => ({ a: setKey(p.challenge_id, p.a_digest), b: setKey(p.challenge_id, p.b_digest), similarity: Number(p.similarity), containment: Number(p.containment) }))
    // A pair whose sets no longer have a member (a counted submission replaced) is not shown.
    .filter((p) => members.has(p.a) && members.has(p.b));
  for (const p of pairs) sets.union(p.a, p.b);

  const components = new Map<string, string[]>();
  for (const k of members.keys()) {
    const root = sets.find(k);
    const list = components.get(root) ?? [];
    list.push(k);
    components.set(root, list);
  }
  const pairsByRoot = new Map<string, typeof pairs>();
  for (const p of pairs) {
    const root = sets.find(p.a);
    const list = pairsByRoot.get(root) ?? [];
    list.push(p);
    pairsByRoot.set(root, list);
  }

  const groups: SimilarityGroup[] = [];
  const flags = new Map<number, GroupFlag[]>();
  for (const [root, keys] of components) {
    const all = keys.flatMap((k) => members.get(k)!).sort((x, y) => x.submissionId - y.submissionId);
    if (all.length < 2) continue;
    const challengeId = Number(root.slice(0, root.indexOf(':')));
    const inside = pairsByRoot.get(root) ?? [];
    const identical: GroupPair[] = keys
      .map((k) => members.get(k)!)
      .filter((m) => m.length > 1)
      .map((m) => ({ a: m[0], b: m[1], similarity: 1, containment: 1, identical: true }));
    const strongest = [
      ...identical,
      ...inside.map((p) => ({ a: members.get(p.a)![0], b: members.get(p.b)![0], similarity: p.similarity, containment: p.containment, identical: false })),
    ].slice(0, PAIRS_PER_GROUP);
    const group: SimilarityGroup = {
      id: `${challengeId}-${all[0].submissionId}`,
      challengeId,
      size: all.length,
      maxSimilarity: strongest[0]?.similarity ?? 0,
      members: all,
      pairs: strongest,
    };
    groups.push(group);

    // Each member's own strongest matches: its identical copies first, then the sets paired with its own.
    for (const k of keys) {
      const linked = inside
        .filter((p) => p.a === k || p.b === k)
        .map((p) => ({ other: members.get(p.a === k ? p.b : p.a)!, similarity: p.similarity, containment: p.containment }));
      const same = members.get(k)!;
      for (const me of same) {
        const matches = [
          ...same.slice(0, MATCHES_PER_FLAG + 1).filter((o) => o !== me).map((o) => ({ o, similarity: 1, containment: 1 })),
          ...linked.flatMap((l) => l.other.slice(0, MATCHES_PER_FLAG).map((o) => ({ o, similarity: l.similarity, containment: l.containment }))),
        ]
          .slice(0, MATCHES_PER_FLAG)
          .map((m) => ({ otherInvitationId: m.o.invitationId, otherEmail: m.o.email, otherSubmissionId: m.o.submissionId, similarity: m.similarity, containment: m.containment }));
        const list = flags.get(me.invitationId) ?? [];
        list.push({ challengeId, groupId: group.id, groupSize: group.size, submissionId: me.submissionId, matches });
        flags.set(me.invitationId, list);
      }
    }
  }
  groups.sort((x, y) => y.size - x.size || y.maxSimilarity - x.maxSimilarity || x.id.localeCompare(y.id));
  return { threshold, groups, flags };
}
