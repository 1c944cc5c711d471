// "Try a request" on an API challenge: the candidate composes any request, it is sent to their current code in
// the sandbox, and the answer (status, headers, body, console) is shown. Not scored, no tests run.
import { errorMessage, post } from './api';
import { button, clear, field, h } from './dom';
import { json } from './format';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

interface PlaygroundResult {
  response: { status: number; headers: Record<string, string>; body: unknown } | null;
  console: string;
  verdict: string;
  message: string | null;
  compileError: { message: string; line?: number; column?: number } | null;
}

/** "Name: value" lines to a header object; malformed lines are reported, not guessed at. */
function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`a header line needs "Name: value": ${line}`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function playgroundBlock(challengeId: number, read: () => { code: string; language: string }): HTMLElement {
  const method = h('select', { name: 'method' }, METHODS.map((m) => h('option', { value: m }, m)));
  const path = h('input', { name: 'path', value: '/', spellcheck: 'false', autocomplete: 'off' });
  const headers = h('textarea', { name: 'headers', rows: 2, spellcheck: 'false', placeholder: 'Content-Type: application/json' });
  const body = h('textarea', { name: 'body', rows: 3, spellcheck: 'false', placeholder: '{"title": "Buy milk"}' });
  const out = h('div', { class: 'playground-result', 'aria-live': 'polite' });
  const send = button(
    'Send request',
    async () => {
      let request: Record<string, unknown>;
      try {
        const text = body.value.trim();
        request = { method: method.value, path: path.value.trim() || '/', headers: parseHeaders(headers.value), ...(text ? { body: JSON.parse(text) } : {}) };
      } catch (err) {
        clear(out, h('p', { class: 'status error', role: 'alert' }, err instanceof SyntaxError ? `The body is not valid JSON: ${err.message}` : errorMessage(err)));
        return;
      }
      send.disabled = true;
      clear(out, h('p', { class: 'muted', role: 'status' }, 'Sending to your code…'));
      try {
        const { code, language } = read();
        const { result } = await post<{ result: PlaygroundResult }>(`/api/candidate/challenges/${challengeId}/playground`, { code, language, request });
        show(result);
      } catch (err) {
        clear(out, h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
      } finally {
        send.disabled = false;
      }
    },
    { class: 'secondary', 'data-action': 'try' },
  );

  function show(r: PlaygroundResult): void {
    const res = r.response;
    clear(
      out,
      r.compileError ? h('p', { class: 'status error' }, `Compile error${r.compileError.line ? ` on line ${r.compileError.line}` : ''}: ${r.compileError.message}`) : null,
      !res && !r.compileError ? h('p', { class: 'status error' }, r.message ?? `No response (${r.verdict})`) : null,
      res
        ? h(
            'div',
            { class: 'response', 'data-status': String(res.status) },
            h('p', {}, h('strong', {}, `HTTP ${res.status}`)),
            h('details', {}, h('summary', {}, 'Headers'), h('pre', { class: 'response-headers' }, Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`).join('\n'))),
            h('pre', { class: 'response-body' }, typeof res.body === 'string' ? res.body : json(res.body)),
          )
        : null,
      r.console ? h('div', {}, h('p', { class: 'muted' }, 'Console'), h('pre', { class: 'response-console' }, r.console)) : null,
    );
  }

  return h(
    'details',
    { class: 'playground', id: `playground-${challengeId}` },
    h('summary', {}, 'Try a request'),
    h('p', { class: 'muted small' }, 'Sends one request to your current code. Not scored, and no tests run.'),
    h('div', { class: 'toolbar' }, field('Method', method), field('Path', path)),
    field('Headers', headers, 'One per line: Name: value'),
    field('Body (JSON)', body),
    h('div', { class: 'actions' }, send),
    out,
  );
}

interface QueryResult {
  columns: string[];
  rows: unknown[][];
  verdict: string;
  message: string | null;
  compileError: { message: string; line?: number } | null;
}

/** "Run a query" on a SQL challenge: any read-only query against one sample dataset, the result as a table. */
export function queryBlock(challengeId: number, datasets: string[], currentCode: () => string): HTMLElement {
  const dataset = h('select', { name: 'dataset' }, datasets.map((d) => h('option', { value: d }, d)));
  const query = h('textarea', { name: 'query', rows: 4, spellcheck: 'false', placeholder: 'select * from employees' });
  const out = h('div', { class: 'query-result', 'aria-live': 'polite' });
  const runIt = button(
    'Run query',
    async () => {
      runIt.disabled = true;
      clear(out, h('p', { class: 'muted', role: 'status' }, 'Running…'));
      try {
        const code = query.value.trim() || currentCode();
        const { result } = await post<{ result: QueryResult }>(`/api/candidate/challenges/${challengeId}/query`, { code, dataset: dataset.value });
        if (result.verdict !== 'ok') {
          clear(out, h('p', { class: 'status error', role: 'alert' }, result.compileError ? `${result.compileError.message}${result.compileError.line ? ` (line ${result.compileError.line})` : ''}` : (result.message ?? result.verdict)));
          return;
        }
        clear(
          out,
          h(
            'table',
            { class: 'data query-table' },
            h('thead', {}, h('tr', {}, result.columns.map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, result.rows.map((r) => h('tr', {}, r.map((v) => h('td', {}, v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v)))))),
          ),
          h('p', { class: 'muted small' }, `${result.rows.length} row${result.rows.length === 1 ? '' : 's'} shown (at most 50)`),
        );
      } catch (err) {
        clear(out, h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
      } finally {
        runIt.disabled = false;
      }
    },
    { class: 'secondary', 'data-action': 'query' },
  );
  return h(
    'details',
    { class: 'playground', id: `query-${challengeId}` },
    h('summary', {}, 'Run a query'),
    h('p', { class: 'muted small' }, 'Runs one read-only query against a sample dataset (your solution when left empty). Not scored.'),
    field('Sample dataset', dataset),
    field('Query', query),
    h('div', { class: 'actions' }, runIt),
    out,
  );
}
