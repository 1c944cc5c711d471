// Side by side: two submissions of one challenge (?a=&b= submission ids, e.g. from a similarity flag), or two
// candidates challenge by challenge (?candidates=invitationA,invitationB, their counted submissions). Lines the
// two share (after normalising names and ignoring the starter) are highlighted.
import { errorMessage, get } from '../lib/api';
import { h } from '../lib/dom';
import { score, verdictBadge } from '../lib/format';
import { codeWithRegions } from '../lib/reviews';
import { requireRole, type Me } from '../lib/session';
import type { Leaderboard } from './recruiterAssessment';
import type { ComparisonView } from '../../../presenters/review';

type Comparison = ComparisonView;
type Side = ComparisonView['a'];

export default async function recruiterComparePage(main: HTMLElement, me: Me | null, [assessmentText]: string[]): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  document.title = 'Compare · assay';
  main.classList.add('wide');
  const assessmentId = Number(assessmentText);
  const q = new URLSearchParams(location.search);
  main.append(h('p', {}, h('a', { href: `/recruiter/assessments/${assessmentId}` }, '← Assessment')), h('h1', {}, 'Compare'));
  try {
    if (q.get('a') && q.get('b')) {
      main.append(await comparison(assessmentId, Number(q.get('a')), Number(q.get('b'))));
      return;
    }
    const pair = (q.get('candidates') ?? '').split(',').map(Number);
    const board = await get<Leaderboard>(`/api/assessments/${assessmentId}/leaderboard`);
    const rows = pair.map((id) => board.candidates.find((c) => c.invitationId === id));
    if (rows.length !== 2 || rows.some((r) => !r)) throw new Error('choose two candidates of this assessment');
    main.append(h('p', {}, `${rows[0]!.email} and ${rows[1]!.email}: the submission that counts for each challenge.`));
    for (const c of board.challenges) {
      const [sa, sb] = rows.map((r) => r!.scores[String(c.id)]?.submissionId ?? null);
      const section = h('section', { class: 'card' }, h('h2', {}, c.title, ' ', h('span', { class: 'badge' }, c.kind.toUpperCase())));
      main.append(section);
      if (!sa || !sb) section.append(h('p', { class: 'muted' }, 'Both candidates need a scored submission to compare.'));
      else section.append(await comparison(assessmentId, sa, sb));
    }
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  }
}

async function comparison(assessmentId: number, a: number, b: number): Promise<HTMLElement> {
  const c = await get<Comparison>(`/api/assessments/${assessmentId}/compare?a=${a}&b=${b}`);
  const s = c.similarity;
  const column = (side: Side, ranges: Array<{ startLine: number; endLine: number }>) =>
    h(
      'div',
      {},
      h('h3', {}, h('a', { href: `/recruiter/invitations/${side.invitationId}` }, side.email)),
      h('p', {}, `#${side.submissionId} ${side.mode} · ${side.language} · score ${score(side.score)} `, side.verdict ? verdictBadge(side.verdict) : null),
      codeWithRegions(side.code, ranges, `Code of ${side.email}`),
    );
  return h(
    'div',
    { class: 'comparison' },
    h(
      'p',
      { class: s.flagged ? 'status error' : 'muted' },
      `${Math.round(s.similarity * 100)}% similar · containment ${Math.round(s.containment * 100)}% · ${s.regions.length} shared region${s.regions.length === 1 ? '' : 's'} highlighted`,
      s.flagged ? ' · flagged' : '',
    ),
    h('div', { class: 'compare' }, column(c.a, s.regions.map((r) => r.a)), column(c.b, s.regions.map((r) => r.b))),
  );
}
