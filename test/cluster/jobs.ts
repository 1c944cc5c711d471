// What the cluster test needs for rejudges and the library: a challenge with scored submissions to rejudge, an
// author signed in through one server, and a challenges folder every server syncs at start.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { contentHash, parseChallenge, readChallengeFiles } from '../../runner/challenge';
import { userCreator } from '../../server/commands/userCreator';
import { Client } from '../helpers/client';
import { greeterFiles, uniqueSlug, writeChallengeFolder } from '../server/challenges/fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RejudgeSeed {
  slug: string;
  submissionIds: number[];
}

/**
 * A published, valid todo-crud challenge and `count` submissions of its reference solution stored as scored
 * 0 (wrong_answer), as if judged against a broken earlier test: a rejudge turns every one to 100.
 */
export async function seedRejudge(knex: Knex, count: number): Promise<RejudgeSeed> {
  const files = await readChallengeFiles(path.join(ROOT, 'challenges', 'todo-crud'));
  const challenge = parseChallenge(files);
  const slug = `todo-rejudge-${Date.now()}`;
  const [row] = await knex('challenges')
    .insert({ slug, title: challenge.meta.title, kind: challenge.meta.kind, difficulty: challenge.meta.difficulty, status: 'published' })
    .returning(['id']);
  const [version] = await knex('challenge_versions')
    .insert({ challenge_id: row.id, version: 1, content_hash: contentHash(files), files: JSON.stringify(files), spec: JSON.stringify(challenge.meta), valid: true, validated_at: new Date(), published_at: new Date() })
    .returning(['id']);
  await knex('challenges').where({ id: row.id }).update({ current_version_id: version.id });
  const rows = await knex('submissions')
    .insert(
      Array.from({ length: count }, () => ({
        challenge_id: row.id,
        challenge_version_id: version.id,
        mode: 'submit',
        language: 'typescript',
        code: challenge.solution.code,
        status: 'finished',
        verdict: 'wrong_answer',
        score: 0,
        points: 0,
        max_points: 1,
        finished_at: new Date(),
      })),
    )
    .returning(['id']);
  return { slug, submissionIds: rows.map((r: { id: number }) => r.id) };
}

/** An author account, signed in through `url`. */
export async function signedInAuthor(knex: Knex, url: string): Promise<Client> {
  const email = `cluster-author-${Date.now()}@example.test`;
  const password = 'cluster-author-password';
  await userCreator(knex, { email, name: 'Cluster author', role: 'author', password });
  const client = new Client(url);
  const res = await client.post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`author login: ${res.status} ${res.text}`);
  return client;
}

/** A challenges folder holding one small API challenge, which every server of the cluster syncs at start. */
export async function libraryDir(): Promise<{ dir: string; slug: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-cluster-library-'));
  const slug = uniqueSlug('cluster-greeter');
  await writeChallengeFolder(dir, greeterFiles(slug), slug);
  return { dir, slug };
}
