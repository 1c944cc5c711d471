// Factories for assessment tests: a platform without the challenges folder sync, an assessment, an invite,
// a candidate signed in through the link, and a socket.io client on the same session.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Platform } from '../../server/platform';
import { Client } from './client';
import { startTestPlatform, uniqueEmail } from './platform';

/** The platform with an empty challenges folder: tests build their own challenges (test/helpers/challenges.ts). */
export function startAssessmentPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const empty = path.join(os.tmpdir(), `assay-no-challenges-${process.pid}`);
  mkdirSync(empty, { recursive: true });
  return startTestPlatform({ env: { CHALLENGES_DIR: empty, ...env } });
}

export async function createAssessment(recruiter: Client, challengeIds: number[], timeLimitMinutes = 60): Promise<{ id: number; [k: string]: unknown }> {
  const res = await recruiter.post('/api/assessments', { title: `Backend ${uniqueEmail('a')}`, timeLimitMinutes, challengeIds });
  assert.equal(res.status, 201, res.text);
  return res.body.assessment;
}

export async function invite(recruiter: Client, assessmentId: number, email = uniqueEmail('cand')) {
  const res = await recruiter.post(`/api/assessments/${assessmentId}/invitations`, { email });
  assert.equal(res.status, 201, res.text);
  const link: string = res.body.link;
  return { invitation: res.body.invitation, link, token: link.split('/invite/')[1], email };
}

/** A browser that opened the invite link: accepted, and (unless told not to) started. */
export async function candidateVia(platform: Platform, token: string, { start = true } = {}) {
  const client = new Client(platform.url);
  const accepted = await client.post('/api/invitations/accept', { token });
  assert.equal(accepted.status, 200, accepted.text);
  if (start) {
    const started = await client.post('/api/candidate/start');
    assert.equal(started.status, 200, started.text);
    return { client, user: accepted.body.user, assessment: started.body.assessment };
  }
  return { client, user: accepted.body.user, assessment: accepted.body.assessment };
}

export function connectSocket(platform: Platform, client: Client): Promise<Socket> {
  const socket = ioClient(platform.url, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function emitAck<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

export const LIVE_EVENTS = ['submission:queued', 'test:started', 'test:finished', 'submission:finished'] as const;

/** Wait until the submission is finished (polling the API as its viewer). */
export async function finishedSubmission(client: Client, id: number, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/submissions/${id}`);
    assert.equal(res.status, 200, res.text);
    if (res.body.submission.status === 'finished') return res.body.submission;
    if (Date.now() > until) throw new Error(`submission ${id} not finished after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
