// Candidates of a cluster run: each signs in through one server, follows its submissions on a socket to a
// server (not necessarily the same one), and when that server goes away connects to the next and resumes
// every submission from the last sequence number it received — what a browser behind a load balancer does.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { io as ioClient, type Socket } from 'socket.io-client';
import { contentHash, parseChallenge, readChallengeFiles } from '../../runner/challenge';
import { assessmentCreator } from '../../server/commands/assessmentCreator';
import { invitationCreator } from '../../server/commands/invitationCreator';
import { userCreator } from '../../server/commands/userCreator';
import { Client } from '../helpers/client';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIVE_EVENTS = ['submission:queued', 'test:started', 'test:finished', 'submission:finished'];

export type LiveEvent = { type: string; submissionId: number; seq: number };

export interface Seeded {
  challengeId: number;
  code: string;
  tests: number;
  tokens: string[];
}

/** A published todo-crud challenge, an assessment of it and `count` invitations, written straight to the database. */
export async function seedAssessment(knex: Knex, count: number): Promise<Seeded> {
  const files = await readChallengeFiles(path.join(ROOT, 'challenges', 'todo-crud'));
  const challenge = parseChallenge(files);
  const [row] = await knex('challenges')
    .insert({ slug: `todo-cluster-${Date.now()}`, title: challenge.meta.title, kind: challenge.meta.kind, difficulty: challenge.meta.difficulty, status: 'published' })
    .returning(['id']);
  const [version] = await knex('challenge_versions')
    .insert({ challenge_id: row.id, version: 1, content_hash: contentHash(files), files: JSON.stringify(files), spec: JSON.stringify(challenge.meta), valid: true, validated_at: new Date(), published_at: new Date() })
    .returning(['id']);
  await knex('challenges').where({ id: row.id }).update({ current_version_id: version.id });
  const recruiter = await userCreator(knex, { email: `cluster-recruiter-${Date.now()}@example.test`, name: 'Cluster', role: 'recruiter' });
  const assessmentId = await assessmentCreator(knex, recruiter.id, { title: 'Cluster', description: '', timeLimitMinutes: 120, challengeIds: [row.id] });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push((await invitationCreator(knex, { assessmentId, email: `cluster-${i}-${Date.now()}@example.test`, expiresInDays: 1 })).token);
  return { challengeId: row.id, code: challenge.solution.code, tests: challenge.api!.tests.length, tokens };
}

export class LiveCandidate {
  readonly events = new Map<number, LiveEvent[]>();
  readonly submitted: Array<{ id: number; at: number }> = [];
  finishedAt = new Map<number, number>();
  socket!: Socket;
  /** Sockets opened again after their server went away. */
  failovers = 0;
  private socketIndex: number;
  private closed = false;

  private constructor(
    readonly client: Client,
    private socketUrls: string[],
    first: number,
    private onFinished: (submissionId: number) => void,
  ) {
    this.socketIndex = first;
  }

  /** Accept the invitation and start through `httpUrl`; follow submissions on `socketUrls[first]`, then the others. */
  static async signIn(token: string, httpUrl: string, socketUrls: string[], first: number, onFinished: (id: number) => void): Promise<LiveCandidate> {
    const client = new Client(httpUrl);
    const accepted = await client.post('/api/invitations/accept', { token });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
    const started = await client.post('/api/candidate/start');
    if (started.status !== 200) throw new Error(`start: ${started.status} ${started.text}`);
    const c = new LiveCandidate(client, socketUrls, first, onFinished);
    await c.connect();
    return c;
  }

  private async connect(): Promise<void> {
    const url = this.socketUrls[this.socketIndex % this.socketUrls.length];
    const socket = ioClient(url, { transports: ['websocket'], extraHeaders: { cookie: this.client.cookieHeader() }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
    this.socket = socket;
    for (const name of LIVE_EVENTS) socket.on(name, (e: LiveEvent) => this.record(e));
    socket.once('disconnect', () => {
      if (!this.closed) void this.failover();
    });
  }

  private record(e: LiveEvent): void {
    if (!this.events.has(e.submissionId)) this.events.set(e.submissionId, []);
    this.events.get(e.submissionId)!.push(e);
    if (e.type === 'submission:finished') {
      this.finishedAt.set(e.submissionId, performance.now());
      this.onFinished(e.submissionId);
    }
  }

  /** The server went away: the next one, and every followed submission resumed after its last received seq. */
  private async failover(): Promise<void> {
    for (let attempt = 0; attempt < 20 && !this.closed; attempt++) {
      this.socketIndex++;
      try {
        await this.connect();
        this.failovers++;
        await Promise.all(this.submitted.map((s) => this.join(s.id)));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private lastSeq(id: number): number {
    const evs = this.events.get(id) ?? [];
    return evs.length ? evs[evs.length - 1].seq : 0;
  }

  private async join(id: number): Promise<void> {
    const ack = await this.socket.timeout(30_000).emitWithAck('join', { submissionId: id, lastSeq: this.lastSeq(id) });
    if (!ack.ok) throw new Error(`join ${id}: ${JSON.stringify(ack)}`);
  }

  async submit(challengeId: number, code: string): Promise<number> {
    const at = performance.now();
    const res = await this.client.post(`/api/candidate/challenges/${challengeId}/submissions`, { code, language: 'typescript' });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${res.text}`);
    const id = res.body.submission.id as number;
    this.submitted.push({ id, at });
    // A join that fails because the socket's server just died is made again by the failover.
    await this.join(id).catch(() => {});
    return id;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
