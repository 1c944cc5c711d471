// In-process fan-out of stored judge events to the live gateway. Events reach it only after they are written.
import { EventEmitter } from 'node:events';
import type { JudgeEvent } from '../../runner/types';

export interface StoredEvent {
  submissionId: number;
  /** Per-submission sequence number, from 1. */
  seq: number;
  event: JudgeEvent | SubmissionQueued;
}

export interface SubmissionQueued {
  type: 'submission:queued';
  submissionId: number;
  mode: 'run' | 'submit';
  challengeId: number;
}

export class EventBus {
  private emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(e: StoredEvent): void {
    this.emitter.emit('event', e);
  }

  subscribe(listener: (e: StoredEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
