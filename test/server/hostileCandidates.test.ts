// The cross-candidate hostile corpus, through a real server: one platform with a single runner process
// (RUNNER_PROCESSES=1, so both candidates' submissions meet the same warm sandboxes and database instances),
// an attacker and a victim in one assessment, and at least two cases for each class of issue 12. Each case
// asserts the safe outcome: the victim's score is unchanged, nothing of a hidden test or of another submission
// is visible, the statement is refused or the request is. Classes 1, 2, 3 (runner half) and 4 are fixed in the
// runner (SQL guard, ctx.db, output budgets, lockdown); 3 (server half), 5, 6 and 7 in the server.
import assert from 'node:assert/strict';
import { io as ioClient, type Socket } from 'socket.io-client';
import { parse, stringify } from 'yaml';
import type { Platform } from '../../server/platform';
import type { ChallengeFiles } from '../../runner/challenge';
import { DETAIL_CAP_BYTES, JUDGEMENT_DETAIL_CAP_BYTES } from '../../server/commands/testResultRecorder';
import { Client } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { candidateVia, connectSocket, createAssessment, emitAck, invite, LIVE_EVENTS, startAssessmentPlatform } from '../helpers/assessments';

type Language = 'typescript' | 'javascript' | 'sql';

/** Every string inside a value (request bodies and queries), to look for hidden input in what a candidate sees. */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}

/** Distinctive strings of the hidden tests' requests: long enough to mean something, absent from the samples. */
function hiddenRequestStrings(challenge: BuiltChallenge): string[] {
  const tests = challenge.challenge.api!.tests;
  const requests = (visibility: string) => tests.filter((t) => t.visibility === visibility).flatMap((t) => t.steps.map((s) => s.request));
  const samples = JSON.stringify(requests('sample'));
  const values = requests('hidden').flatMap((r) => stringsIn({ body: (r as { body?: unknown }).body, query: (r as { query?: unknown }).query }));
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= 6 && !samples.includes(v)))];
}

/** todo-crud with its second sample moved after the first two hidden tests: the spec allows it. */
function sampleAfterHidden(files: ChallengeFiles): ChallengeFiles {
  const spec = parse(files['tests.yaml']) as { tests: Array<{ name: string; visibility: string }> };
  const [first, second, ...rest] = spec.tests;
  assert.equal(second.visibility, 'sample');
  const tests = [first, rest[0], rest[1], second, ...rest.slice(2)];
  return { ...files, 'tests.yaml': stringify({ tests }) };
}

