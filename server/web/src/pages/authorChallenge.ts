// The author studio for one challenge: versions, the files of a version (editing makes a new version), validation
// with live progress, publishing, rejudging scored submissions, export and archive.
import { ApiError, errorMessage, get, post, put } from '../lib/api';
import { button, clear, h, status } from '../lib/dom';
import { verdictBadge, when } from '../lib/format';
import { filesEditor } from '../lib/filesEditor';
import { requireRole, type Me } from '../lib/session';
import type { RejudgeJobView, VersionForAuthorView, VersionSummaryView } from '../../../presenters/challenge';

type VersionSummary = VersionSummaryView;
type VersionFull = VersionForAuthorView;
type Job = RejudgeJobView;

export default async function authorChallengePage(main: HTMLElement, me: Me | null, [slug]: string[]): Promise<void> {
  if (!requireRole(me, ['author', 'admin'])) return;
  main.classList.add('wide');
  let info: { challenge: { slug: string; title: string; status: string; source: string }; versions: VersionSummary[] };
  try {
    info = await get(`/api/challenges/${slug}/versions`);
  } catch (err) {
    main.append(h('h1', {}, slug), h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  document.title = `${info.challenge.title} · assay`;
  const wanted = Number(new URLSearchParams(location.search).get('version'));
  const selected = info.versions.find((v) => v.version === wanted) ?? info.versions[0];
  const message = h('p', { class: 'status', role: 'status' });

  main.append(
    h('p', {}, h('a', { href: '/author' }, '← Challenges')),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, info.challenge.title, ' ', h('span', { class: 'badge' }, info.challenge.status)),
      h(
        'div',
        { class: 'head-right' },
        info.challenge.status !== 'archived'
          ? button('Archive', async () => {
              if (!window.confirm('Archive this challenge? New assessments will not be able to use it.')) return;
              try {
                await post(`/api/challenges/${slug}/archive`);
                location.reload();
              } catch (err) {
                status(message, errorMessage(err), 'error');
              }
            })
          : null,
      ),
    ),
    h('p', { class: 'muted' }, h('code', {}, slug), ` · source: ${info.challenge.source}`),
    message,
    versionsTable(slug, info.versions, selected?.version),
  );
  if (!selected) return;

  let version: VersionFull;
  try {
    ({ version } = await get<{ version: VersionFull }>(`/api/challenges/${slug}/versions/${selected.version}`));
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  const frozen = Boolean(version.publishedAt);
  const editor = filesEditor(version.files);
  const validation = h('div', { class: 'validation', id: 'validation', 'aria-live': 'polite' });
  const rejudge = h('div', { class: 'rejudge', id: 'rejudge', 'aria-live': 'polite' });
  const saveMessage = h('p', { class: 'status', role: 'status' });

  const saveButton = button('Save as new version', async () => {
    if (!editor.changed()) return status(saveMessage, 'No changes to save.');
    status(saveMessage, 'Saving…');
    try {
      const res = await put<{ created: boolean; version: VersionSummary }>(`/api/challenges/${slug}`, { files: editor.files() });
      location.assign(`/author/challenges/${slug}?version=${res.version.version}`);
    } catch (err) {
      status(saveMessage, err instanceof ApiError && err.details ? `${err.message}: ${JSON.stringify(err.details)}` : errorMessage(err), 'error');
    }
  }, { class: 'primary', id: 'save' });
  // A finished validation updates the versions table and what may be published, without a reload.
  const onValidated = (ok: boolean) => {
    const cell = document.querySelector<HTMLElement>(`#versions tr[data-version="${version.version}"] .valid-cell`);
    if (cell) cell.textContent = validLabel(ok);
    publishButton.disabled = frozen || !ok;
  };
  const validateButton = button('Validate', () => void runValidation(slug, version.version, validation, validateButton, onValidated), { id: 'validate', disabled: frozen });
  const publishButton = button('Publish', async () => {
    status(saveMessage, 'Publishing…');
    try {
      await post(`/api/challenges/${slug}/versions/${version.version}/publish`);
      location.reload();
    } catch (err) {
      status(saveMessage, errorMessage(err), 'error');
    }
  }, { id: 'publish', disabled: frozen || version.valid !== true });
  const rejudgeButton = button('Rejudge submissions', () => void runRejudge(slug, version.version, rejudge, rejudgeButton), { id: 'rejudge-button', disabled: !frozen });

  main.append(
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'page-head' },
        h('h2', {}, `Version ${version.version}`, version.current ? ' (current)' : '', frozen ? ` · published ${when(version.publishedAt)}` : ' · unpublished'),
        h('a', { class: 'button', href: `/api/challenges/${slug}/versions/${version.version}/export?format=tar`, download: '' }, 'Export .tar'),
      ),
      frozen ? h('p', { class: 'muted' }, 'Published versions are frozen: saving your edits creates a new version.') : null,
      editor.el,
      h('div', { class: 'actions' }, saveButton, validateButton, publishButton, rejudgeButton),
      saveMessage,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Validation'), validation),
    h('section', { class: 'card' }, h('h2', {}, 'Rejudge'), h('p', { class: 'muted' }, 'Rejudging re-scores every scored submission of this challenge against this version; history is kept.'), rejudge),
  );
  if (version.validation) renderReport(validation, version.validation);
  else validation.append(h('p', { class: 'muted' }, 'Not validated yet.'));
}

