// The candidate workspace: challenges, a timer on the server's deadline, the statement, an editor with autosave,
// Run samples / Submit, and results streaming in test by test. Survives a reload (drafts and the latest submission
// are reloaded) and a dropped connection (live.ts rejoins with the last seq).
import { ApiError, errorMessage, get, post, put } from '../lib/api';
import { button, clear, field, h, status } from '../lib/dom';
import { createEditor, tablesFromSchema, type Editor } from '../lib/editor';
import { duration, json, score, when } from '../lib/format';
import { Live, type LiveEvent } from '../lib/live';
import { IntegrityRecorder } from '../lib/integrity';
import { SnapshotSender } from '../lib/snapshots';
import { playgroundBlock, queryBlock } from '../lib/playground';
import { renderMarkdown } from '../lib/markdown';
import { ResultsList } from '../lib/results';
import { requireRole, type Me } from '../lib/session';
import type { CandidateAssessmentView } from '../../../presenters/assessment';
import type { BestScore } from '../../../presenters/invitation';
import type { SubmissionSummaryView } from '../../../presenters/submission';

// The presenter's challenge is a union (before the start only the head; then the API or the SQL content):
// the page reads it through optional fields.
interface Challenge {
  id: number;
  slug?: string;
  title: string;
  kind: string;
  difficulty: string;
  position: number;
  languages?: string[];
  /** The kind's editor mode and try-it panel (runner/kinds: ChallengeKind). */
  editorMode?: 'typescript' | 'javascript' | 'sql';
  playground?: 'requests' | 'queries' | null;
  statement?: string;
  starter?: { file: string; code: string };
  draft?: { code: string; updatedAt: string } | null;
  samples?: any;
  best?: BestScore | null;
}
type Assessment = Omit<CandidateAssessmentView, 'challenges'> & { challenges: Challenge[] };
type SubmissionSummary = SubmissionSummaryView;

const AUTOSAVE_MS = 800;

