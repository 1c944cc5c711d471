// One assessment for its recruiter: its challenges, inviting candidates (copyable links), a live table of candidates
// with state and scores, similarity flags, compare and CSV download.
import { errorMessage, get, post } from '../lib/api';
import { button, clear, field, h, status } from '../lib/dom';
import { score, verdictBadge } from '../lib/format';
import { Live } from '../lib/live';
import { requireRole, type Me } from '../lib/session';
import { similarityPanel } from '../lib/reviews';
import { emailCell, inFlight, loadEmailSummaries, remindAllButton, type EmailSummaries } from '../lib/invitationEmails';
import type { EmailView } from '../../../presenters/invitationEmail';
import type { AssessmentView } from '../../../presenters/assessment';
import type { LeaderboardView } from '../../../presenters/review';

type Assessment = AssessmentView;
type AssessmentChallenge = AssessmentView['challenges'][number];

export default async function recruiterAssessmentPage(main: HTMLElement, me: Me | null, [idText]: string[]): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  const id = Number(idText);
  let assessment: Assessment;
  try {
    ({ assessment } = await get<{ assessment: Assessment }>(`/api/assessments/${id}`));
  } catch (err) {
    main.append(h('h1', {}, 'Assessment'), h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  document.title = `${assessment.title} · assay`;
  main.classList.add('wide');
  const challenges = [...assessment.challenges].sort((a, b) => a.position - b.position);

  const candidates = h('div', { id: 'candidates' });
  // The table is one page of the server's keyset pagination: filters and sort are the server's, so 2,000
  // candidates cost the browser the same 50 rows as 50 do.
  const search = h('input', { type: 'search', name: 'q', placeholder: 'Search email or name', 'aria-label': 'Search candidates' });
  const stateFilter = h(
    'select',
    { name: 'state', 'aria-label': 'State' },
    ['', 'invited', 'started', 'finished', 'expired', 'revoked'].map((s) => h('option', { value: s }, s || 'any state')),
  );
  const sortBy = h(
    'select',
    { name: 'sort', 'aria-label': 'Sort by' },
    [['rank', 'rank'], ['total', 'total'], ['time', 'time used'], ['email', 'email']].map(([v, label]) => h('option', { value: v }, `by ${label}`)),
  );
  const pageInfo = h('span', { class: 'muted', id: 'page-info', role: 'status' });
  const prev = button('← Previous', () => void turn(-1), { id: 'page-prev' });
  const next = button('Next →', () => void turn(1), { id: 'page-next' });
  // Cursors of the pages seen so far: cursors[i] opens page i (page 0 has none).
  let cursors: Array<string | undefined> = [undefined];
  let pageIndex = 0;
  let nextCursor: string | null = null;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const restart = () => {
    cursors = [undefined];
    pageIndex = 0;
    void refresh();
  };
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(restart, 250);
  });
  stateFilter.addEventListener('change', restart);
  sortBy.addEventListener('change', restart);
  async function turn(step: number): Promise<void> {
    if (step > 0 && nextCursor) {
      cursors[pageIndex + 1] = nextCursor;
      pageIndex++;
    } else if (step < 0 && pageIndex > 0) pageIndex--;
    else return;
    await refresh();
  }
  const liveState = h('span', { class: 'connection', role: 'status' });
  const compareMessage = h('p', { class: 'status', role: 'status' });
  const similarity = similarityPanel(id, new Map(challenges.map((c) => [c.id, c.title])));
  // Email invitations (SMTP_URL): the table's Email column and the reminder buttons appear only when it is on.
  let emails: EmailSummaries = { enabled: false, byInvitation: new Map() };
  let emailPoll: ReturnType<typeof setTimeout> | undefined;
  const emailMessage = h('p', { class: 'status', role: 'status', id: 'email-message' });
  const remindAll = remindAllButton(id, emailMessage, () => void refresh());
  remindAll.hidden = true;

  main.append(
    h('p', {}, h('a', { href: '/recruiter' }, '← Assessments')),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, assessment.title),
      h('div', { class: 'head-right' }, h('a', { class: 'button', href: `/api/assessments/${id}/results.csv`, download: '', id: 'csv' }, 'Download CSV')),
    ),
    assessment.description ? h('p', {}, assessment.description) : '',
    h(
      'p',
      { class: 'muted' },
      `${assessment.timeLimitMinutes} minutes · `,
      challenges.map((c, i) => [i ? ', ' : '', c.title, ' ', h('span', { class: 'badge' }, c.kind.toUpperCase())]),
    ),
    inviteForm(id, () => void refresh()),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'page-head' }, h('h2', {}, 'Candidates'), liveState),
      h('div', { class: 'actions filters' }, search, stateFilter, sortBy),
      candidates,
      h('div', { class: 'actions pager' }, prev, pageInfo, next),
      h('div', { class: 'actions' }, button('Compare selected', () => compareSelected(), { id: 'compare' }), remindAll, compareMessage),
      emailMessage,
    ),
    similarity,
  );

  let refreshes = 0;
  async function refresh(): Promise<void> {
    const asked = ++refreshes;
    try {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), sort: sortBy.value });
      if (search.value.trim()) params.set('q', search.value.trim());
      if (stateFilter.value) params.set('state', stateFilter.value);
      const cursor = cursors[pageIndex];
      if (cursor) params.set('cursor', cursor);
      const board = await get<Leaderboard>(`/api/assessments/${id}/leaderboard?${params}`);
      const loaded = await loadEmailSummaries(id, board.candidates.map((c) => c.invitationId)).catch(() => emails);
      // A newer refresh (typing, paging, a live event) was asked for meanwhile: its answer is the one to show.
      if (asked !== refreshes) return;
      emails = loaded;
      nextCursor = board.page.nextCursor;
      const first = pageIndex * PAGE_SIZE;
      // The pager's text changes with the table it describes, never before it.
      pageInfo.textContent = board.page.matching
        ? `${first + 1}–${first + board.candidates.length} of ${board.page.matching}`
        : '';
      (prev as HTMLButtonElement).disabled = pageIndex === 0;
      (next as HTMLButtonElement).disabled = !nextCursor;
      remindAll.hidden = !emails.enabled;
      const cell = emails.enabled
        ? (row: Leaderboard['candidates'][number]) => emailCell(row.invitationId, row.state, emails.byInvitation.get(row.invitationId), emailMessage, () => void refresh())
        : undefined;
      clear(candidates, candidateTable(board, challenges, Boolean(search.value.trim() || stateFilter.value), cell));
      // Emails go out after the invitation is saved: look again until none is on its way.
      clearTimeout(emailPoll);
      if (inFlight(emails)) emailPoll = setTimeout(() => void refresh(), 1500);
    } catch (err) {
      if (asked === refreshes) clear(candidates, h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    }
  }

  function compareSelected(): void {
    const picked = [...candidates.querySelectorAll<HTMLInputElement>('input[name=pick]:checked')].map((i) => i.value);
    if (picked.length !== 2) return status(compareMessage, 'Select exactly two candidates to compare.', 'error');
    location.assign(`/recruiter/assessments/${id}/compare?candidates=${picked[0]},${picked[1]}`);
  }

  await refresh();
  // Live: any candidate activity refreshes the table (coalesced, so a burst of test events costs one request).
  const live = new Live();
  let pending: ReturnType<typeof setTimeout> | undefined;
  live.onState = (state) => (liveState.textContent = state === 'connected' ? 'Live' : 'Reconnecting…');
  live.followAssessment(id, () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      void refresh();
      void (similarity as HTMLElement & { reload?: () => Promise<void> }).reload?.();
    }, 300);
  });
}