function versionsTable(slug: string, versions: VersionSummary[], selected?: number): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Versions'),
    h(
      'table',
      { class: 'data', id: 'versions' },
      h('thead', {}, h('tr', {}, ['Version', 'Valid', 'Validated', 'Published', 'Created', 'Hash'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        versions.map((v) =>
          h(
            'tr',
            { 'data-version': String(v.version) },
            h('td', {}, v.version === selected ? h('strong', {}, `v${v.version}`) : h('a', { href: `?version=${v.version}` }, `v${v.version}`), v.current ? ' (current)' : ''),
            h('td', { class: 'valid-cell' }, validLabel(v.validatedAt ? v.valid : null)),
            h('td', {}, when(v.validatedAt)),
            h('td', {}, when(v.publishedAt)),
            h('td', {}, when(v.createdAt)),
            h('td', {}, h('code', {}, v.contentHash.slice(0, 10))),
          ),
        ),
      ),
    ),
  );
}

function validLabel(valid: boolean | null | undefined): string {
  return valid === null || valid === undefined ? 'not validated' : valid ? '✓ valid' : '✗ invalid';
}

async function runValidation(
  slug: string,
  version: number,
  target: HTMLElement,
  trigger: HTMLButtonElement,
  onResult: (ok: boolean) => void,
): Promise<void> {
  trigger.disabled = true;
  const progress = h('ol', { class: 'progress-list' });
  clear(target, h('p', {}, 'Validating: judging the reference, the wrong solutions and the starter…'), progress);
  try {
    const res = await fetch(`/api/challenges/${slug}/versions/${version}/validate`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/x-ndjson', 'content-type': 'application/json' },
      body: '{}',
    });
    if (!res.ok || !res.body) {
      const body = await res.json().catch(() => null);
      throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buffer += value;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const event = JSON.parse(line);
        if (event.type === 'solution') {
          const run = event.run;
          progress.append(
            h('li', { class: event.ok ? 'ok' : 'bad' }, `${event.role} ${run.file}: `, verdictBadge(run.verdict), ` ${run.passed}/${run.total} passed`, event.role === 'wrong' ? ` · fails ${run.failedHidden}/${run.totalHidden} hidden` : '', event.ok ? ' ✓' : ' ✗'),
          );
        } else if (event.type === 'result') {
          renderReport(target, event.report, event.published);
          target.prepend(progress);
          onResult(Boolean(event.report?.ok));
        } else if (event.type === 'error') throw new Error(event.error.message);
      }
      if (done) break;
    }
  } catch (err) {
    target.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  } finally {
    trigger.disabled = false;
  }
}

function renderReport(target: HTMLElement, report: any, published?: boolean): void {
  if (!report) return;
  clear(
    target,
    h('p', { class: `status ${report.ok ? 'ok' : 'error'}`, id: 'validation-result' }, report.ok ? 'Valid' : 'Invalid', published ? ' — published' : '', report.wallMs ? ` (${report.wallMs} ms)` : ''),
    report.formatError ? h('pre', { class: 'compile-error' }, `${report.formatError.file}${report.formatError.line ? `:${report.formatError.line}` : ''}${report.formatError.field ? ` (${report.formatError.field})` : ''}: ${report.formatError.detail}`) : null,
    report.errors?.length ? h('ul', {}, report.errors.map((e: string) => h('li', { class: 'status error' }, e))) : null,
    report.reference
      ? h('p', {}, `Reference ${report.reference.file}: `, verdictBadge(report.reference.verdict), ` ${report.reference.passed}/${report.reference.total}`, report.reference.failures?.length ? ` — failing: ${report.reference.failures.join(', ')}` : '')
      : null,
    report.wrong?.length
      ? h(
          'ul',
          {},
          report.wrong.map((w: any) => h('li', {}, `${w.file}: `, verdictBadge(w.verdict), ` caught by ${w.caughtBy?.length ? w.caughtBy.join(', ') : 'nothing'}`, w.ok ? ' ✓' : ' ✗')),
        )
      : null,
    report.starter ? h('p', {}, `Starter ${report.starter.file}: `, verdictBadge(report.starter.verdict), ` ${report.starter.passed}/${report.starter.total} samples`) : null,
  );
}

async function runRejudge(slug: string, version: number, target: HTMLElement, trigger: HTMLButtonElement): Promise<void> {
  trigger.disabled = true;
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Rejudge progress' });
  const line = h('p', {});
  const changes = h('ul', {});
  clear(target, bar, line, changes);
  try {
    let { job } = await post<{ job: Job }>(`/api/challenges/${slug}/rejudge`, { version });
    for (;;) {
      bar.max = Math.max(1, job.total ?? 0);
      bar.value = job.done;
      line.textContent = `${job.done}/${job.total ?? '?'} rejudged · ${job.changed} changed · ${job.failed} failed · ${job.status}`;
      clear(
        changes,
        job.items
          .filter((i) => i.changed || i.error)
          .map((i) => h('li', {}, `Submission #${i.submissionId}: `, i.error ? i.error : `${i.before?.score ?? '—'} → ${i.after?.score ?? '—'}`)),
      );
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 700));
      ({ job } = await get<{ job: Job }>(`/api/challenges/${slug}/rejudges/${job.id}`));
    }
  } catch (err) {
    target.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  } finally {
    trigger.disabled = false;
  }
}


