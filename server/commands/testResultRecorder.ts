// Writes a judgement's test results, the one place a test's detail is stored (live events reference it, see
// server/judging/eventStore.ts). The server never trusts the size of what the runner sends back: whatever the
// runner already capped, each test's detail is cut to DETAIL_CAP_BYTES here and a judgement's details together
// to JUDGEMENT_DETAIL_CAP_BYTES, so one submission cannot fill DATA_DIR or make GET /api/submissions/:id huge.
import type { Knex } from 'knex';
import type { SubmissionFinished, TestDetail, TestFinished } from '../../runner/types';

export const DETAIL_CAP_BYTES = 64 * 1024;
export const JUDGEMENT_DETAIL_CAP_BYTES = 512 * 1024;
const MESSAGE_CAP_CHARS = 4096;
const ITEMS_KEPT = 50;
const DEPTH_KEPT = 12;

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

function cutString(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters]`;
}

/** A copy with every string cut to maxString characters and every array or object to its first items. */
function shrink(value: unknown, maxString: number, depth = 0): unknown {
  if (typeof value === 'string') return cutString(value, maxString);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= DEPTH_KEPT) return '… [nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, ITEMS_KEPT).map((v) => shrink(v, maxString, depth + 1));
    return value.length > ITEMS_KEPT ? [...kept, `… [${value.length - ITEMS_KEPT} more items]`] : kept;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept = Object.fromEntries(entries.slice(0, ITEMS_KEPT).map(([k, v]) => [cutString(k, 200), shrink(v, maxString, depth + 1)]));
  if (entries.length > ITEMS_KEPT) kept['…'] = `${entries.length - ITEMS_KEPT} more keys`;
  return kept;
}

/** The detail as stored: itself when it fits the cap, else cut down and marked truncated. */
export function capDetail(detail: TestDetail, cap = DETAIL_CAP_BYTES): TestDetail {
  if (bytes(detail) <= cap) return detail;
  for (const maxString of [8192, 2048, 512, 128, 32]) {
    const cut = { ...(shrink(detail, maxString) as TestDetail), truncated: true };
    if (bytes(cut) <= cap) return cut;
  }
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

/** Cap each result's detail against the judgement's budget, write the rows, and return the results as stored. */
export async function testResultRecorder(knex: Knex, judgementId: number, results: TestFinished[], budget: DetailBudget): Promise<TestFinished[]> {
  if (results.length === 0) return [];
  const stored = results.map((event): TestFinished => {
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
