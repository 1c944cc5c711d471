import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChallengeFormatError, listChallengeDirs, loadChallenge, readChallengeFiles } from '../../runner/challenge';

const yaml = (schema: string, file: string) => `slug: club-demo
title: Club demo
kind: sql
difficulty: junior
skills: [joins]
expectedMinutes: 10
sql:
  mode: query
  schema: ${schema}
  datasets:
    - { name: basic, visibility: sample, file: ${file} }
    - { name: more, visibility: hidden, file: datasets/more.sql }
`;

describe('shared datasets (challenges/_datasets/)', () => {
  let root: string;
  let dir: string;

  async function write(rel: string, text: string) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }

  async function formatError(): Promise<ChallengeFormatError> {
    const err = await readChallengeFiles(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ChallengeFormatError, `expected a ChallengeFormatError, got ${String(err)}`);
    return err;
  }

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'assay-shared-'));
    dir = path.join(root, 'club-demo');
    await write('_datasets/club/schema.sql', 'CREATE TABLE facilities (id integer, name text);\n');
    await write('_datasets/club/basic.sql', "INSERT INTO facilities VALUES (1, 'Tennis');\n");
    await write('club-demo/challenge.yaml', yaml('../_datasets/club/schema.sql', '../_datasets/club/basic.sql'));
    await write('club-demo/README.md', '# demo\n');
    await write('club-demo/solution.sql', 'SELECT name FROM facilities;\n');
    await write('club-demo/starter.sql', 'SELECT 1;\n');
    await write('club-demo/wrong/none.sql', 'SELECT name FROM facilities WHERE false;\n');
    await write('club-demo/datasets/more.sql', "INSERT INTO facilities VALUES (2, 'Squash');\n");
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads shared files into the challenge, and hashes their content', async () => {
    const challenge = await loadChallenge(dir);
    assert.equal(challenge.sql!.schema, 'CREATE TABLE facilities (id integer, name text);\n');
    assert.equal(challenge.sql!.datasets[0].sql, "INSERT INTO facilities VALUES (1, 'Tennis');\n");
    assert.ok(challenge.files['../_datasets/club/basic.sql']);
    await write('_datasets/club/basic.sql', "INSERT INTO facilities VALUES (1, 'Badminton');\n");
    assert.notEqual((await loadChallenge(dir)).hash, challenge.hash);
  });

  it('never lists _datasets as a challenge', async () => {
    await write('_datasets/challenge.yaml', 'slug: nope\n');
    assert.deepEqual(await listChallengeDirs(root), [dir]);
  });

  it('names the path a missing shared file resolved to', async () => {
    await write('club-demo/challenge.yaml', yaml('../_datasets/club/schema.sql', '../_datasets/club/nope.sql'));
    const err = await formatError();
    assert.equal(err.field, 'sql.datasets.0.file');
    assert.equal(err.line, 11);
    assert.equal(err.detail, `"../_datasets/club/nope.sql" resolved to ${path.join(root, '_datasets/club/nope.sql')}: no such file`);
  });

  it('refuses a symlink, inside the challenge or in the shared folder, naming it and its target', async () => {
    await symlink(path.join(root, '_datasets/club/basic.sql'), path.join(dir, 'datasets/linked.sql'));
    await write('club-demo/challenge.yaml', yaml('../_datasets/club/schema.sql', 'datasets/linked.sql'));
    let err = await formatError();
    assert.match(err.detail, /^"datasets\/linked.sql" resolved to .*datasets\/linked.sql: .*linked.sql is a symlink \(to .*_datasets\/club\/basic.sql\), and symlinks are not followed/);

    await symlink(path.join(root, '_datasets/club'), path.join(root, '_datasets/alias'));
    await write('club-demo/challenge.yaml', yaml('../_datasets/alias/schema.sql', '../_datasets/club/basic.sql'));
    err = await formatError();
    assert.equal(err.field, 'sql.schema');
    assert.match(err.detail, /_datasets\/alias is a symlink/);
  });

  it('refuses a path outside the challenge and the shared folder', async () => {
    await write('elsewhere/data.sql', 'SELECT 1;\n');
    await write('club-demo/challenge.yaml', yaml('../_datasets/club/schema.sql', '../elsewhere/data.sql'));
    const err = await formatError();
    assert.match(err.detail, /resolved to .*elsewhere\/data.sql: outside the challenge folder and outside the shared datasets folder/);
  });
});
