// Socket.IO gateway. The handshake is authenticated by the same session as HTTP; a socket joins a submission
// (its candidate, the assessment's recruiter, admin) or follows an assessment (its recruiter, admin).
// Events are emitted per socket, not per room, so each socket gets the view its role may see, and each
// (socket, submission) pair keeps the last seq it delivered: a (re)join replays from the database, live events
// that arrive meanwhile are buffered, and anything at or below the last delivered seq is dropped — every
// event exactly once, in order, without gaps.
import type http from 'node:http';
import type { Knex } from 'knex';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { App } from './app';
import type { SessionUser } from './auth/roles';
import { subscribeActivity, type AssessmentActivity } from './activityFeed';
import type { EventBus, StoredEvent } from './judging/eventBus';
import { eventsSince } from './judging/eventStore';
import type { Logger } from './logger';
import { presentLiveEvent } from './presenters/submission';
import { mayFollowAssessment, submissionAccess, type Viewer } from './auth/access';
import { errorBody, internalError, notFound, validationError } from './errors';
import { hiddenTestNumbersOf } from './queries/hiddenTestNumbers';
import type { HiddenTestNumbers } from '../runner/events';
import { sameOriginVerdict } from './http/sameOrigin';

export interface Live {
  io: Server;
  /** Sockets connected to this process (metrics). */
  sockets(): number;
  close(): Promise<void>;
}

interface Subscription {
  socket: Socket;
  submissionId: number;
  viewer: Viewer;
  hiddenNumbers: HiddenTestNumbers;
  /** Highest seq sent to this socket. */
  delivered: number;
  /** Live events held back while the database is read (replay), or null when live events go straight out. */
  pending: StoredEvent[] | null;
  closed: boolean;
}

const joinMessage = z.object({ submissionId: z.number().int().positive(), lastSeq: z.number().int().min(0).default(0) }).strict();
const leaveMessage = z.object({ submissionId: z.number().int().positive() }).strict();
const assessmentMessage = z.object({ assessmentId: z.number().int().positive() }).strict();

type Ack = (reply: unknown) => void;
// The same {error: {code, message}} as HTTP answers, from the same factories.
const invalid = (what: string, issue: string) => errorBody(validationError(`invalid ${what} message: ${issue}`));
const failed = () => errorBody(internalError());

function onlyForHandshake(middleware: RequestHandler) {
  return (req: Request & { _query?: Record<string, string> }, res: Response, next: NextFunction) => {
    if (req._query?.sid === undefined) middleware(req, res, next);
    else next();
  };
}

