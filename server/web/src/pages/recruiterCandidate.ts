// One candidate for the recruiter (GET /api/invitations/:id/review): per-challenge scores, every run and submission
// with its code and per-test results (hidden tests' detail included), similarity flags, and the review form.
import { errorMessage, get } from '../lib/api';
import { clear, field, h } from '../lib/dom';
import { createEditor } from '../lib/editor';
import { score, verdictBadge, when } from '../lib/format';
import { ResultsList } from '../lib/results';
import { challengeSignals, integrityCard } from '../lib/integrityView';
import { playbackBlock } from '../lib/playbackView';
import { compareHref, reviewForm } from '../lib/reviews';
import { emailHistoryCard } from '../lib/invitationEmails';
import { requireRole, type Me } from '../lib/session';
import type { IntegrityView } from '../../../presenters/integrity';
import type { CandidateReviewView } from '../../../presenters/review';

type CandidateReview = CandidateReviewView;
type ReviewChallenge = CandidateReview['challenges'][number];
type ReviewedSubmission = ReviewChallenge['submissions'][number];

export default async function recruiterCandidatePage(main: HTMLElement, me: Me | null, [idText]: string[]): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  const id = Number(idText);
  let r: CandidateReview;
  let signals: IntegrityView | null;
  try {
    // Signals are secondary: the review shows without them if they cannot be read.
    [r, signals] = await Promise.all([get<CandidateReview>(`/api/invitations/${id}/review`), get<IntegrityView>(`/api/invitations/${id}/integrity`).catch(() => null)]);
  } catch (err) {
    main.append(h('h1', {}, 'Candidate'), h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  const inv = r.invitation;
  document.title = `${inv.email} · assay`;
  main.classList.add('wide');
  const used = r.timeUsed.seconds === null ? '—' : `${Math.round(r.timeUsed.seconds / 60)} of ${r.assessment.timeLimitMinutes} min`;
  main.append(
    h('p', {}, h('a', { href: `/recruiter/assessments/${r.assessment.id}` }, `← ${r.assessment.title}`)),
    h('h1', {}, inv.email),
    h(
      'p',
      {},
      h('span', { class: `state s-${inv.state}` }, inv.state),
      inv.timedOut ? ' (timed out)' : '',
      ` · invited ${when(inv.createdAt)} · started ${when(inv.startedAt)} · finished ${when(inv.finishedAt)} · time used ${used}`,
      r.rank !== null ? ` · rank ${r.rank} of ${r.candidatesRanked}` : '',
    ),
  );
  main.append(
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Scores'),
        h(
          'table',
          { class: 'data', id: 'scores' },
          h('thead', {}, h('tr', {}, ['Challenge', 'Kind', 'Score', 'Verdict', 'Submissions', 'Sample runs'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            r.challenges.map((c) =>
              h(
                'tr',
                { 'data-challenge': String(c.id) },
                h('td', {}, h('a', { href: `#challenge-${c.id}` }, c.title)),
                h('td', {}, c.kind.toUpperCase()),
                h('td', { class: 'num score' }, score(c.score)),
                h('td', {}, c.verdict ? verdictBadge(c.verdict) : '—'),
                h('td', { class: 'num' }, String(c.attempts)),
                h('td', { class: 'num' }, String(c.runs)),
              ),
            ),
            h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', {}), h('td', { class: 'num total' }, `${score(r.total)} / ${r.maxTotal}`), h('td', {}), h('td', {}), h('td', {})),
          ),
        ),
      ),
      reviewForm(inv.id, r.myReview, r.reviews.filter((x) => x !== r.myReview && x.reviewer.id !== me.id)),
    ),
  );
  if (signals) main.append(integrityCard(signals, r.challenges));
  const emails = await emailHistoryCard(inv.id, inv.state).catch(() => null);
  if (emails) main.append(emails);
  for (const c of r.challenges) main.append(challengeSection(r, c, signals));
}

function challengeSection(r: CandidateReview, c: ReviewChallenge, signals: IntegrityView | null): HTMLElement {
  const body = h('div', {});
  const section = h('section', { class: 'card', id: `challenge-${c.id}` }, h('h2', {}, c.title, ' ', h('span', { class: 'badge' }, c.kind.toUpperCase())), body);
  const signalLine = signals ? challengeSignals(signals, c.id) : null;
  if (signalLine) body.append(signalLine);
  if (c.flags.length) {
    body.append(
      h(
        'ul',
        { class: 'flags' },
        c.flags.map((f) =>
          h('li', { class: 'status error' }, `${Math.round(f.similarity * 100)}% similar to ${f.otherEmail ?? 'another candidate'} · `, h('a', { href: compareHref(r.assessment.id, f.submissionId, f.otherSubmissionId) }, 'compare side by side')),
        ),
      ),
    );
  }
  body.append(playbackBlock(r.invitation.id, c.id, c.editorMode));
  if (!c.submissions.length) {
    body.append(h('p', { class: 'muted' }, 'No runs or submissions.'));
    return section;
  }
  const select = h(
    'select',
    { name: `submission-${c.id}` },
    c.submissions.map((s) =>
      h('option', { value: String(s.id) }, `#${s.id} ${s.mode === 'run' ? 'sample run' : 'submission'} · ${when(s.createdAt)} · ${s.verdict ?? s.status}${s.score !== null ? ` · ${score(s.score)}` : ''}${s.counted ? ' · counted' : ''}`),
    ),
  );
  const shown = h('div', { class: 'submission-view' });
  const show = (s: ReviewedSubmission) => {
    const host = h('div', { class: 'editor readonly', 'data-submission': String(s.id) });
    const results = new ResultsList(`Results of #${s.id}`);
    s.tests.forEach((t) => results.test(t));
    if (s.status === 'finished') {
      results.finish({
        verdict: s.verdict ?? 'internal_error',
        score: s.score,
        points: s.points,
        maxPoints: s.maxPoints,
        passed: s.tests.filter((t) => t.verdict === 'accepted').length,
        total: s.tests.length,
        compileError: s.compileError ?? null,
        message: s.message ?? null,
      });
    } else results.setStatus(`Still ${s.status}…`);
    clear(
      shown,
      h('p', { class: 'muted' }, `${s.language} · ${when(s.createdAt)}${s.counted ? ' · this submission counts for the score' : ''}`),
      s.scoreChanges.length ? h('ul', {}, s.scoreChanges.map((line) => h('li', {}, line))) : null,
      host,
      results.el,
    );
    createEditor(host, { language: s.language === 'sql' ? 'sql' : s.language === 'javascript' ? 'javascript' : 'typescript', doc: s.code, readOnly: true, label: `Code of submission ${s.id}` });
  };
  select.addEventListener('change', () => show(c.submissions.find((s) => s.id === Number(select.value))!));
  const first = c.submissions.find((s) => s.counted) ?? c.submissions.find((s) => s.mode === 'submit') ?? c.submissions[0];
  select.value = String(first.id);
  body.append(field('Submission', select), shown);
  show(first);
  return section;
}
