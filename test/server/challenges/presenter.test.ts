import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listChallengeDirs, loadChallenge, parseChallenge, type Challenge } from '../../../runner/challenge';
import { candidateChallengeContent } from '../../../server/presenters/assessment';
import { presentChallengePublic } from '../../../server/presenters/challenge';
import { greeterFiles, HIDDEN_MARK, SOLUTION_MARK, uniqueSlug, WRONG_MARK } from './fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../challenges');

/** Every piece of a challenge a candidate (or a recruiter's public view) must never receive. */
function secretsOf(challenge: Challenge): string[] {
  const secrets = [challenge.solution.code, ...challenge.wrong.map((w) => w.code), ...challenge.wrong.map((w) => w.file)];
  for (const t of challenge.api?.tests.filter((t) => t.visibility === 'hidden') ?? []) {
    secrets.push(JSON.stringify(t.name), JSON.stringify(t.steps));
  }
  if (challenge.api?.database) secrets.push(challenge.api.database.seed);
  // Kinds with a section of their own (the function kind): hidden call sequences are secrets too.
  const section = challenge.section as { tests?: Array<{ name: string; visibility: string; steps: unknown }> } | undefined;
  for (const t of section?.tests?.filter((t) => t.visibility === 'hidden') ?? []) secrets.push(JSON.stringify(t.name), JSON.stringify(t.steps));
  for (const d of challenge.sql?.datasets.filter((d) => d.visibility === 'hidden') ?? []) {
    secrets.push(JSON.stringify(d.name));
    if (d.sql) secrets.push(d.sql);
    if (d.generate) secrets.push(JSON.stringify(d.generate));
  }
  return secrets.filter((s) => s.trim().length > 0);
}

function assertNoSecrets(view: unknown, challenge: Challenge): void {
  const text = JSON.stringify(view);
  for (const secret of secretsOf(challenge)) {
    // Compare as it would appear inside the JSON (strings are escaped there).
    const needle = secret.startsWith('"') || secret.startsWith('[') || secret.startsWith('{') ? secret : JSON.stringify(secret).slice(1, -1);
    assert.ok(!text.includes(needle), `${challenge.slug}: the view contains ${needle.slice(0, 80)}`);
  }
}

describe('challenge presenters', () => {
  it('the candidate view has statement, starter and sample tests only', () => {
    const challenge = parseChallenge(greeterFiles(uniqueSlug()));
    const view = candidateChallengeContent(challenge);
    assert.deepEqual(Object.keys(view).sort(), ['samples', 'starter', 'statement']);
    assert.equal(view.starter.code, challenge.starter.code);
    const samples = view.samples as { tests: Array<{ name: string }> };
    assert.deepEqual(samples.tests.map((t) => t.name), ['greets by name']);
    const text = JSON.stringify(view);
    for (const mark of [SOLUTION_MARK, WRONG_MARK, HIDDEN_MARK, 'trims the name', 'missing name is 400']) assert.ok(!text.includes(mark), mark);
  });

  it('SQL: schema and sample datasets (with their stored expected rows), never a hidden dataset or its expected rows', async () => {
    const challenge = await loadChallenge(path.join(ROOT, 'second-highest-salary'));
    const sample = challenge.sql!.datasets.find((d) => d.visibility === 'sample')!;
    const hidden = challenge.sql!.datasets.find((d) => d.visibility === 'hidden')!;
    challenge.sql!.expected = { [sample.name]: { columns: ['x'], rows: [[1]] }, [hidden.name]: { columns: ['x'], rows: [['hidden-expected-row']] } };
    const view = candidateChallengeContent(challenge);
    const samples = view.samples as { schema: string; datasets: Array<{ name: string; expected?: unknown }> };
    assert.equal(samples.schema, challenge.sql!.schema);
    assert.deepEqual(samples.datasets.map((d) => d.name), challenge.sql!.datasets.filter((d) => d.visibility === 'sample').map((d) => d.name));
    assert.deepEqual(samples.datasets[0].expected, [{ columns: ['x'], rows: [[1]] }]);
    assert.ok(!JSON.stringify(view).includes('hidden-expected-row'));
    assertNoSecrets(view, challenge);
  });

  it('no bundled challenge leaks a solution, wrong solution or hidden test through the candidate or public view', async () => {
    const dirs = await listChallengeDirs(ROOT);
    assert.ok(dirs.length > 0);
    let checked = 0;
    for (const dir of dirs) {
      const challenge = await loadChallenge(dir);
      assertNoSecrets(candidateChallengeContent(challenge), challenge);
      assertNoSecrets(presentChallengePublic(challenge, { id: 1, version: 1 }), challenge);
      checked++;
    }
    assert.ok(checked > 0);
  });

  it('a function challenge: sample call sequences and the count of hidden tests, in the same view for candidates and recruiters', async () => {
    const challenge = await loadChallenge(path.join(ROOT, 'lru-cache-ttl'));
    const candidate = candidateChallengeContent(challenge).samples as { tests: Array<{ name: string }>; hiddenTests: number };
    assert.deepEqual(candidate.tests.map((t) => t.name), ['stores, evicts the least recently used, expires', 'missing keys']);
    assert.equal(candidate.hiddenTests, 5);
    const recruiter = presentChallengePublic(challenge, { id: 1, version: 1 });
    assert.deepEqual(recruiter.samples, candidate);
    assert.equal(recruiter.editorMode, 'typescript');
    assert.deepEqual(recruiter.languages, ['typescript', 'javascript']);
    assertNoSecrets(recruiter, challenge);
  });
});