export function attachLive(server: http.Server, app: App, deps: { knex: Knex; bus: EventBus; logger: Logger }): Live {
  const { knex, logger } = deps;
  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // The handshake is a cross-site request like any other (WebSockets have no CORS): only pages of this origin.
    allowRequest: (req, callback) => callback(null, sameOriginVerdict(req.headers, app.publicUrl) !== 'cross'),
  });
  // Across server processes (PostgreSQL mode), rooms and broadcasts go through the bus's Socket.IO adapter.
  if (deps.bus.socketAdapter) io.adapter(deps.bus.socketAdapter as never);

  io.engine.use(onlyForHandshake(app.sessionMiddleware));
  io.engine.use(onlyForHandshake(app.passport.initialize() as RequestHandler));
  io.engine.use(onlyForHandshake(app.passport.session() as RequestHandler));
  io.use((socket, next) => {
    const user = (socket.request as unknown as { user?: SessionUser }).user;
    if (!user) return next(new Error('unauthorized'));
    socket.data.user = user;
    next();
  });

  const bySubmission = new Map<number, Set<Subscription>>();
  const bySocket = new Map<string, Map<number, Subscription>>();

  const send = (sub: Subscription, e: StoredEvent) => {
    if (sub.closed || e.seq <= sub.delivered) return;
    sub.delivered = e.seq;
    const payload = presentLiveEvent(e, sub.viewer, sub.hiddenNumbers);
    sub.socket.emit(payload.type, payload);
  };

  /** Send what the database holds after sub.delivered, then what arrived live meanwhile; repeat if a gap shows. */
  const catchUp = async (sub: Subscription, beforeSending?: (count: number) => void): Promise<void> => {
    sub.pending ??= [];
    try {
      const stored = await eventsSince(knex, sub.submissionId, sub.delivered);
      beforeSending?.(stored.length);
      for (const e of stored) send(sub, e);
    } finally {
      const held = (sub.pending ?? []).sort((a, b) => a.seq - b.seq);
      sub.pending = null;
      for (const e of held) deliver(sub, e);
    }
  };

  const deliver = (sub: Subscription, e: StoredEvent) => {
    if (sub.closed) return;
    if (sub.pending) {
      sub.pending.push(e);
      return;
    }
    if (e.seq <= sub.delivered) return;
    if (e.seq > sub.delivered + 1) {
      // Events announced across processes can overtake each other (one read back from the database); a gap is
      // filled from the database.
      sub.pending = [e];
      catchUp(sub).catch((err) => logger.error({ err, submissionId: sub.submissionId }, 'live catch-up failed'));
      return;
    }
    send(sub, e);
  };

  const unsubscribe = (sub: Subscription) => {
    sub.closed = true;
    const subs = bySubmission.get(sub.submissionId);
    subs?.delete(sub);
    if (subs && subs.size === 0) bySubmission.delete(sub.submissionId);
    bySocket.get(sub.socket.id)?.delete(sub.submissionId);
  };

  const offEvents = deps.bus.subscribe((e) => {
    const subs = bySubmission.get(e.submissionId);
    if (subs) for (const sub of subs) deliver(sub, e);
    if (e.event.type === 'submission:finished') announceScore(e).catch((err) => logger.error({ err }, 'live score announcement failed'));
  });

  // Recruiters following an assessment: activity from the commands, scores from the judge's final events.
  const assessmentRoom = (id: number) => `assessment:${id}`;
  const submissionContext = new Map<number, { assessmentId: number; invitationId: number; email: string; challengeId: number; mode: string }>();
  const followed = () => [...io.of('/').adapter.rooms.keys()].some((r) => r.startsWith('assessment:'));
  // Activity is heard only by the process that served the command: its broadcast goes through the adapter.

  const offActivity = subscribeActivity(deps.bus, (a: AssessmentActivity) => {
    if (a.type === 'assessment:submission') {
      submissionContext.set(a.submissionId, a);
      if (submissionContext.size > 10_000) submissionContext.delete(submissionContext.keys().next().value!);
    }
    const { type, ...payload } = a;
    io.to(assessmentRoom(a.assessmentId)).emit(type, payload);
  });

  async function announceScore(e: StoredEvent) {
    let ctx = submissionContext.get(e.submissionId);
    submissionContext.delete(e.submissionId);
    if (!followed()) return;
    if (!ctx) {
      const row = await knex('submissions as s')
        .join('invitations as i', 'i.id', 's.invitation_id')
        .where('s.id', e.submissionId)
        .first('i.assessment_id', 's.invitation_id', 'i.email', 's.challenge_id', 's.mode');
      if (!row) return;
      ctx = { assessmentId: row.assessment_id, invitationId: row.invitation_id, email: row.email, challengeId: row.challenge_id, mode: row.mode };
    }
    const f = e.event as Extract<StoredEvent['event'], { type: 'submission:finished' }>;
    // Every server process hears every judge event, so each tells only its own sockets.
    io.local.to(assessmentRoom(ctx.assessmentId)).emit('assessment:score', {
      ...ctx,
      submissionId: e.submissionId,
      verdict: f.verdict,
      score: f.score,
      points: f.points,
      maxPoints: f.maxPoints,
    });
  }

  io.on('connection', (socket) => {
    const user = socket.data.user as SessionUser;
    bySocket.set(socket.id, new Map());

    socket.on('join', async (raw: unknown, maybeAck?: Ack) => {
      const ack: Ack = typeof maybeAck === 'function' ? maybeAck : () => {};
      const parsed = joinMessage.safeParse(raw);
      if (!parsed.success) return ack(invalid('join', parsed.error.issues[0].message));
      const { submissionId, lastSeq } = parsed.data;
      try {
        const access = await submissionAccess(knex, user, submissionId);
        if (!access) return ack(errorBody(notFound('submission not found')));
        const { viewer } = access;
        const hiddenNumbers = viewer === 'candidate' ? await hiddenTestNumbersOf(knex, access.liveVersionId) : new Map<number, number>();
        if (!socket.connected) return;
        const previous = bySocket.get(socket.id)?.get(submissionId);
        if (previous) unsubscribe(previous);
        const sub: Subscription = { socket, submissionId, viewer, hiddenNumbers, delivered: lastSeq, pending: [], closed: false };
        if (!bySubmission.has(submissionId)) bySubmission.set(submissionId, new Set());
        bySubmission.get(submissionId)!.add(sub);
        bySocket.get(socket.id)?.set(submissionId, sub);
        // Live events are buffered from here on; the database is read; the ack goes out; then the stored
        // events and the buffered ones (each once).
        await catchUp(sub, (replayed) => ack({ ok: true, replayed }));
      } catch (err) {
        logger.error({ err, submissionId }, 'live join failed');
        ack(failed());
      }
    });

    socket.on('leave', (raw: unknown, ack?: Ack) => {
      const parsed = leaveMessage.safeParse(raw);
      if (!parsed.success) return typeof ack === 'function' && ack(invalid('leave', parsed.error.issues[0].message));
      const sub = bySocket.get(socket.id)?.get(parsed.data.submissionId);
      if (sub) unsubscribe(sub);
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('join:assessment', async (raw: unknown, maybeAck?: Ack) => {
      const ack: Ack = typeof maybeAck === 'function' ? maybeAck : () => {};
      const parsed = assessmentMessage.safeParse(raw);
      if (!parsed.success) return ack(invalid('join:assessment', parsed.error.issues[0].message));
      try {
        if (!(await mayFollowAssessment(knex, user, parsed.data.assessmentId))) return ack(errorBody(notFound('assessment not found')));
        await socket.join(assessmentRoom(parsed.data.assessmentId));
        ack({ ok: true });
      } catch (err) {
        logger.error({ err }, 'live join:assessment failed');
        ack(failed());
      }
    });

    socket.on('leave:assessment', async (raw: unknown, ack?: Ack) => {
      const parsed = assessmentMessage.safeParse(raw);
      if (!parsed.success) return typeof ack === 'function' && ack(invalid('leave:assessment', parsed.error.issues[0].message));
      await socket.leave(assessmentRoom(parsed.data.assessmentId));
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('disconnect', () => {
      for (const sub of bySocket.get(socket.id)?.values() ?? []) unsubscribe(sub);
      bySocket.delete(socket.id);
    });
  });

  return {
    io,
    sockets: () => io.engine.clientsCount,
    async close() {
      offEvents();
      offActivity();
      // Not io.close(): that also closes the HTTP server, which the platform closes itself, in its own order.
      io.local.disconnectSockets(true);
      io.engine.close();
      await io.of('/').adapter.close();
    },
  };
}
