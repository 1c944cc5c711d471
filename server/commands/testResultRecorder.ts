// Writes a judgement's test results, the one place a test's detail is stored (live events reference it, see
// server/judging/eventStore.ts). The server never trusts the size of what the runner sends back: whatever the
// runner already capped, each test's detail is cut to DETAIL_CAP_BYTES here and a judgement's details together
// to JUDGEMENT_DETAIL_CAP_BYTES, so one submission cannot fill DATA_DIR or make GET /api/submissions/:id huge.
import type { Knex } from 'knex';
import type { SubmissionFinished, TestDetail, TestFinished } from '../../runner/types';

export const DETAIL_CAP_BYTES = 64 * 1024;
export const JUDGEMENT_DETAIL_CAP_BYTES = 1024 * 1024;
const MESSAGE_CAP_CHARS = 4096;
const ITEMS_KEPT = 50;
const DEPTH_KEPT = 12;
const MAX_STRING = 8192;

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/**
 * Whether the JSON of a value is over `limit` bytes, walking it only until it is: stringifying a runner's
 * oversized detail whole would block the event loop for as long as it is large (600k keys: ~1 s).
 */
function over(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += Buffer.byteLength(v) + 2;
    else if (v === null || typeof v !== 'object') total += 8;
    else if (Array.isArray(v)) {
      total += 2;
      for (const item of v) {
        stack.push(item);
        if (++total > limit) return true; // a comma each
      }
    } else {
      total += 2;
      for (const key in v) {
        total += Buffer.byteLength(key) + 4;
        stack.push((v as Record<string, unknown>)[key]);
        if (total > limit) return true;
      }
    }
    if (total > limit) return true;
  }
  return false;
}

function cutString(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters]`;
}

/**
 * A copy that keeps the beginning of everything within a byte budget, in one walk: strings cut to at most
 * MAX_STRING characters, arrays and objects to their first items, and nothing more once the budget is spent.
 */
function cutWithin(value: unknown, budget: { left: number }, depth = 0): unknown {
  if (typeof value === 'string') {
    const out = cutString(value, Math.max(16, Math.min(MAX_STRING, budget.left)));
    budget.left -= Buffer.byteLength(out) + 2;
    return out;
  }
  if (value === null || typeof value !== 'object') {
    budget.left -= 8;
    return value;
  }
  if (depth >= DEPTH_KEPT) return '… [nested too deep]';
  budget.left -= 2;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (out.length === ITEMS_KEPT || budget.left <= 0) {
        out.push(`… [${value.length - out.length} more items]`);
        break;
      }
      out.push(cutWithin(item, budget, depth + 1));
    }
    return out;
  }
  // for...in stops after the kept keys: Object.entries would copy every key of a huge object first.
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key in value) {
    if (n++ === ITEMS_KEPT || budget.left <= 0) {
      out['…'] = 'more keys';
      break;
    }
    const k = cutString(key, 200);
    budget.left -= Buffer.byteLength(k) + 4;
    out[k] = cutWithin((value as Record<string, unknown>)[key], budget, depth + 1);
  }
  return out;
}

/** The detail as stored: itself when it fits the cap, else cut down and marked truncated. */
export function capDetail(detail: TestDetail, cap = DETAIL_CAP_BYTES): TestDetail {
  if (!over(detail, cap)) return detail;
  // The markers cut strings and lists add are not counted as they are written: leave them room.
  const cut = { ...(cutWithin(detail, { left: Math.floor(cap * 0.75) }) as TestDetail), truncated: true };
  if (bytes(cut) <= cap) return cut;
  return { message: `the detail of this test was over ${Math.round(cap / 1024)} KB and was not kept`, truncated: true };
}

/** What the runner says about a whole submission, with its free text capped (a compile error quotes the candidate's code). */
export function capFinished(finished: SubmissionFinished): SubmissionFinished {
  const capped = { ...finished };
  if (capped.message !== undefined) capped.message = cutString(String(capped.message), MESSAGE_CAP_CHARS);
  if (capped.compileError) capped.compileError = { ...capped.compileError, message: cutString(String(capped.compileError.message), MESSAGE_CAP_CHARS) };
  return capped;
}

/** A judgement's running total of stored detail bytes. */
export interface DetailBudget {
  usedBytes: number;
}

export function newDetailBudget(): DetailBudget {
  return { usedBytes: 0 };
}

/** Each result with its detail capped, against the judgement's running budget (pure: the caller writes the rows). */
export function capResults(results: TestFinished[], budget: DetailBudget): TestFinished[] {
  return results.map((event): TestFinished => {
    if (!event.detail) return event;
    let detail = capDetail(event.detail);
    let size = bytes(detail);
    if (budget.usedBytes + size > JUDGEMENT_DETAIL_CAP_BYTES) {
      detail = { message: `not kept: this submission's stored test detail reached its ${JUDGEMENT_DETAIL_CAP_BYTES / 1024} KB cap`, truncated: true };
      size = bytes(detail);
    }
    budget.usedBytes += size;
    return { ...event, detail };
  });
}

/** Cap each result's detail against the judgement's budget, write the rows, and return the results as stored. */
export async function testResultRecorder(knex: Knex, judgementId: number, results: TestFinished[], budget: DetailBudget): Promise<TestFinished[]> {
  if (results.length === 0) return [];
  const stored = capResults(results, budget);
  await knex('test_results')
    .insert(
      stored.map((event) => ({
        judgement_id: judgementId,
        test_index: event.index,
        name: event.name,
        visibility: event.visibility,
        verdict: event.verdict,
        points: event.points,
        max_points: event.maxPoints,
        cpu_ms: event.cpuMs,
        wall_ms: event.wallMs,
        detail: event.detail ? JSON.stringify(event.detail) : null,
      })),
    )
    .onConflict(['judgement_id', 'test_index'])
    .merge();
  return stored;
}
