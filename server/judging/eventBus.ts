// Fan-out of stored judge events to the live gateways. Events reach subscribers only after they are written.
// Two implementations behind one interface: in-process (embedded mode) and PostgreSQL NOTIFY (pgEventBus.ts),
// which carries a worker's events to every server process.
import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
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

export interface EventBus {
  /** Events already committed by this process: every subscriber, in every process, gets them. */
  publish(e: StoredEvent): void;
  /**
   * Run `write` (statements that store events and return them) so the events become known exactly when they
   * are durable: in the same transaction for a cross-process bus, right after the write for an in-process one.
   */
  written(knex: Knex, write: (q: Knex) => Promise<StoredEvent[]>): Promise<StoredEvent[]>;
  subscribe(listener: (e: StoredEvent) => void): () => void;
  /** The Socket.IO adapter that carries rooms and broadcasts to the other server processes, if there are any. */
  socketAdapter?: unknown;
  close(): Promise<void>;
}

/** Subscribers of this process; the cross-process bus delivers what it hears through one of these too. */
export class LocalFanOut {
  private emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(e: StoredEvent): void {
    this.emitter.emit('event', e);
  }

  subscribe(listener: (e: StoredEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

export function createLocalBus(): EventBus {
  const fanOut = new LocalFanOut();
  return {
    publish: (e) => fanOut.emit(e),
    async written(knex, write) {
      const events = await write(knex);
      for (const e of events) fanOut.emit(e);
      return events;
    },
    subscribe: (listener) => fanOut.subscribe(listener),
    close: async () => {},
  };
}