describe('hostile candidates against a real server (one runner process, two candidates)', function () {
  this.timeout(240_000);
  let platform: Platform;
  let recruiter: Client;
  let author: Client;
  let attacker: Client;
  let victim: Client;
  let todo: BuiltChallenge;
  let todoReordered: BuiltChallenge;
  let upsert: BuiltChallenge;
  let orders: BuiltChallenge;
  let assessmentId: number;
  const sockets: Socket[] = [];

  before(async function () {
    this.timeout(300_000);
    platform = await startAssessmentPlatform({ RUNNER_PROCESSES: '1' });
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    author = (await loggedIn(platform, 'author')).client;
    todo = await buildChallenge(platform, 'todo-crud');
    todoReordered = await buildChallenge(platform, 'todo-crud', sampleAfterHidden);
    upsert = await buildChallenge(platform, 'upsert-inventory');
    orders = await buildChallenge(platform, 'orders-report-api');
    assessmentId = (await createAssessment(recruiter, [todo.id, todoReordered.id, upsert.id, orders.id])).id;
  });
  /** A new attacker and victim for each class, both in the one assessment: a candidate may submit 10 times a minute. */
  async function newPair() {
    attacker = (await candidateVia(platform, (await invite(recruiter, assessmentId)).token)).client;
    victim = (await candidateVia(platform, (await invite(recruiter, assessmentId)).token)).client;
  }
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  after(() => platform?.close());

  const languageOf = (c: BuiltChallenge): Language => (c.challenge.meta.kind === 'sql' ? 'sql' : 'typescript');

  /** Submit for scoring and wait for the verdict; the submission as its candidate sees it. */
  async function submitted(client: Client, challenge: BuiltChallenge, code: string, language = languageOf(challenge)) {
    const res = await client.post(`/api/candidate/challenges/${challenge.id}/submissions`, { code, language });
    assert.equal(res.status, 202, res.text);
    const id = res.body.submission.id as number;
    const until = Date.now() + 180_000;
    for (;;) {
      const got = await client.get(`/api/submissions/${id}`);
      assert.equal(got.status, 200, got.text);
      if (got.body.submission.status === 'finished') return { id, view: got.body.submission, text: got.text };
      if (Date.now() > until) throw new Error(`submission ${id} not finished`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The victim's correct answer still scores full marks: nothing the attacker did reached it. */
  async function victimStillScoresFull(challenge: BuiltChallenge) {
    const { view } = await submitted(victim, challenge, challenge.challenge.solution.code);
    assert.equal(view.score, 100, `the victim's reference solution scored ${view.score} (${view.verdict}): ${JSON.stringify(view.tests.map((t: { name: string; verdict: string }) => [t.name, t.verdict]))}`);
  }

  const socketFor = async (client: Client) => {
    const s = await connectSocket(platform, client);
    sockets.push(s);
    return s;
  };

  describe('class 1: SQL the guard splits differently from PostgreSQL (statements mode)', () => {
    before(newPair);
    before(() => victimStillScoresFull(upsert));

    it('refuses a COMMIT hidden after an identifier ending in é$a$, and the victim keeps full marks', async () => {
      const code = `SELECT 1 AS é$a$; COMMIT; UPDATE products SET quantity = quantity + 1000; SELECT 1 AS x$a$;\n${upsert.challenge.solution.code}`;
      const { view } = await submitted(attacker, upsert, code);
      await victimStillScoresFull(upsert);
      assert.equal(view.verdict, 'compile_error', `the hidden COMMIT was not refused: ${view.verdict}`);
      assert.match(view.compileError?.message ?? '', /COMMIT|transaction/i);
    });

    it('refuses a COMMIT after a -- comment that a carriage return ends, and the victim keeps full marks', async () => {
      const code = `-- tidy up first\rCOMMIT; DELETE FROM products;\n${upsert.challenge.solution.code}`;
      const { view } = await submitted(attacker, upsert, code);
      await victimStillScoresFull(upsert);
      assert.equal(view.verdict, 'compile_error', `the COMMIT after the comment was not refused: ${view.verdict}`);
    });
  });

  describe('class 2: ctx.db regaining superuser and leaving files behind', () => {
    before(newPair);
    before(() => victimStillScoresFull(orders));

    it('never lets a handler become superuser through SET session_authorization', async () => {
      const code = `
export default function register(app: any, ctx: any) {
  app.get('/reports/orders', async (_req: any, res: any) => {
    const out: Record<string, string> = {};
    try { await ctx.db.query("SET session_authorization = 'postgres'", []); out.set = 'done'; } catch (e: any) { out.set = 'refused'; }
    try { out.su = 'superuser=' + (await ctx.db.query("SELECT current_setting('is_superuser') AS su", [])).rows[0].su; } catch (e: any) { out.su = 'unknown'; }
    res.json(out);
  });
}`;
      const { text } = await submitted(attacker, orders, code);
      assert.ok(!text.includes('superuser=on'), 'the handler ran as a superuser');
      await victimStillScoresFull(orders);
    });

    it("never shows one submission the files another's hidden requests were written to (U& spelled functions)", async () => {
      const leak = `
export default function register(app: any, ctx: any) {
  const q = async (sql: string, params: unknown[]) => { try { return (await ctx.db.query(sql, params)).rows; } catch (e: any) { return [String(e && e.message)]; } };
  app.get('/reports/orders', async (req: any, res: any) => {
    const su = await q("SET session_authorization = 'postgres'", []);
    let h = 7; for (const ch of JSON.stringify(req.query)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const [made] = await q('SELECT U&"\\\\006Co_from_bytea"(0, convert_to($1, \\'UTF8\\')) AS oid', [JSON.stringify(req.query)]);
    const written = await q('SELECT U&"\\\\006Co_export"($1::oid, $2)', [made && made.oid, '/tmp/planted-' + h]);
    res.json({ su, written });
  });
}`;
      const read = `
export default function register(app: any, ctx: any) {
  const q = async (sql: string, params: unknown[]) => { try { return (await ctx.db.query(sql, params)).rows; } catch (e: any) { return [String(e && e.message)]; } };
  app.get('/reports/orders', async (_req: any, res: any) => {
    await q("SET session_authorization = 'postgres'", []);
    const files = await q('SELECT U&"\\\\0070g_ls_dir"(\\'/tmp\\') AS f', []);
    const found: unknown[] = [];
    for (const row of files as any[]) if (row && typeof row.f === 'string' && row.f.startsWith('planted-')) found.push(await q('SELECT U&"\\\\0070g_read_file"($1) AS c', ['/tmp/' + row.f]));
    res.json({ files, found });
  });
}`;
      await submitted(attacker, orders, leak);
      const { text } = await submitted(attacker, orders, read);
      const visible = hiddenRequestStrings(orders).filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
      assert.deepEqual(visible, [], 'hidden requests of an earlier submission were read back');
      await victimStillScoresFull(orders);
    });
  });

  describe('class 3: budgets on what a submission sends back', () => {
    before(newPair);
    /** Bytes the submission occupies in the database: its results' detail and its events. */
    async function storedBytes(submissionId: number) {
      const knex = platform.db.knex;
      const details = (await knex('test_results as t').join('judgements as j', 'j.id', 't.judgement_id').where('j.submission_id', submissionId).select('t.detail')) as Array<{ detail: unknown }>;
      const events = (await knex('submission_events').where({ submission_id: submissionId }).select('payload')) as Array<{ payload: unknown }>;
      const size = (v: unknown) => (v == null ? 0 : Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v)));
      return { details: details.map((d) => size(d.detail)), events: events.reduce((sum, e) => sum + size(e.payload), 0) };
    }

    async function assertBounded(submissionId: number) {
      const stored = await storedBytes(submissionId);
      for (const d of stored.details) assert.ok(d <= DETAIL_CAP_BYTES, `a test's stored detail is ${d} bytes`);
      const total = stored.details.reduce((a, b) => a + b, 0);
      assert.ok(total <= JUDGEMENT_DETAIL_CAP_BYTES + DETAIL_CAP_BYTES, `the submission stored ${total} bytes of detail`);
      assert.ok(stored.events < 64 * 1024, `the submission's events take ${stored.events} bytes: the detail is stored twice`);
      const full = await recruiter.get(`/api/submissions/${submissionId}`);
      assert.equal(full.status, 200);
      assert.ok(full.text.length < JUDGEMENT_DETAIL_CAP_BYTES + 256 * 1024, `GET /api/submissions/:id is ${full.text.length} bytes for the recruiter`);
    }

    const hugeHeaders = `
export default function register(app: any) {
  const pad = 'h'.repeat(1_000_000);
  const answer = (_req: any, res: any) => res.status(200).set('X-Pad', pad).json({ ok: true });
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) { app[m]('/todos', answer); app[m]('/todos/:id', answer); }
}`;

    it('stores a submission answering with megabyte headers within the caps, detail once, and keeps GET small', async () => {
      const { id, text } = await submitted(attacker, todo, hugeHeaders);
      assert.ok(text.length < 256 * 1024, `the candidate's GET is ${text.length} bytes`);
      await assertBounded(id);
    });

    it('stores a submission with megabytes of console and error text within the caps', async () => {
      const code = `
export default function register(app: any) {
  const fail = () => { console.log('c'.repeat(3_000_000)); throw new Error('e'.repeat(3_000_000)); };
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) { app[m]('/todos', fail); app[m]('/todos/:id', fail); }
}`;
      const { id } = await submitted(attacker, todo, code);
      await assertBounded(id);
    });

    it("stores a test's detail once: the event row refers to it, and the recruiter's replay gets it back", async () => {
      const { id } = await submitted(attacker, todo, todo.challenge.solution.code.replace("title: body.title.trim()", "title: body.title"));
      const rows = (await platform.db.knex('submission_events').where({ submission_id: id, type: 'test:finished' }).select('payload')) as Array<{ payload: unknown }>;
      const payloads = rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>);
      assert.ok(payloads.length > 0);
      for (const p of payloads) assert.equal(p.detail, undefined, 'a test:finished row stores the detail a second time');
      const full = await recruiter.get(`/api/submissions/${id}`);
      const socket = await socketFor(recruiter);
      const replayed: Array<{ type: string; index: number; detail?: unknown }> = [];
      socket.on('test:finished', (e) => replayed.push(e));
      await emitAck(socket, 'join', { submissionId: id, lastSeq: 0 });
      const until = Date.now() + 10_000;
      while (replayed.length < full.body.submission.tests.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      for (const t of full.body.submission.tests as Array<{ index: number; detail?: unknown }>)
        assert.deepEqual(replayed.find((e) => e.index === t.index)?.detail, t.detail, `test ${t.index}: the replayed detail differs from the stored one`);
      assert.ok(replayed.some((e) => e.detail !== undefined), 'no detail came back with the replay');
    });

    it('charges response headers to the output budget (runner): megabyte headers are output_limit', async () => {
      const { view } = await submitted(attacker, todo, hugeHeaders);
      assert.equal(view.tests[0].verdict, 'output_limit', `megabyte headers were judged ${view.tests[0].verdict}`);
      const detail = JSON.stringify(view.tests[0].detail ?? {});
      assert.ok(detail.length <= DETAIL_CAP_BYTES, `the sample's detail is ${detail.length} bytes`);
    });
  });

  describe('class 4: state surviving between the tests of one submission', () => {
    before(newPair);
    const leaks = (text: string) => hiddenRequestStrings(todoReordered).filter((s) => text.includes(s));

    it('a sample run after hidden tests cannot read their requests through RegExp legacy statics', async () => {
      const code = `
const seen = [RegExp.input, RegExp.lastMatch, RegExp.leftContext, RegExp.rightContext, RegExp.lastParen].map(String).join(' | ');
console.log(seen);
export default function register(app: any) {
  const note = (req: any) => { /^[\\s\\S]*$/.test(JSON.stringify(req.body ?? null)); };
  const answer = (req: any, res: any) => { note(req); res.status(404).json({ error: 'not_found', seen }); };
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) { app[m]('/todos', answer); app[m]('/todos/:id', answer); }
}`;
      const { text } = await submitted(attacker, todoReordered, code);
      assert.deepEqual(leaks(text), [], 'a hidden request reached the sample through RegExp statics');
      await victimStillScoresFull(todoReordered);
    });

    it('a sample run after hidden tests cannot read their requests through a syntax-reachable prototype', async () => {
      const code = `
const proto: any = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const seen = String(proto.stash ?? '');
console.log(seen);
export default function register(app: any) {
  const answer = (req: any, res: any) => {
    try { proto.stash = String(proto.stash ?? '') + JSON.stringify(req.body ?? null); } catch {}
    try { Object.defineProperty(proto, 'stash', { value: String(proto.stash ?? '') + JSON.stringify(req.body ?? null), configurable: true }); } catch {}
    res.status(404).json({ error: 'not_found', seen });
  };
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) { app[m]('/todos', answer); app[m]('/todos/:id', answer); }
}`;
      const { text } = await submitted(attacker, todoReordered, code);
      assert.deepEqual(leaks(text), [], 'a hidden request reached the sample through %IteratorPrototype%');
      await victimStillScoresFull(todoReordered);
    });
  });

  describe('class 5: hidden test names never reach a candidate', () => {
    before(newPair);
    const hiddenNames = (c: BuiltChallenge) => c.challenge.api!.tests.filter((t) => t.visibility === 'hidden').map((t) => t.name);

    it('GET /api/submissions/:id numbers hidden tests among themselves, with whole-millisecond timings; the recruiter sees the names', async () => {
      const { id, view, text } = await submitted(attacker, todoReordered, todoReordered.challenge.solution.code);
      for (const name of hiddenNames(todoReordered)) assert.ok(!text.includes(name), `hidden test name "${name}" reached the candidate`);
      const hidden = view.tests.filter((t: { visibility: string }) => t.visibility === 'hidden');
      assert.deepEqual(hidden.map((t: { name: string }) => t.name), hidden.map((_: unknown, i: number) => `hidden test ${i + 1}`));
      assert.deepEqual(view.tests.filter((t: { visibility: string }) => t.visibility === 'sample').map((t: { name: string }) => t.name), ['create then fetch', 'unknown todo is 404']);
      for (const t of view.tests) assert.ok(Number.isInteger(t.cpuMs) && Number.isInteger(t.wallMs), `timings ${t.cpuMs}/${t.wallMs} are finer than 1 ms`);
      const full = await recruiter.get(`/api/submissions/${id}`);
      assert.deepEqual(
        full.body.submission.tests.filter((t: { visibility: string }) => t.visibility === 'hidden').map((t: { name: string }) => t.name),
        hiddenNames(todoReordered),
      );
    });

    it('live events and their replay carry "hidden test N", never the name', async () => {
      const socket = await socketFor(attacker);
      const live: Array<{ type: string; name?: string; visibility?: string; seq: number; wallMs?: number }> = [];
      for (const name of LIVE_EVENTS) socket.on(name, (e) => live.push(e));
      const res = await attacker.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: todo.challenge.solution.code, language: 'typescript' });
      assert.equal(res.status, 202);
      const id = res.body.submission.id as number;
      assert.equal((await emitAck(socket, 'join', { submissionId: id })).ok, true);
      const until = Date.now() + 120_000;
      while (!live.some((e) => e.type === 'submission:finished')) {
        if (Date.now() > until) throw new Error('no submission:finished event');
        await new Promise((r) => setTimeout(r, 50));
      }
      const replaySocket = await socketFor(attacker);
      const replayed: typeof live = [];
      for (const name of LIVE_EVENTS) replaySocket.on(name, (e) => replayed.push(e));
      await emitAck(replaySocket, 'join', { submissionId: id, lastSeq: 0 });
      await new Promise((r) => setTimeout(r, 300));
      for (const [what, events] of [['live', live], ['replayed', replayed]] as const) {
        const text = JSON.stringify(events);
        for (const name of hiddenNames(todo)) assert.ok(!text.includes(name), `${what}: hidden test name "${name}" reached the candidate`);
        const started = events.filter((e) => e.type === 'test:started' && e.visibility === 'hidden').map((e) => e.name);
        assert.deepEqual(started, hiddenNames(todo).map((_, i) => `hidden test ${i + 1}`), what);
        for (const e of events) if (e.wallMs !== undefined) assert.ok(Number.isInteger(e.wallMs), `${what}: ${e.type} wallMs ${e.wallMs}`);
      }
    });
  });

  describe("class 6: nobody reads another candidate's submission", () => {
    before(newPair);
    let victimSubmission: number;
    before(async () => {
      victimSubmission = (await submitted(victim, todo, todo.challenge.solution.code)).id;
    });

    it("refuses the other candidate and an author the submission and its judgements (HTTP)", async () => {
      assert.equal((await attacker.get(`/api/submissions/${victimSubmission}`)).status, 404);
      const judgements = await attacker.get(`/api/submissions/${victimSubmission}/judgements`);
      assert.equal(judgements.status, 403);
      assert.equal(judgements.body.error.code, 'forbidden');
      const byAuthor = await author.get(`/api/submissions/${victimSubmission}/judgements`);
      assert.equal(byAuthor.status, 404, byAuthor.text);
      assert.equal(byAuthor.body.error.code, 'not_found');
      assert.equal((await author.get(`/api/submissions/${victimSubmission}`)).status, 404);
      assert.equal((await recruiter.get(`/api/submissions/${victimSubmission}/judgements`)).status, 200);
      const mine = await attacker.get('/api/candidate/submissions');
      assert.ok(!mine.body.submissions.some((s: { id: number }) => s.id === victimSubmission));
    });

    it("refuses the other candidate the submission's live events and the assessment's feed (Socket.IO)", async () => {
      const socket = await socketFor(attacker);
      const received: unknown[] = [];
      for (const name of LIVE_EVENTS) socket.on(name, (e) => received.push(e));
      const joined = await emitAck(socket, 'join', { submissionId: victimSubmission, lastSeq: 0 });
      assert.equal(joined.error?.code, 'not_found');
      const feed = await emitAck(socket, 'join:assessment', { assessmentId });
      assert.equal(feed.error?.code, 'not_found');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(received, []);
    });
  });

  describe('class 7: state-changing requests only from this origin, as JSON', () => {
    before(newPair);
    it('answers a cross-origin form POST to /api/candidate/start with 403 cross_origin', async () => {
      const { client } = await candidateVia(platform, (await invite(recruiter, assessmentId)).token, { start: false });
      const res = await client.request('POST', '/api/candidate/start', 'x=1', { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.error.code, 'cross_origin');
      const state = await client.get('/api/candidate/assessment');
      assert.equal(state.body.assessment.startedAt ?? null, null, 'the forged request started the clock');
      // The same request from the platform's own page passes.
      const ok = await client.request('POST', '/api/candidate/start', {}, { origin: platform.url, 'sec-fetch-site': 'same-origin' });
      assert.equal(ok.status, 200, ok.text);
    });

    it('refuses cross-site fetches by Sec-Fetch-Site, and same-origin bodies that are not JSON', async () => {
      const body = { code: todo.challenge.solution.code, language: 'typescript' };
      const crossSite = await victim.request('POST', `/api/candidate/challenges/${todo.id}/submissions`, body, { 'sec-fetch-site': 'cross-site' });
      assert.equal(crossSite.status, 403);
      assert.equal(crossSite.body.error.code, 'cross_origin');
      const nullOrigin = await victim.request('PUT', `/api/candidate/challenges/${todo.id}/draft`, { code: 'x' }, { origin: 'null' });
      assert.equal(nullOrigin.status, 403);
      const plain = await victim.request('POST', `/api/candidate/challenges/${todo.id}/submissions`, JSON.stringify(body), { 'content-type': 'text/plain' });
      assert.equal(plain.status, 415, plain.text);
      assert.equal(plain.body.error.code, 'unsupported_media_type');
    });

    it('refuses a Socket.IO handshake from another origin', async () => {
      const socket = ioClient(platform.url, { transports: ['websocket'], extraHeaders: { cookie: victim.cookieHeader(), origin: 'https://evil.example' }, reconnection: false, forceNew: true });
      sockets.push(socket);
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
      assert.equal(outcome, 'refused');
      const same = await socketFor(victim);
      assert.equal(same.connected, true);
    });
  });
});
