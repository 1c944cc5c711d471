import { errorMessage, get } from '../lib/api';
import { h } from '../lib/dom';
import { when } from '../lib/format';
import { requireRole, type Me } from '../lib/session';
import type { AssessmentSummaryView as Summary } from '../../../presenters/assessment';

export default async function recruiterAssessmentsPage(main: HTMLElement, me: Me | null): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  document.title = 'Assessments · assay';
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Assessments'), h('a', { class: 'button primary', href: '/recruiter/assessments/new' }, 'New assessment')));
  try {
    const { assessments } = await get<{ assessments: Summary[] }>('/api/assessments');
    if (!assessments.length) {
      main.append(h('p', { class: 'muted' }, 'No assessments yet. Create one, then invite candidates by email.'));
      return;
    }
    main.append(
      h(
        'table',
        { class: 'data', id: 'assessments' },
        h('thead', {}, h('tr', {}, ['Title', 'Challenges', 'Time limit', 'Invited', 'Started', 'Finished', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          assessments.map((a) =>
            h(
              'tr',
              { class: a.archivedAt ? 'archived' : '' },
              h('td', {}, h('a', { href: `/recruiter/assessments/${a.id}` }, a.title)),
              h('td', {}, String(a.challengeCount)),
              h('td', {}, `${a.timeLimitMinutes} min`),
              h('td', {}, String(a.invitationCounts.invited)),
              h('td', {}, String(a.invitationCounts.started)),
              h('td', {}, String(a.invitationCounts.finished)),
              h('td', {}, when(a.createdAt)),
            ),
          ),
        ),
      ),
    );
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  }
}