function inviteForm(assessmentId: number, onInvited: () => void): HTMLElement {
  const emails = h('textarea', { name: 'emails', rows: 3, placeholder: 'ada@example.com, grace@example.com', required: true });
  const days = h('input', { name: 'expiresInDays', type: 'number', min: 1, max: 60, value: 7 });
  const message = h('p', { class: 'status', role: 'status' });
  const links = h('ul', { class: 'links', id: 'invite-links', 'aria-label': 'Invitation links' });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, 'Invite candidates'),
    field('Emails', emails, 'One or more addresses, separated by commas, spaces or new lines.'),
    field('Link valid for (days)', days),
    h('button', { type: 'submit', class: 'primary' }, 'Create invitation links'),
    message,
    links,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const list = [...new Set(emails.value.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean))];
    if (!list.length) return status(message, 'Enter at least one email address.', 'error');
    status(message, 'Inviting…');
    const failures: string[] = [];
    let emailed = 0;
    for (const email of list) {
      try {
        const res = await post<{ link: string; email: EmailView | null }>(`/api/assessments/${assessmentId}/invitations`, { email, expiresInDays: Number(days.value) || 7 });
        links.append(linkRow(email, res.link));
        if (res.email) emailed++;
      } catch (err) {
        failures.push(`${email}: ${errorMessage(err)}`);
      }
    }
    if (failures.length) status(message, `Not invited — ${failures.join('; ')}`, 'error');
    else {
      const made = `${list.length} invitation link${list.length > 1 ? 's' : ''} created`;
      status(
        message,
        emailed
          ? `${made} and emailed to the candidates (delivery in the Email column). The links are also below, shown only once.`
          : `${made}. Copy them now: they are shown only once.`,
        'ok',
      );
      emails.value = '';
    }
    onInvited();
  });
  return form;
}

