// The leaderboard as one database query: each candidate's counted scores (the best finished submit per challenge,
// earliest on a tie: the rule of commands/reviewResults.ts), total, time used, state and competition rank, then
// filtered, sorted and cut into keyset pages by the database, so a page of 50 costs the same at 50 or 5,000
// candidates in what is sent and built in JavaScript.
import type { Knex } from 'knex';
import type { InvitationState } from './invitationWindow';
import { assessmentResults, type AssessmentResults } from './reviewResults';

export const SORTS = ['rank', 'total', 'time', 'email'] as const;
export type LeaderboardSort = (typeof SORTS)[number];

export interface LeaderboardQuery {
  sort: LeaderboardSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  state?: InvitationState;
  minScore?: number;
  maxScore?: number;
  /** Part of the email or name, case-insensitive. */
  q?: string;
  /** One candidate's row (ranked among everyone): what their review page shows. */
  invitationId?: number;
}

export interface BoardRow {
  id: number;
  rank: number | null;
  total: number;
  seconds: number | null;
}

export interface BoardPage {
  rows: BoardRow[];
  /** Candidates matching the filters (all pages). */
  matching: number;
  /** Candidates who started (what a rank is out of). */
  ranked: number;
  nextCursor: string | null;
}

// Sort key per sort: never null (so a row comparison orders it), with the invitation id as the tie-breaker.
const KEYS: Record<LeaderboardSort, string> = {
  rank: 'coalesce(rank, 2147483647)',
  total: 'total',
  time: 'coalesce(seconds, 2147483647)',
  email: 'lower(email)',
};

const STATE_SQL = `case
  when i.revoked_at is not null then 'revoked'
  when i.finished_at is not null then 'finished'
  when i.started_at is not null then case when i.deadline_at is not null and i.deadline_at <= :now then 'finished' else 'started' end
  when i.expires_at <= :now then 'expired'
  else 'invited' end`;

// Time used as timeUsed() in reviewResults.ts computes it: to the finish, capped at the deadline, or to now.
const SECONDS_SQL = `case when i.started_at is null then null else greatest(0, round(extract(epoch from (
  least(coalesce(i.finished_at, :now), coalesce(i.deadline_at, 'infinity'::timestamptz)) - i.started_at))))::int end`;

export function encodeCursor(key: string | number, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, number] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && ['string', 'number'].includes(typeof value[0]) && Number.isInteger(value[1])) return value as [string | number, number];
  } catch {
    // Falls through: the route answers 400.
  }
  return null;
}

export async function leaderboardPage(knex: Knex, assessmentId: number, query: LeaderboardQuery, now = new Date()): Promise<BoardPage> {
  // An infinite limit is LIMIT NULL: every row (rankedBoard).
  const params: Record<string, unknown> = { assessment: assessmentId, now, limit: Number.isFinite(query.limit) ? query.limit + 1 : null };
  const where: string[] = [];
  if (query.state) {
    where.push('state = :state');
    params.state = query.state;
  }
  if (query.minScore !== undefined) {
    where.push('total >= :minScore');
    params.minScore = query.minScore;
  }
  if (query.maxScore !== undefined) {
    where.push('total <= :maxScore');
    params.maxScore = query.maxScore;
  }
  if (query.invitationId !== undefined) {
    where.push('id = :invitationId');
    params.invitationId = query.invitationId;
  }
  if (query.q) {
    where.push("(email ilike :q escape '\\' or name ilike :q escape '\\')");
    params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const key = KEYS[query.sort];
  const direction = query.order === 'desc' ? 'desc' : 'asc';
  let keyset = '';
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor);
    if (!decoded) throw new Error('invalid cursor');
    keyset = `and (${key}, id) ${direction === 'desc' ? '<' : '>'} (:cursorKey, :cursorId)`;
    params.cursorKey = decoded[0];
    params.cursorId = decoded[1];
  }
  // Each total is looked up per invitation and challenge of the assessment: the best counted score is the first
  // row of the counted-submissions index (migration 20261130030000), never found by joining all of the
  // assessment's submissions. PGlite has no autovacuum, so its planner has no statistics and guesses a handful of
  // rows; the plans it picked for that join (a nested loop intersecting each invitation with every finished
  // submission of the database) grew quadratically. A top-1 in the index's order is the plan it keeps whatever
  // its guesses. Per challenge the best score is the highest: who scored it first does not change the total.
  const sql = (keysetSql: string) => `
    with board as (
      select i.id, i.email, u.name, ${STATE_SQL} as state, round(coalesce(t.total, 0)::numeric, 2)::float8 as total,
        ${SECONDS_SQL} as seconds, i.started_at is not null as started
      from invitations i
      left join lateral (
        select sum(best) as total from (
          select max(coalesce(s.score, 0)) as best from submissions s
          where s.invitation_id = i.id and s.mode = 'submit' and s.status = 'finished'
          group by s.challenge_id
        ) per_challenge
      ) t on true
      left join users u on u.id = i.candidate_id
      where i.assessment_id = :assessment
    ), ranked as (
      select board.*, case when started then (rank() over (partition by started order by total desc, seconds asc))::int end as rank,
        count(*) filter (where started) over () as started_count
      from board
    ), filtered as (
      select ranked.*, count(*) over () as matching
      from ranked ${where.length ? `where ${where.join(' and ')}` : ''}
    )
    select id, rank, total, seconds, matching, started_count, ${key} as sort_key from filtered
    where true ${keysetSql}
    order by ${key} ${direction}, id ${direction}
    limit :limit`;
  const result = await knex.raw(sql(keyset), params);
  const rows: Array<BoardRow & { matching: string | number; started_count: string | number; sort_key: string | number }> = result.rows ?? result;
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  // Counts come with every row; past the last page there is none, so only then are they asked for alone.
  const counts = rows[0] ?? (keyset ? await countsOnly(knex, sql(''), params) : undefined);
  return {
    rows: page.map((r) => ({ id: r.id, rank: r.rank, total: Number(r.total), seconds: r.seconds })),
    matching: Number(counts?.matching ?? 0),
    ranked: Number(counts?.started_count ?? 0),
    nextCursor: more && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

async function countsOnly(knex: Knex, sql: string, params: Record<string, unknown>) {
  const result = await knex.raw(sql, { ...params, limit: 1 });
  return (result.rows ?? result)[0] as { matching: string | number; started_count: string | number } | undefined;
}

/**
 * Every candidate of the assessment in rank order (ids, ranks, totals and times: a few bytes each), in one
 * statement: the CSV walks through it fetching full results a page at a time. Keyset pages would each rank the
 * whole assessment again, so their sum grew with the square of its size.
 */
export async function rankedBoard(knex: Knex, assessmentId: number, now = new Date()): Promise<BoardRow[]> {
  return (await leaderboardPage(knex, assessmentId, { sort: 'rank', order: 'asc', limit: Infinity }, now)).rows;
}

/** The page's candidates with their full results, in the page's order and with the ranks over the whole assessment. */
export async function pageResults(knex: Knex, assessmentId: number, page: Pick<BoardPage, 'rows'>, now = Date.now()): Promise<AssessmentResults> {
  const results = await assessmentResults(knex, assessmentId, { invitationIds: page.rows.map((r) => r.id), now });
  const byId = new Map(results.candidates.map((c) => [c.invitation.id, c]));
  const candidates = page.rows.flatMap((row) => {
    const c = byId.get(row.id);
    if (!c) return [];
    c.rank = row.rank;
    return [c];
  });
  return { ...results, candidates };
}
