// Test results, shown the same way whether they stream in live or come from a stored submission.
import { h } from './dom';
import { json, verdictBadge } from './format';
import type { SubmissionSummaryView } from '../../../presenters/submission';

/** A submission as the API lists it (a candidate's own, or one a recruiter reviews). */
export type SubmissionView = Pick<SubmissionSummaryView, 'id' | 'mode' | 'status' | 'verdict' | 'score' | 'points' | 'maxPoints' | 'createdAt'>;

export interface TestView {
  index: number;
  name: string;
  visibility: 'sample' | 'hidden';
  verdict?: string;
  points?: number;
  maxPoints?: number;
  cpuMs?: number;
  wallMs?: number;
  detail?: {
    message?: string;
    console?: string;
    steps?: Array<{ request: unknown; expected?: unknown; actual?: unknown; diff?: string[]; passed: boolean }>;
    diff?: string[];
    expectedRows?: unknown[];
    actualRows?: unknown[];
    columns?: { expected?: string[]; actual?: string[] };
  } | null;
}

export interface SummaryView {
  verdict: string;
  score?: number | null;
  points?: number | null;
  maxPoints?: number | null;
  passed?: number;
  total?: number;
  wallMs?: number;
  compileError?: { message: string; line?: number; column?: number } | null;
  message?: string | null;
}

function diffBlock(lines: string[]): HTMLElement {
  return h(
    'pre',
    { class: 'diff', 'aria-label': 'Difference between expected and actual' },
    lines.map((line) => h('span', { class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '' }, `${line}\n`)),
  );
}

function rowsTable(caption: string, columns: string[] | undefined, rows: unknown[] | undefined): HTMLElement | null {
  if (!rows) return null;
  const cols = columns ?? (rows[0] && typeof rows[0] === 'object' ? Object.keys(rows[0] as object) : []);
  const cell = (row: unknown, i: number, c: string) => {
    const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)?.[c];
    return h('td', {}, v === null || v === undefined ? h('span', { class: 'muted' }, 'null') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  };
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'rows' },
      h('caption', {}, `${caption} (${rows.length} row${rows.length === 1 ? '' : 's'})`),
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.slice(0, 200).map((r) => h('tr', {}, cols.map((c, i) => cell(r, i, c))))),
    ),
  );
}

export function testDetail(detail: NonNullable<TestView['detail']>): HTMLElement {
  return h(
    'div',
    { class: 'detail' },
    detail.message ? h('p', { class: 'message' }, detail.message) : null,
    detail.steps?.map((step, i) =>
      h(
        'div',
        { class: `step ${step.passed ? 'pass' : 'fail'}` },
        h('h5', {}, `Step ${i + 1} ${step.passed ? '✓' : '✗'}`),
        h('div', { class: 'kv' }, h('span', {}, 'Request'), h('pre', {}, json(step.request))),
        step.expected !== undefined ? h('div', { class: 'kv' }, h('span', {}, 'Expected'), h('pre', {}, json(step.expected))) : null,
        step.actual !== undefined ? h('div', { class: 'kv' }, h('span', {}, 'Actual'), h('pre', {}, json(step.actual))) : null,
        step.diff?.length ? diffBlock(step.diff) : null,
      ),
    ),
    detail.diff?.length ? diffBlock(detail.diff) : null,
    rowsTable('Expected rows', detail.columns?.expected, detail.expectedRows),
    rowsTable('Your rows', detail.columns?.actual, detail.actualRows),
    detail.console ? h('div', { class: 'kv' }, h('span', {}, 'Console output'), h('pre', { class: 'console' }, detail.console)) : null,
  );
}

export function testRow(test: TestView): HTMLLIElement {
  const head = h(
    'span',
    { class: 'test-head' },
    h('span', { class: 'test-name' }, test.name || `Test ${test.index + 1}`),
    h('span', { class: `vis vis-${test.visibility}` }, test.visibility),
    test.verdict ? verdictBadge(test.verdict) : h('span', { class: 'verdict v-running' }, 'running…'),
    test.wallMs !== undefined ? h('span', { class: 'time' }, `${test.wallMs} ms`) : null,
    test.maxPoints ? h('span', { class: 'points' }, `${test.points ?? 0}/${test.maxPoints} pts`) : null,
  );
  const hasDetail = test.detail && Object.keys(test.detail).length > 0;
  const li = h('li', { class: 'test', 'data-index': String(test.index), 'data-verdict': test.verdict ?? 'running' });
  if (hasDetail) {
    li.append(h('details', { open: test.verdict !== 'accepted' && test.visibility === 'sample' }, h('summary', {}, head), testDetail(test.detail!)));
  } else li.append(head);
  return li;
}

export function summaryBlock(s: SummaryView): HTMLElement {
  return h(
    'div',
    { class: `summary v-${s.verdict}`, 'data-verdict': s.verdict },
    h(
      'p',
      {},
      verdictBadge(s.verdict),
      s.total !== undefined ? ` ${s.passed ?? 0}/${s.total} tests passed` : '',
      s.maxPoints ? ` · ${s.points ?? 0}/${s.maxPoints} points` : '',
      s.score !== undefined && s.score !== null ? ` · score ${Math.round(s.score)}` : '',
      s.wallMs !== undefined ? ` · ${s.wallMs} ms` : '',
    ),
    s.compileError
      ? h('pre', { class: 'compile-error' }, `${s.compileError.line ? `line ${s.compileError.line}${s.compileError.column ? `:${s.compileError.column}` : ''}: ` : ''}${s.compileError.message}`)
      : null,
    s.message ? h('p', { class: 'message' }, s.message) : null,
  );
}

/** A results list that tests stream into: started → row "running", finished → row replaced. */
export class ResultsList {
  readonly el: HTMLElement;
  private list: HTMLOListElement;
  private summary: HTMLElement;
  private rows = new Map<number, HTMLLIElement>();

  constructor(title: string) {
    this.list = h('ol', { class: 'tests' });
    this.summary = h('div', { class: 'summary-slot', 'aria-live': 'polite' });
    this.el = h('section', { class: 'results', 'aria-label': title }, h('h3', {}, title), this.list, this.summary);
  }

  setStatus(text: string): void {
    if (!this.summary.querySelector('.summary')) this.summary.replaceChildren(h('p', { class: 'muted' }, text));
  }

  test(test: TestView): void {
    const row = testRow(test);
    const old = this.rows.get(test.index);
    if (old) old.replaceWith(row);
    else {
      const after = [...this.rows.keys()].filter((i) => i > test.index).sort((a, b) => a - b)[0];
      if (after !== undefined) this.list.insertBefore(row, this.rows.get(after)!);
      else this.list.append(row);
    }
    this.rows.set(test.index, row);
  }

  finish(s: SummaryView): void {
    this.summary.replaceChildren(summaryBlock(s));
  }
}
