import assert from 'node:assert/strict';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { candidateVia, connectSocket, createAssessment, emitAck, finishedSubmission, invite, LIVE_EVENTS, startAssessmentPlatform } from '../helpers/assessments';

type LiveEvent = { type: string; submissionId: number; seq: number; visibility?: string; detail?: unknown };

function collect(socket: Socket, into: LiveEvent[], onEvent?: (e: LiveEvent) => void) {
  for (const name of LIVE_EVENTS)
    socket.on(name, (e: LiveEvent) => {
      assert.equal(e.type, name);
      into.push(e);
      onEvent?.(e);
    });
}

function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => (predicate() ? resolve() : Date.now() - started > timeoutMs ? reject(new Error('timed out')) : setTimeout(tick, 10));
    tick();
  });
}

describe('live results over Socket.IO', function () {
  this.timeout(60_000);
  let platform: Platform;
  let todo: BuiltChallenge;
  let recruiter: Client;
  let assessmentId: number;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(180_000);
    platform = await startAssessmentPlatform();
    todo = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    assessmentId = (await createAssessment(recruiter, [todo.id])).id;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  after(() => platform.close());

  const socketFor = async (client: Client) => {
    const s = await connectSocket(platform, client);
    sockets.push(s);
    return s;
  };
  const newCandidate = async () => candidateVia(platform, (await invite(recruiter, assessmentId)).token);
  const submit = async (client: Client, code = todo.challenge.solution.code) => {
    const res = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code, language: 'typescript' });
    assert.equal(res.status, 202, res.text);
    return res.body.submission.id as number;
  };

  it('refuses a handshake without a session', async () => {
    const socket = ioClient(platform.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    assert.equal(err.message, 'unauthorized');
  });

  it('answers a bad message with a validation_error ack, and a foreign submission with not_found', async () => {
    const { client } = await newCandidate();
    const socket = await socketFor(client);
    for (const bad of [null, 'x', { submissionId: 'a' }, { submissionId: 1, lastSeq: -1 }, { submissionId: 1, extra: true }]) {
      const reply = await emitAck(socket, 'join', bad);
      assert.equal(reply.error.code, 'validation_error', JSON.stringify(bad));
    }
    assert.equal((await emitAck(socket, 'join:assessment', { assessmentId: 'x' })).error.code, 'validation_error');
    const { client: other } = await newCandidate();
    const theirs = await submit(other);
    assert.equal((await emitAck(socket, 'join', { submissionId: theirs })).error.code, 'not_found');
    assert.equal((await emitAck(socket, 'join:assessment', { assessmentId })).error.code, 'not_found');
    const { client: otherRecruiter } = await loggedIn(platform, 'recruiter');
    const rs = await socketFor(otherRecruiter);
    assert.equal((await emitAck(rs, 'join', { submissionId: theirs })).error.code, 'not_found');
    assert.equal((await emitAck(rs, 'join:assessment', { assessmentId })).error.code, 'not_found');
    await platform.queue.idle();
  });

  it('a client that disconnects mid-judgment and rejoins with its last seq gets every event exactly once', async () => {
    const { client } = await newCandidate();
    const first = await socketFor(client);
    const received: LiveEvent[] = [];
    let cut = false;
    collect(first, received, (e) => {
      // Drop the connection after a few events, while the judge is still running.
      if (!cut && e.seq >= 4) {
        cut = true;
        first.disconnect();
      }
    });
    const id = await submit(client);
    assert.equal((await emitAck(first, 'join', { submissionId: id, lastSeq: 0 })).ok, true);
    await until(() => cut);
    const lastSeq = received.at(-1)!.seq;
    const stillRunning = (await platform.db.knex('submissions').where({ id }).first('status')).status !== 'finished';

    const second = await socketFor(client);
    collect(second, received);
    const reply = await emitAck(second, 'join', { submissionId: id, lastSeq });
    assert.equal(reply.ok, true);
    await until(() => received.at(-1)?.type === 'submission:finished');
    await new Promise((r) => setTimeout(r, 200));
    const seqs = received.map((e) => e.seq);
    const total = 2 + 2 * todo.challenge.api!.tests.length;
    assert.deepEqual(seqs, Array.from({ length: total }, (_, i) => i + 1));
    assert.ok(received.every((e) => e.submissionId === id));
    // Informative only: on a busy machine the judge may have finished before the reconnect.
    if (!stillRunning) console.log('      (the judgment had finished before the reconnect; the replay covered the rest)');
  });

  it('a late join replays everything; joining twice on one socket does not duplicate', async () => {
    const { client } = await newCandidate();
    const id = await submit(client);
    await finishedSubmission(client, id);
    const socket = await socketFor(client);
    const received: LiveEvent[] = [];
    collect(socket, received);
    const total = 2 + 2 * todo.challenge.api!.tests.length;
    assert.equal((await emitAck(socket, 'join', { submissionId: id })).replayed, total);
    assert.equal((await emitAck(socket, 'join', { submissionId: id, lastSeq: total - 2 })).replayed, 2);
    await until(() => received.length >= total + 2);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(received.map((e) => e.seq), [...Array.from({ length: total }, (_, i) => i + 1), total - 1, total]);
    // The submission:queued event read back is the one written with the row: whole, with the submission's id.
    const { type, submissionId, mode, challengeId } = received[0] as LiveEvent & { mode?: string; challengeId?: number };
    assert.deepEqual({ type, submissionId, mode, challengeId }, { type: 'submission:queued', submissionId: id, mode: 'submit', challengeId: todo.id });
  });

  it('candidates get hidden tests without detail; the recruiter gets the detail', async () => {
    const { client } = await newCandidate();
    const candidateSocket = await socketFor(client);
    const recruiterSocket = await socketFor(recruiter);
    const asCandidate: LiveEvent[] = [];
    const asRecruiter: LiveEvent[] = [];
    collect(candidateSocket, asCandidate);
    collect(recruiterSocket, asRecruiter);
    const id = await submit(client, todo.challenge.wrong[0].code);
    await emitAck(candidateSocket, 'join', { submissionId: id });
    await emitAck(recruiterSocket, 'join', { submissionId: id });
    await until(() => asCandidate.at(-1)?.type === 'submission:finished' && asRecruiter.at(-1)?.type === 'submission:finished');
    const hiddenFinished = (events: LiveEvent[]) => events.filter((e) => e.type === 'test:finished' && e.visibility === 'hidden');
    assert.ok(hiddenFinished(asCandidate).length > 0);
    assert.ok(hiddenFinished(asCandidate).every((e) => e.detail === undefined));
    assert.ok(hiddenFinished(asRecruiter).some((e) => e.detail !== undefined));
    assert.deepEqual(asCandidate.map((e) => e.seq), asRecruiter.map((e) => e.seq));
  });

  it('a recruiter following the assessment sees candidates start, submit and score', async () => {
    const socket = await socketFor(recruiter);
    const seen: Array<[string, any]> = [];
    for (const name of ['assessment:candidate_started', 'assessment:submission', 'assessment:score', 'assessment:candidate_finished'])
      socket.on(name, (p) => seen.push([name, p]));
    assert.deepEqual(await emitAck(socket, 'join:assessment', { assessmentId }), { ok: true });
    const { client, assessment } = await newCandidate();
    const id = await submit(client);
    await until(() => seen.some(([n]) => n === 'assessment:score'));
    await client.post('/api/candidate/finish');
    await until(() => seen.some(([n]) => n === 'assessment:candidate_finished'));
    assert.deepEqual(seen.map(([n]) => n), ['assessment:candidate_started', 'assessment:submission', 'assessment:score', 'assessment:candidate_finished']);
    const score = seen.find(([n]) => n === 'assessment:score')![1];
    assert.equal(score.submissionId, id);
    assert.equal(score.invitationId, assessment.invitationId);
    assert.equal(score.score, 100);
    assert.equal(score.challengeId, todo.id);
  });
});
