// Review features of the recruiter pages (server/routes/reviews.ts): similarity flags, the review form, and code
// shown with the regions two submissions share.
import { errorMessage, get, put } from './api';
import { clear, field, h, status } from './dom';
import { when } from './format';
import type { ReviewView } from '../../../presenters/review';
import type { SimilarityGroup } from '../../../similarity/groups';

const percent = (x: number) => `${Math.round(x * 100)}%`;

export function compareHref(assessmentId: number, a: number, b: number): string {
  return `/recruiter/assessments/${assessmentId}/compare?a=${a}&b=${b}`;
}

// A group of two thousand copies is summarised: its first members are named, the rest counted.
const MEMBERS_SHOWN = 12;

/** Flagged groups of the assessment (similar candidates, directly or through others), each pair linking to the comparison. */
export function similarityPanel(assessmentId: number, titles: Map<number, string>): HTMLElement {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Checking…'));
  const section = h('section', { class: 'card', id: 'similarity' }, h('h2', {}, 'Similarity flags'), body);
  const load = async () => {
    try {
      const { groups, threshold } = await get<{ groups: SimilarityGroup[]; threshold: number }>(`/api/assessments/${assessmentId}/similarity`);
      if (!groups.length) return clear(body, h('p', { class: 'muted' }, `No pair of candidates at or above ${percent(threshold)} similarity.`));
      clear(
        body,
        h('p', { class: 'muted' }, `Groups of candidates whose scored submissions are at or above ${percent(threshold)} similarity, directly or through others (the starter code is ignored).`),
        h(
          'ul',
          { class: 'groups' },
          groups.map((g) =>
            h(
              'li',
              { 'data-group': g.id },
              h('strong', {}, `${g.size} candidates`),
              ` — ${titles.get(g.challengeId) ?? `challenge ${g.challengeId}`}, up to ${percent(g.maxSimilarity)} similar: `,
              g.members.slice(0, MEMBERS_SHOWN).map((m) => m.email).join(', '),
              g.size > MEMBERS_SHOWN ? ` and ${g.size - MEMBERS_SHOWN} more` : '',
              h(
                'ul',
                {},
                g.pairs.map((p) =>
                  h(
                    'li',
                    {},
                    `${p.identical ? 'identical' : `${percent(p.similarity)} similar`}: ${p.a.email} and ${p.b.email} · `,
                    h('a', { href: compareHref(assessmentId, p.a.submissionId, p.b.submissionId) }, 'compare'),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      clear(body, h('p', { class: 'status error' }, errorMessage(err)));
    }
  };
  void load();
  (section as HTMLElement & { reload?: () => Promise<void> }).reload = load;
  return section;
}

export type Review = ReviewView;

/** Your notes, rating and decision for a candidate, plus the other reviewers' (read only). */
export function reviewForm(invitationId: number, mine: Review | null, others: Review[]): HTMLElement {
  const message = h('p', { class: 'status', role: 'status' });
  const notes = h('textarea', { name: 'notes', rows: 4, maxlength: 20000 }, mine?.notes ?? '');
  const rating = h(
    'fieldset',
    { class: 'rating' },
    h('legend', {}, 'Rating'),
    [1, 2, 3, 4, 5].map((n) => h('label', {}, h('input', { type: 'radio', name: 'rating', value: String(n), checked: mine?.rating === n }), ` ${n}`)),
    h('label', {}, h('input', { type: 'radio', name: 'rating', value: '', checked: !mine?.rating }), ' none'),
  );
  const decision = h(
    'select',
    { name: 'decision' },
    h('option', { value: '' }, 'Not decided'),
    (['advance', 'hold', 'reject'] as const).map((d) => h('option', { value: d, selected: mine?.decision === d }, d[0].toUpperCase() + d.slice(1))),
  );
  const form = h(
    'form',
    { class: 'card', id: 'review' },
    h('h2', {}, 'Your review'),
    field('Notes', notes, 'Visible to the recruiters of this assessment, never to the candidate.'),
    rating,
    field('Decision', decision),
    h('button', { type: 'submit', class: 'primary' }, 'Save review'),
    message,
    mine?.updatedAt ? h('p', { class: 'muted small' }, `Last saved ${when(mine.updatedAt)}`) : null,
    others.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Other reviewers'),
          h('ul', {}, others.map((r) => h('li', {}, `${r.reviewer.name ?? r.reviewer.email}: ${r.rating ? `${r.rating}/5` : 'no rating'}, ${r.decision ?? 'no decision'}`, r.notes ? ` — ${r.notes}` : ''))),
        )
      : null,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name=rating]:checked')?.value;
    status(message, 'Saving…');
    try {
      const { review } = await put<{ review: Review }>(`/api/invitations/${invitationId}/review`, {
        notes: notes.value,
        rating: picked ? Number(picked) : null,
        decision: decision.value || null,
      });
      status(message, `Saved ${when(review.updatedAt)}`, 'ok');
    } catch (err) {
      status(message, errorMessage(err), 'error');
    }
  });
  return form;
}

/** Source with line numbers; lines inside `shared` ranges are highlighted (the regions two submissions share). */
export function codeWithRegions(code: string, shared: Array<{ startLine: number; endLine: number }>, label: string): HTMLElement {
  const inShared = (n: number) => shared.some((r) => n >= r.startLine && n <= r.endLine);
  return h(
    'pre',
    { class: 'code-lines', 'aria-label': label, tabindex: 0 },
    code.split('\n').map((line, i) => h('span', { class: inShared(i + 1) ? 'line shared' : 'line' }, h('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1)), `${line}\n`)),
  );
}
