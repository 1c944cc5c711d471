// Records similarity when a submission is scored (hooked into the judge), so that the review pages read stored
// groups instead of comparing every pair on request. Per (assessment, challenge) each candidate's counted
// submission (the best finished submit, earliest on a tie: the rule of commands/reviewResults.ts) is a document;
// a new fingerprint set is compared only with the sets that share at least one of its fingerprints (found
// through the (assessment, challenge, hash) index), and a set already seen costs no comparison at all. So the
// work per scored submission grows with its matches, not with the assessment.
//
// Concurrency: every write for an assessment runs in a transaction holding its similarity_backfills row
// (SELECT … FOR UPDATE), so two submissions scored at once cannot miss each other.
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { documentOf, setScores, starterHashes, type SimilarityDocument } from './documents';

/** The lowest threshold a recruiter can ask for: pairs below it are never stored. */
export const STORED_THRESHOLD = 0.05;
/** Strongest pairs kept per new fingerprint set: bounds storage when many different answers are alike. */
export const MAX_PAIRS_PER_SET = 50;

const CHUNK = 500;

interface CountedRow {
  id: number;
  invitation_id: number;
  challenge_id: number;
  challenge_version_id: number;
  language: string;
  code: string;
}

interface DocumentRow {
  submission_id: number;
  assessment_id: number;
  challenge_id: number;
  invitation_id: number;
  digest: string | null;
  size: number;
}

function counted(trx: Knex) {
  return trx('submissions as s')
    .join('invitations as i', 'i.id', 's.invitation_id')
    .where('s.mode', 'submit')
    .andWhere('s.status', 'finished')
    .select(
      trx.raw(
        'distinct on (s.invitation_id, s.challenge_id) s.id, s.invitation_id, s.challenge_id, s.challenge_version_id, s.language, s.code',
      ),
    )
    .orderByRaw('s.invitation_id, s.challenge_id, coalesce(s.score, 0) desc, s.id');
}

async function insertChunked(trx: Knex.Transaction, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK));
}

/** The judge's hook: never throws (similarity must not fail a judgement). */
export async function recordSimilarity(
  knex: Knex,
  submission: { id: number; mode: string; invitation_id: number | null; challenge_id: number },
  logger?: Logger,
): Promise<void> {
  if (submission.mode !== 'submit' || !submission.invitation_id) return;
  try {
    await recordCounted(knex, submission.invitation_id, submission.challenge_id);
  } catch (err) {
    logger?.error({ err, submissionId: submission.id }, 'recording similarity failed');
  }
}

/**
 * Whether the candidate's document for the challenge is their counted submission already, in an indexed
 * assessment: most scored submissions (a resubmission that scored no better) change nothing. Read without the
 * lock: a document equal to the counted submission was written, under the lock, by a transaction that saw that
 * submission finished, so every later writer sees it too.
 */
async function upToDate(knex: Knex, invitationId: number, challengeId: number): Promise<boolean> {
  const row = await knex('invitations as i')
    .where('i.id', invitationId)
    .first(
      knex.raw('exists (select 1 from similarity_backfills b where b.assessment_id = i.assessment_id) as indexed'),
      knex('similarity_documents as d')
        .whereRaw('d.assessment_id = i.assessment_id and d.invitation_id = i.id')
        .andWhere('d.challenge_id', challengeId)
        .select('d.submission_id')
        .as('document'),
      knex
        .from(counted(knex).where('s.invitation_id', invitationId).andWhere('s.challenge_id', challengeId).as('c'))
        .select('c.id')
        .as('best'),
    );
  return Boolean(row?.indexed) && row.document !== null && row.document === row.best;
}

/** Bring one candidate's document for one challenge up to date with their counted submission. */
export async function recordCounted(knex: Knex, invitationId: number, challengeId: number): Promise<void> {
  if (await upToDate(knex, invitationId, challengeId)) return;
  await knex.transaction(async (trx) => {
    const invitation = await trx('invitations').where({ id: invitationId }).first('assessment_id');
    if (!invitation) return;
    const assessmentId: number = invitation.assessment_id;
    if (await lockOrBackfill(trx, assessmentId)) return;
    const best: CountedRow | undefined = await counted(trx).where('s.invitation_id', invitationId).andWhere('s.challenge_id', challengeId).first();
    const existing: DocumentRow | undefined = await trx('similarity_documents')
      .where({ assessment_id: assessmentId, challenge_id: challengeId, invitation_id: invitationId })
      .first();
    if (existing && best && existing.submission_id === best.id) return;
    if (existing) await removeDocument(trx, existing);
    if (best) await addDocument(trx, assessmentId, best);
  });
}

/** Make sure an assessment's older submissions are indexed (the first report of an assessment scored before this existed). */
export async function ensureIndexed(knex: Knex, assessmentId: number): Promise<void> {
  if (await knex('similarity_backfills').where({ assessment_id: assessmentId }).first()) return;
  await knex.transaction(async (trx) => {
    await lockOrBackfill(trx, assessmentId);
  });
}

/** Locks the assessment's row; if there was none, indexes the whole assessment and returns true. */
async function lockOrBackfill(trx: Knex.Transaction, assessmentId: number): Promise<boolean> {
  if (await trx('similarity_backfills').where({ assessment_id: assessmentId }).forUpdate().first()) return false;
  const inserted = await trx('similarity_backfills').insert({ assessment_id: assessmentId }).onConflict('assessment_id').ignore().returning('assessment_id');
  if (inserted.length) {
    await backfill(trx, assessmentId);
    return true;
  }
  // Another transaction indexed it meanwhile (and has committed, or the insert would still be waiting).
  await trx('similarity_backfills').where({ assessment_id: assessmentId }).forUpdate().first();
  return false;
}

