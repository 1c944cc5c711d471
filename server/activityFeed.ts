// What recruiters following an assessment live see besides judge events: a candidate started, submitted, finished.
// Kept next to the platform's EventBus (one feed per bus), so several platforms in one process stay apart.
import { EventEmitter } from 'node:events';
import type { EventBus } from './judging/eventBus';

export type AssessmentActivity =
  | { type: 'assessment:candidate_started'; assessmentId: number; invitationId: number; email: string; startedAt: string; deadlineAt: string }
  | { type: 'assessment:candidate_finished'; assessmentId: number; invitationId: number; email: string; finishedAt: string }
  | {
      type: 'assessment:submission';
      assessmentId: number;
      invitationId: number;
      email: string;
      submissionId: number;
      challengeId: number;
      mode: 'run' | 'submit';
    };

const feeds = new WeakMap<EventBus, EventEmitter>();

function feedOf(bus: EventBus): EventEmitter {
  let feed = feeds.get(bus);
  if (!feed) {
    feed = new EventEmitter();
    feed.setMaxListeners(0);
    feeds.set(bus, feed);
  }
  return feed;
}

export function publishActivity(bus: EventBus, activity: AssessmentActivity): void {
  feedOf(bus).emit('activity', activity);
}

export function subscribeActivity(bus: EventBus, listener: (a: AssessmentActivity) => void): () => void {
  const feed = feedOf(bus);
  feed.on('activity', listener);
  return () => feed.off('activity', listener);
}
