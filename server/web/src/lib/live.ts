// Live results over Socket.IO. Every followed submission remembers the last seq it saw; after a reconnect it joins
// again with that seq and the server replays what was missed, so no event is lost or shown twice.
import { io, type Socket } from 'socket.io-client';

export interface LiveEvent {
  submissionId: number;
  seq: number;
  type: 'submission:queued' | 'test:started' | 'test:finished' | 'submission:finished';
  [key: string]: any;
}

type Listener = (e: LiveEvent) => void;
type AssessmentListener = (type: string, e: any) => void;

export class Live {
  readonly socket: Socket;
  private subs = new Map<number, { lastSeq: number; listener: Listener }>();
  private assessments = new Map<number, AssessmentListener>();
  onState: (state: 'connected' | 'disconnected' | 'error', detail?: string) => void = () => {};

  constructor() {
    this.socket = io({ withCredentials: true, transports: ['websocket', 'polling'] });
    this.socket.on('connect', () => {
      this.onState('connected');
      for (const id of this.subs.keys()) this.join(id);
      for (const id of this.assessments.keys()) this.socket.emit('join:assessment', { assessmentId: id }, () => {});
    });
    this.socket.on('disconnect', () => this.onState('disconnected'));
    this.socket.on('connect_error', (err) => this.onState('error', err.message));
    for (const type of ['submission:queued', 'test:started', 'test:finished', 'submission:finished'] as const) {
      this.socket.on(type, (payload: LiveEvent) => this.deliver({ ...payload, type }));
    }
    for (const type of ['assessment:candidate_started', 'assessment:submission', 'assessment:score', 'assessment:candidate_finished']) {
      this.socket.on(type, (payload: { assessmentId: number }) => this.assessments.get(payload.assessmentId)?.(type, payload));
    }
  }

  private deliver(e: LiveEvent): void {
    const sub = this.subs.get(e.submissionId);
    if (!sub || e.seq <= sub.lastSeq) return;
    sub.lastSeq = e.seq;
    sub.listener(e);
  }

  private join(submissionId: number): void {
    const sub = this.subs.get(submissionId);
    if (!sub) return;
    this.socket.emit('join', { submissionId, lastSeq: sub.lastSeq }, (ack: { error?: { message: string } }) => {
      if (ack?.error) this.onState('error', ack.error.message);
    });
  }

  /** Follow a submission from `lastSeq` (0: from its first event). */
  follow(submissionId: number, listener: Listener, lastSeq = 0): void {
    this.subs.set(submissionId, { lastSeq, listener });
    if (this.socket.connected) this.join(submissionId);
  }

  unfollow(submissionId: number): void {
    if (!this.subs.delete(submissionId)) return;
    if (this.socket.connected) this.socket.emit('leave', { submissionId }, () => {});
  }

  followAssessment(assessmentId: number, listener: AssessmentListener): void {
    this.assessments.set(assessmentId, listener);
    if (this.socket.connected) this.socket.emit('join:assessment', { assessmentId }, () => {});
  }

  close(): void {
    this.socket.close();
  }
}
