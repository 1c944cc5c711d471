import { errorMessage, get, post } from '../lib/api';
import { field, formValues, h, status } from '../lib/dom';
import { requireRole, type Me } from '../lib/session';
import type { ChallengeSummaryView } from '../../../presenters/challenge';

type ChallengeItem = ChallengeSummaryView;

export default async function newAssessmentPage(main: HTMLElement, me: Me | null): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  document.title = 'New assessment · assay';
  main.append(h('p', {}, h('a', { href: '/recruiter' }, '← Assessments')), h('h1', {}, 'New assessment'));
  let challenges: ChallengeItem[];
  try {
    ({ challenges } = await get<{ challenges: ChallengeItem[] }>('/api/challenges?status=published'));
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
    return;
  }
  const message = h('p', { class: 'status', role: 'status' });
  const picks = h(
    'fieldset',
    { class: 'picks' },
    h('legend', {}, 'Challenges (in the order candidates see them)'),
    challenges.length
      ? challenges.map((c) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'checkbox', name: 'challenge', value: String(c.id), 'data-slug': c.slug }),
            ` ${c.title} `,
            h('span', { class: 'badge' }, c.kind.toUpperCase()),
            ' ',
            h('span', { class: 'muted' }, c.difficulty),
          ),
        )
      : h('p', { class: 'muted' }, 'No published challenges yet: an author must publish one first.'),
  );
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    field('Title', h('input', { name: 'title', required: true, maxlength: 200 })),
    field('Description', h('textarea', { name: 'description', rows: 3, maxlength: 2000 }), 'Shown to candidates before they start.'),
    field('Time limit (minutes)', h('input', { name: 'timeLimitMinutes', type: 'number', min: 5, max: 600, value: 90, required: true })),
    picks,
    h('button', { type: 'submit', class: 'primary' }, 'Create assessment'),
    message,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const challengeIds = [...form.querySelectorAll<HTMLInputElement>('input[name=challenge]:checked')].map((i) => Number(i.value));
    if (!v.title.trim()) return status(message, 'Give the assessment a title.', 'error');
    if (!challengeIds.length) return status(message, 'Pick at least one challenge.', 'error');
    status(message, 'Creating…');
    try {
      const { assessment } = await post<{ assessment: { id: number } }>('/api/assessments', {
        title: v.title.trim(),
        ...(v.description.trim() ? { description: v.description.trim() } : {}),
        timeLimitMinutes: Number(v.timeLimitMinutes),
        challengeIds,
      });
      location.assign(`/recruiter/assessments/${assessment.id}`);
    } catch (err) {
      status(message, errorMessage(err), 'error');
    }
  });
  main.append(form);
}