function linkRow(email: string, link: string): HTMLElement {
  const input = h('input', { type: 'text', readonly: true, value: link, 'aria-label': `Invitation link for ${email}`, class: 'link', 'data-email': email });
  const copy = button('Copy', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(link);
      copy.textContent = 'Copied';
    } catch {
      // Clipboard access can be denied; the text is selected for Ctrl+C.
      copy.textContent = 'Press Ctrl+C';
    }
  });
  return h('li', {}, h('span', { class: 'email' }, email), input, copy);
}

export type Leaderboard = LeaderboardView;

const PAGE_SIZE = 50;

function minutes(seconds: number | null): string {
  return seconds === null ? '—' : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function candidateTable(board: Leaderboard, challenges: AssessmentChallenge[], filtered: boolean, emailColumn?: (row: Leaderboard['candidates'][number]) => HTMLElement): HTMLElement {
  if (!board.candidates.length) return h('p', { class: 'muted' }, filtered ? 'No candidate matches.' : 'Nobody invited yet.');
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data', id: 'candidate-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Select')),
          h('th', { scope: 'col' }, 'Rank'),
          h('th', { scope: 'col' }, 'Candidate'),
          h('th', { scope: 'col' }, 'State'),
          emailColumn ? h('th', { scope: 'col' }, 'Email') : null,
          h('th', { scope: 'col' }, 'Time used'),
          challenges.map((c) => h('th', { scope: 'col', title: c.slug }, c.title)),
          h('th', { scope: 'col' }, `Total (of ${board.maxTotal})`),
          h('th', { scope: 'col' }, 'Review'),
          h('th', { scope: 'col' }, 'Flags'),
        ),
      ),
      h(
        'tbody',
        {},
        board.candidates.map((row) =>
          h(
            'tr',
            { 'data-invitation': String(row.invitationId), 'data-email': row.email },
            h('td', {}, h('input', { type: 'checkbox', name: 'pick', value: String(row.invitationId), 'aria-label': `Select ${row.email}` })),
            h('td', { class: 'num' }, row.rank === null ? '—' : String(row.rank)),
            h('td', {}, h('a', { href: `/recruiter/invitations/${row.invitationId}` }, row.email)),
            h('td', {}, h('span', { class: `state s-${row.state}` }, row.state)),
            emailColumn ? emailColumn(row) : null,
            h('td', { class: 'num' }, minutes(row.timeUsed.seconds), row.timeUsed.ongoing ? h('span', { class: 'muted' }, ' (running)') : null),
            challenges.map((c) => {
              const s = row.scores[String(c.id)];
              return h('td', { class: 'num', 'data-challenge': String(c.id) }, s && s.score !== null ? [score(s.score), ' ', verdictBadge(s.verdict)] : '—');
            }),
            h('td', { class: 'num total' }, row.rank === null && !row.total ? '—' : score(row.total)),
            h('td', {}, [row.rating ? `${row.rating}/5` : '', row.decision ? ` ${row.decision}` : ''].join('').trim() || '—'),
            h(
              'td',
              {},
              row.flags.length
                ? h(
                    'span',
                    { class: 'verdict v-time_limit', title: row.flags.map((f) => `group ${f.groupId}: ${f.groupSize} similar candidates`).join('\n'), 'data-groups': row.flags.map((f) => f.groupId).join(' ') },
                    `${row.flags.length} group${row.flags.length > 1 ? 's' : ''} (${row.flags.reduce((n, f) => n + f.groupSize - 1, 0)} similar)`,
                  )
                : '—',
            ),
          ),
        ),
      ),
    ),
  );
}