export default async function candidatePage(main: HTMLElement, me: Me | null): Promise<void> {
  if (!requireRole(me, ['candidate'])) return;
  document.title = 'Assessment · assay';
  let assessment: Assessment;
  try {
    ({ assessment } = await get<{ assessment: Assessment }>('/api/candidate/assessment'));
  } catch (err) {
    clear(main, h('h1', {}, 'Assessment'), h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  if (!assessment.startedAt) renderIntro(main, assessment);
  else new Workspace(main, assessment).render();
}

function renderIntro(main: HTMLElement, a: Assessment): void {
  const message = h('p', { class: 'status', role: 'status' });
  const ended = a.state !== 'invited' && a.state !== 'started';
  clear(
    main,
    h(
      'section',
      { class: 'card' },
      h('h1', {}, a.title),
      a.description ? h('p', {}, a.description) : null,
      h('p', {}, `You will have ${a.timeLimitMinutes} minutes from the moment you start. The timer cannot be paused.`),
      h('h2', {}, 'Challenges'),
      h('ol', {}, a.challenges.map((c) => h('li', {}, `${c.title} `, h('span', { class: 'badge' }, c.kind.toUpperCase()), ' ', h('span', { class: 'muted' }, c.difficulty)))),
      ended
        ? h('p', { class: 'status error', role: 'alert' }, `This assessment is ${a.state}.`)
        : button(
            'Start the assessment',
            async () => {
              status(message, 'Starting…');
              try {
                const { assessment } = await post<{ assessment: Assessment }>('/api/candidate/start');
                new Workspace(main, assessment).render();
              } catch (err) {
                status(message, errorMessage(err), 'error');
              }
            },
            { class: 'primary', id: 'start' },
          ),
      message,
    ),
  );
}

interface Pane {
  challenge: Challenge;
  el: HTMLElement;
  editor?: Editor;
  language: string;
  saveTimer?: ReturnType<typeof setTimeout>;
  savedCode: string;
  saveState: HTMLElement;
  results: HTMLElement;
  current?: { id: number; list: ResultsList };
  buttons: HTMLButtonElement[];
  bestEl: HTMLElement;
}

class Workspace {
  private panes = new Map<number, Pane>();
  private active?: Pane;
  private live = new Live();
  private integrity = new IntegrityRecorder();
  private snapshots = new SnapshotSender();
  private clockOffset: number;
  private timerEl = h('span', { class: 'timer', role: 'timer', 'aria-label': 'Time left' });
  private timeAnnounce = h('p', { class: 'sr-only', 'aria-live': 'assertive' });
  private banner = h('div', { class: 'banner-slot' });
  private connection = h('span', { class: 'connection', role: 'status' });
  private tabs = h('ol', { class: 'challenge-tabs', role: 'tablist', 'aria-label': 'Challenges' });
  private panesEl = h('div', { class: 'panes' });
  private over = false;
  private warned = false;

  constructor(
    private main: HTMLElement,
    private a: Assessment,
  ) {
    this.clockOffset = new Date(a.now).getTime() - Date.now();
    this.live.onState = (state, detail) => {
      this.connection.textContent = state === 'connected' ? 'Live' : state === 'disconnected' ? 'Reconnecting…' : `Connection problem: ${detail ?? ''}`;
      this.connection.className = `connection ${state}`;
    };
  }

  render(): void {
    const a = this.a;
    const finish = h('div', { class: 'finish' });
    const askFinish = () =>
      clear(
        finish,
        h('span', {}, 'Finish now? You cannot change your answers afterwards. '),
        button('Yes, finish', () => void this.finishAssessment(), { class: 'danger' }),
        button('Cancel', () => clear(finish, finishButton)),
      );
    const finishButton = button('Finish assessment', askFinish);
    finish.append(finishButton);
    clear(
      this.main,
      h('div', { class: 'workspace-head' }, h('h1', {}, a.title), h('div', { class: 'head-right' }, this.connection, this.timerEl, finish)),
      this.timeAnnounce,
      this.banner,
      h('div', { class: 'workspace' }, h('nav', { class: 'sidebar', 'aria-label': 'Challenges' }, this.tabs), this.panesEl),
    );
    this.main.classList.add('wide');
    for (const c of [...a.challenges].sort((x, y) => x.position - y.position)) this.addPane(c);
    const wanted = Number(new URLSearchParams(location.hash.slice(1)).get('challenge'));
    this.select(this.panes.get(wanted) ?? [...this.panes.values()][0]);
    this.tick();
    setInterval(() => this.tick(), 1000);
    addEventListener('beforeunload', () => this.flushAll(true));
    if (a.state !== 'started') this.timeUp(a.state === 'finished' && !a.finishedAt ? 'Time is up.' : 'You have finished this assessment.');
  }

  private now(): number {
    return Date.now() + this.clockOffset;
  }

  private tick(): void {
    if (!this.a.deadlineAt) return;
    const left = new Date(this.a.deadlineAt).getTime() - this.now();
    this.timerEl.textContent = duration(left);
    this.timerEl.classList.toggle('low', left < 5 * 60_000);
    if (!this.warned && left < 5 * 60_000 && left > 0) {
      this.warned = true;
      this.timeAnnounce.textContent = 'Five minutes left.';
    }
    if (left <= 0 && !this.over) this.timeUp('Time is up. Your submitted solutions have been recorded; you can no longer change them.');
  }

  private timeUp(message: string): void {
    this.over = true;
    this.flushAll(false);
    this.integrity.stop();
    this.snapshots.stop();
    for (const pane of this.panes.values()) pane.buttons.forEach((b) => (b.disabled = true));
    this.timeAnnounce.textContent = message;
    clear(this.banner, h('div', { class: 'banner', role: 'alert', id: 'time-up' }, message));
    this.main.querySelector('.finish')?.replaceChildren();
  }

  private async finishAssessment(): Promise<void> {
    this.flushAll(false);
    try {
      const { assessment } = await post<{ assessment: Assessment }>('/api/candidate/finish');
      this.a = assessment;
      this.timeUp('You have finished this assessment. Thank you!');
    } catch (err) {
      clear(this.banner, h('div', { class: 'status error', role: 'alert' }, errorMessage(err)));
    }
  }

  private addPane(c: Challenge): void {
    const bestEl = h('span', { class: 'best' });
    const tab = h(
      'li',
      {},
      h('a', { href: `#challenge=${c.id}`, role: 'tab', id: `tab-${c.id}`, 'aria-controls': `pane-${c.id}` }, h('span', { class: 'tab-title' }, c.title), ' ', h('span', { class: 'badge' }, c.kind.toUpperCase()), bestEl),
    );
    tab.querySelector('a')!.addEventListener('click', (ev) => {
      ev.preventDefault();
      history.replaceState(null, '', `#challenge=${c.id}`);
      this.select(this.panes.get(c.id)!);
    });
    this.tabs.append(tab);
    const el = h('section', { class: 'pane', id: `pane-${c.id}`, role: 'tabpanel', 'aria-labelledby': `tab-${c.id}`, hidden: true });
    this.panesEl.append(el);
    const pane: Pane = {
      challenge: c,
      el,
      language: c.languages?.[0] ?? 'typescript',
      savedCode: c.draft?.code ?? c.starter?.code ?? '',
      saveState: h('span', { class: 'save-state', role: 'status' }),
      results: h('div', { class: 'results-slot' }),
      buttons: [],
      bestEl,
    };
    this.panes.set(c.id, pane);
    this.showBest(pane);
  }

  private showBest(pane: Pane): void {
    const best = pane.challenge.best;
    clear(pane.bestEl, best ? h('span', { class: 'muted' }, ` best ${score(best.score)}`) : null);
  }

  private select(pane: Pane | undefined): void {
    if (!pane) return;
    if (this.active && this.active !== pane) this.flush(this.active, false);
    for (const p of this.panes.values()) {
      p.el.hidden = p !== pane;
      this.tabs.querySelector(`#tab-${p.challenge.id}`)?.setAttribute('aria-selected', String(p === pane));
    }
    this.active = pane;
    this.integrity.current = pane.challenge.id;
    if (!pane.editor) this.buildPane(pane);
  }

  private buildPane(pane: Pane): void {
    const c = pane.challenge;
    const statement = h('article', { class: 'statement markdown' });
    renderMarkdown(statement, c.statement ?? '');
    const editorHost = h('div', { class: 'editor', 'data-challenge': String(c.id) });
    const run = button('Run samples', () => void this.judge(pane, 'run'), { class: 'secondary', 'data-action': 'run' });
    const submit = button('Submit', () => void this.judge(pane, 'submit'), { class: 'primary', 'data-action': 'submit' });
    const reset = button('Reset to starter', () => {
      if (pane.editor && c.starter) pane.editor.setValue(c.starter.code);
    });
    pane.buttons = [run, submit, reset];
    if (this.over) pane.buttons.forEach((b) => (b.disabled = true));
    const languages = c.languages ?? [];
    const langSelect =
      languages.length > 1
        ? field(
            'Language',
            h(
              'select',
              {
                name: 'language',
                onchange: (ev: Event) => (pane.language = (ev.target as HTMLSelectElement).value),
              },
              languages.map((l) => h('option', { value: l, selected: l === pane.language }, l === 'typescript' ? 'TypeScript' : l === 'javascript' ? 'JavaScript' : l)),
            ),
          )
        : null;
    clear(
      pane.el,
      h('div', { class: 'pane-grid' }, h('div', { class: 'left' }, /^\s*# /.test(c.statement ?? '') ? null : h('h2', {}, c.title), h('p', { class: 'muted small' }, `${c.kind.toUpperCase()} · ${c.difficulty}`), statement, this.samplesBlock(c)), h(
        'div',
        { class: 'right' },
        h('div', { class: 'toolbar' }, langSelect, h('span', { class: 'spacer' }), pane.saveState),
        editorHost,
        h('div', { class: 'actions' }, run, submit, h('span', { class: 'spacer' }), reset),
        pane.results,
        c.playground === 'requests' && !this.over ? playgroundBlock(c.id, () => ({ code: pane.editor?.value() ?? '', language: pane.language })) : null,
        c.playground === 'queries' && !this.over && c.samples?.datasets?.length ? queryBlock(c.id, c.samples.datasets.map((d: { name: string }) => d.name), () => pane.editor?.value() ?? '') : null,
      )),
    );
    const tables = c.editorMode === 'sql' && typeof c.samples?.schema === 'string' ? tablesFromSchema(c.samples.schema) : undefined;
    pane.editor = createEditor(editorHost, {
      language: c.editorMode ?? 'typescript',
      doc: pane.savedCode,
      tables,
      label: `Your solution to ${c.title}`,
      onChange: () => {
        this.scheduleSave(pane);
        this.snapshots.changed(c.id, () => pane.editor!.value());
      },
    });
    if (!this.over) {
      this.integrity.watchEditor(c.id, editorHost);
      // The first frame of the playback: the code the candidate starts from.
      this.snapshots.flush(c.id, () => pane.editor!.value());
    }
    pane.saveState.textContent = c.draft ? `Draft saved ${when(c.draft.updatedAt)}` : 'Starter code';
    void this.restoreLatest(pane);
  }

  private samplesBlock(c: Challenge): HTMLElement | null {
    const s = c.samples;
    if (!s) return null;
    if (Array.isArray(s.datasets)) {
      return h(
        'section',
        { class: 'samples' },
        h('h3', {}, 'Schema and sample data'),
        s.schema ? h('details', { open: true }, h('summary', {}, 'Schema'), h('pre', {}, s.schema)) : null,
        Array.isArray(s.columnOrder) ? h('p', { class: 'muted' }, `Result columns, in this order (checked by position): ${s.columnOrder.join(', ')}`) : null,
        Array.isArray(s.verify) ? h('details', { open: true, class: 'verify' }, h('summary', {}, 'Verify queries (run after your statements; their results are compared)'), s.verify.map((q: string, i: number) => h('pre', { 'data-verify': String(i + 1) }, q))) : null,
        (s.datasets ?? []).map((d: any) =>
          h(
            'details',
            {},
            h('summary', {}, `Sample dataset: ${d.name}`),
            d.sql ? h('pre', {}, d.sql) : null,
            // One table per verify query in statements mode, one in query mode.
            (Array.isArray(d.expected) ? d.expected : []).map((t: any, i: number, all: unknown[]) =>
              h('div', { class: 'expected' }, h('p', { class: 'muted' }, all.length > 1 ? `Expected result of verify query ${i + 1}` : 'Expected result'), h('pre', {}, [t.columns?.join(' | '), ...(t.rows ?? []).map((r: unknown[]) => (Array.isArray(r) ? r.join(' | ') : JSON.stringify(r)))].join('\n'))),
            ),
          ),
        ),
      );
    }
    const tests = Array.isArray(s.tests) ? s.tests : [];
    if (!tests.length) return null;
    return h(
      'section',
      { class: 'samples' },
      h('h3', {}, 'Sample tests'),
      tests.map((t: any) =>
        h(
          'details',
          {},
          h('summary', {}, t.name),
          (t.steps ?? []).map((step: any) =>
            step.request
              ? h('div', { class: 'step' }, h('div', { class: 'kv' }, h('span', {}, 'Request'), h('pre', {}, json(step.request))), h('div', { class: 'kv' }, h('span', {}, 'Expect'), h('pre', {}, json(step.expect))))
              : // Other kinds' steps (function calls) are shown as written, one compact line each.
                h('pre', { class: 'step call-step' }, callLine(step)),
          ),
        ),
      ),
    );
  }

  private scheduleSave(pane: Pane): void {
    if (this.over) return;
    pane.saveState.textContent = 'Unsaved changes';
    clearTimeout(pane.saveTimer);
    pane.saveTimer = setTimeout(() => void this.save(pane), AUTOSAVE_MS);
  }

  private async save(pane: Pane, keepalive = false): Promise<void> {
    clearTimeout(pane.saveTimer);
    pane.saveTimer = undefined;
    const code = pane.editor?.value();
    if (code === undefined || code === pane.savedCode || this.over) return;
    const path = `/api/candidate/challenges/${pane.challenge.id}/draft`;
    if (keepalive) {
      // The page is going away: a keepalive request outlives it.
      void fetch(path, { method: 'PUT', keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      return;
    }
    pane.saveState.textContent = 'Saving…';
    try {
      const { draft } = await put<{ draft: { updatedAt: string } }>(path, { code });
      pane.savedCode = code;
      pane.saveState.textContent = `Saved ${new Date(draft.updatedAt).toLocaleTimeString()}`;
    } catch (err) {
      pane.saveState.textContent = `Not saved: ${errorMessage(err)}`;
      if (err instanceof ApiError && ['deadline_passed', 'assessment_finished'].includes(err.code)) this.timeUp('Time is up. Your draft can no longer be changed.');
    }
  }

  private flush(pane: Pane, keepalive: boolean): void {
    if (pane.saveTimer !== undefined || (pane.editor && pane.editor.value() !== pane.savedCode)) void this.save(pane, keepalive);
  }

  private flushAll(keepalive: boolean): void {
    for (const pane of this.panes.values()) this.flush(pane, keepalive);
  }

  private async judge(pane: Pane, mode: 'run' | 'submit'): Promise<void> {
    if (!pane.editor || this.over) return;
    const code = pane.editor.value();
    void this.save(pane);
    this.snapshots.flush(pane.challenge.id, () => code);
    const path = `/api/candidate/challenges/${pane.challenge.id}/${mode === 'run' ? 'run' : 'submissions'}`;
    const language = pane.language;
    pane.buttons.slice(0, 2).forEach((b) => (b.disabled = true));
    if (pane.current) this.live.unfollow(pane.current.id);
    pane.current = undefined;
    clear(pane.results, h('p', { class: 'muted', role: 'status' }, mode === 'run' ? 'Sending your code to run the sample tests…' : 'Submitting…'));
    try {
      const { submission } = await post<{ submission: SubmissionSummary }>(path, { code, language });
      this.show(pane, submission, 0, []);
    } catch (err) {
      clear(pane.results, h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
      if (err instanceof ApiError && ['deadline_passed', 'assessment_finished'].includes(err.code)) this.timeUp('Time is up. Submissions are closed.');
      pane.buttons.slice(0, 2).forEach((b) => (b.disabled = this.over));
    }
  }

  /** Show a submission's results: stored tests first, then follow live events after `lastSeq`. */
  private show(pane: Pane, s: SubmissionSummary, lastSeq: number, tests: any[], finished?: any): void {
    if (pane.current) this.live.unfollow(pane.current.id);
    const title = `${s.mode === 'run' ? 'Sample run' : 'Submission'} #${s.id}`;
    const list = new ResultsList(title);
    list.el.dataset.submission = String(s.id);
    pane.current = { id: s.id, list };
    clear(pane.results, list.el);
    for (const t of tests) list.test(t);
    if (finished) {
      list.finish(finished);
      pane.buttons.slice(0, 2).forEach((b) => (b.disabled = this.over));
      return;
    }
    list.setStatus(s.status === 'running' ? 'Running…' : 'Queued…');
    this.live.follow(s.id, (e) => this.onEvent(pane, s, e), lastSeq);
  }

  private onEvent(pane: Pane, s: SubmissionSummary, e: LiveEvent): void {
    const list = pane.current?.id === s.id ? pane.current.list : undefined;
    if (!list) return;
    if (e.type === 'submission:queued') list.setStatus('Queued…');
    if (e.type === 'test:started') {
      list.test({ index: e.index, name: e.name, visibility: e.visibility });
      list.setStatus('Running…');
    }
    if (e.type === 'test:finished') list.test(e as any);
    if (e.type === 'submission:finished') {
      list.finish(e as any);
      this.live.unfollow(s.id);
      pane.buttons.slice(0, 2).forEach((b) => (b.disabled = this.over));
      if (s.mode === 'submit') void this.refreshBest(pane);
    }
  }

  private async refreshBest(pane: Pane): Promise<void> {
    try {
      const { assessment } = await get<{ assessment: Assessment }>('/api/candidate/assessment');
      const fresh = assessment.challenges.find((c) => c.id === pane.challenge.id);
      if (fresh) pane.challenge.best = fresh.best;
      this.showBest(pane);
    } catch {
      // The best score is a convenience; the results above are what matters.
    }
  }

  /** After a reload: show the latest run or submission of this challenge, following it if it is still judging. */
  private async restoreLatest(pane: Pane): Promise<void> {
    try {
      const { submissions } = await get<{ submissions: SubmissionSummary[] }>(`/api/candidate/submissions?challengeId=${pane.challenge.id}`);
      const latest = submissions[0];
      if (!latest || pane.current) return;
      const { submission } = await get<{ submission: any }>(`/api/submissions/${latest.id}`);
      if (pane.current) return;
      const done = submission.status === 'finished';
      const tests = submission.tests ?? [];
      this.show(
        pane,
        submission,
        submission.lastSeq ?? 0,
        tests,
        done
          ? {
              verdict: submission.verdict,
              score: submission.score,
              points: submission.points,
              maxPoints: submission.maxPoints,
              passed: tests.filter((t: any) => t.verdict === 'accepted').length,
              total: tests.length,
              compileError: submission.compileError,
              message: submission.message,
            }
          : undefined,
      );
    } catch (err) {
      pane.results.replaceChildren(h('p', { class: 'muted' }, `Could not load your previous results: ${errorMessage(err)}`));
    }
  }
}

/** A function-kind step as a line of code: `cache.get("a")  → 1`, `cache = new LruCache(2, 1000)`, `(clock +1000 ms)`. */
function callLine(step: any): string {
  const args = Array.isArray(step.args) ? step.args.map((a: unknown) => JSON.stringify(a)).join(', ') : '';
  const clock = [step.clock !== undefined ? `clock = ${step.clock}` : '', step.advanceMs !== undefined ? `+${step.advanceMs} ms` : ''].filter(Boolean).join(', ');
  if (step.call === undefined && step.new === undefined) return `(clock ${clock})`;
  const call = step.new !== undefined ? `${step.as} = new ${step.new}(${args})` : `${step.call}(${args})`;
  const e = step.expect ?? {};
  const outcome = e.throws !== undefined ? `  → throws ${e.throws === true ? '' : JSON.stringify(e.throws)}` : e.returns !== undefined ? `  → ${JSON.stringify(e.returns)}${e.match === 'subset' ? ' (at least)' : ''}` : '';
  return `${clock ? `(clock ${clock}) ` : ''}${call}${outcome}`;
}