async function removeDocument(trx: Knex.Transaction, doc: DocumentRow): Promise<void> {
  await trx('similarity_documents').where({ submission_id: doc.submission_id }).delete();
  if (!doc.digest) return;
  const scope = { assessment_id: doc.assessment_id, challenge_id: doc.challenge_id };
  if (await trx('similarity_documents').where({ ...scope, digest: doc.digest }).first('submission_id')) return;
  await trx('similarity_fingerprints').where({ ...scope, digest: doc.digest }).delete();
  await trx('similarity_pairs')
    .where(scope)
    .andWhere((q) => q.where('a_digest', doc.digest!).orWhere('b_digest', doc.digest!))
    .delete();
}

async function addDocument(trx: Knex.Transaction, assessmentId: number, row: CountedRow): Promise<void> {
  const doc = documentOf(row.code, row.language, await starterHashes(trx, row.challenge_version_id, row.language));
  const scope = { assessment_id: assessmentId, challenge_id: row.challenge_id };
  await trx('similarity_documents').insert({ ...scope, submission_id: row.id, invitation_id: row.invitation_id, digest: doc.digest, size: doc.hashes.length });
  if (!doc.digest) return;
  // The same set is already indexed (and compared): this copy joins it.
  if (await trx('similarity_fingerprints').where({ ...scope, digest: doc.digest }).first('hash')) return;

  const matches: Array<{ digest: string; size: number | string; shared: number | string }> = await trx('similarity_fingerprints')
    .where(scope)
    .whereIn('hash', doc.hashes)
    .groupBy('digest')
    .select('digest')
    .max({ size: 'size' })
    .count({ shared: '*' });
  const pairs = strongest(
    matches.map((m) => ({ digest: m.digest, ...setScores(Number(m.shared), doc.hashes.length, Number(m.size)) })),
  ).map((m) => pairRow(scope, doc.digest!, m.digest, m));
  await insertChunked(trx, 'similarity_fingerprints', fingerprintRows(scope, doc));
  await insertChunked(trx, 'similarity_pairs', pairs);
}

function strongest<T extends { similarity: number }>(matches: T[]): T[] {
  return matches
    .filter((m) => m.similarity >= STORED_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, MAX_PAIRS_PER_SET);
}

function pairRow(scope: { assessment_id: number; challenge_id: number }, x: string, y: string, s: { similarity: number; containment: number }) {
  const [a, b] = x < y ? [x, y] : [y, x];
  return { ...scope, a_digest: a, b_digest: b, similarity: s.similarity, containment: s.containment };
}

function fingerprintRows(scope: { assessment_id: number; challenge_id: number }, doc: SimilarityDocument) {
  return doc.hashes.map((hash) => ({ ...scope, digest: doc.digest, hash, size: doc.hashes.length }));
}

/** Index every counted submission of an assessment at once: identical sets grouped in memory, the rest compared through an in-memory index. */
async function backfill(trx: Knex.Transaction, assessmentId: number): Promise<void> {
  for (const table of ['similarity_pairs', 'similarity_fingerprints', 'similarity_documents']) await trx(table).where({ assessment_id: assessmentId }).delete();
  const rows: CountedRow[] = await counted(trx).where('i.assessment_id', assessmentId);
  const documents: object[] = [];
  const sets = new Map<number, Map<string, SimilarityDocument>>();
  for (const row of rows) {
    const doc = documentOf(row.code, row.language, await starterHashes(trx, row.challenge_version_id, row.language));
    documents.push({ submission_id: row.id, assessment_id: assessmentId, challenge_id: row.challenge_id, invitation_id: row.invitation_id, digest: doc.digest, size: doc.hashes.length });
    if (!doc.digest) continue;
    const perChallenge = sets.get(row.challenge_id) ?? new Map<string, SimilarityDocument>();
    perChallenge.set(doc.digest, doc);
    sets.set(row.challenge_id, perChallenge);
  }
  await insertChunked(trx, 'similarity_documents', documents);

  for (const [challengeId, perChallenge] of sets) {
    const scope = { assessment_id: assessmentId, challenge_id: challengeId };
    const docs = [...perChallenge.values()];
    const index = new Map<number, number[]>();
    docs.forEach((doc, i) => {
      for (const h of doc.hashes) {
        const list = index.get(h) ?? [];
        list.push(i);
        index.set(h, list);
      }
    });
    const pairs = new Map<string, object>();
    docs.forEach((doc, i) => {
      const shared = new Map<number, number>();
      for (const h of doc.hashes) for (const j of index.get(h)!) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
      const matches = [...shared].map(([j, n]) => ({ j, ...setScores(n, doc.hashes.length, docs[j].hashes.length) }));
      for (const m of strongest(matches)) {
        const row = pairRow(scope, doc.digest!, docs[m.j].digest!, m);
        pairs.set(`${row.a_digest}:${row.b_digest}`, row);
      }
    });
    await insertChunked(trx, 'similarity_fingerprints', docs.flatMap((doc) => fingerprintRows(scope, doc)));
    await insertChunked(trx, 'similarity_pairs', [...pairs.values()]);
  }
}
