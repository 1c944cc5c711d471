import { errorMessage, get } from '../lib/api';
import { h } from '../lib/dom';
import { when } from '../lib/format';
import { requireRole, type Me } from '../lib/session';
import type { AuthorChallengeSummaryView } from '../../../presenters/challenge';

type AuthorSummary = AuthorChallengeSummaryView;

export default async function authorChallengesPage(main: HTMLElement, me: Me | null): Promise<void> {
  if (!requireRole(me, ['author', 'admin'])) return;
  document.title = 'Challenges · assay';
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Challenges'), h('a', { class: 'button primary', href: '/author/new' }, 'New challenge')));
  try {
    const { challenges } = await get<{ challenges: AuthorSummary[] }>('/api/challenges');
    if (!challenges.length) return void main.append(h('p', { class: 'muted' }, 'No challenges yet.'));
    main.append(
      h(
        'table',
        { class: 'data', id: 'challenges' },
        h('thead', {}, h('tr', {}, ['Title', 'Slug', 'Kind', 'Difficulty', 'Status', 'Published version', 'Latest version', 'Source', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          challenges.map((c) =>
            h(
              'tr',
              { 'data-slug': c.slug },
              h('td', {}, h('a', { href: `/author/challenges/${c.slug}` }, c.title)),
              h('td', {}, h('code', {}, c.slug)),
              h('td', {}, c.kind.toUpperCase()),
              h('td', {}, c.difficulty),
              h('td', {}, h('span', { class: `state s-${c.status}` }, c.status)),
              h('td', { class: 'num' }, c.status === 'draft' ? '—' : String(c.version ?? '—')),
              h('td', { class: 'num' }, String(c.latestVersion ?? '—')),
              h('td', {}, c.source),
              h('td', {}, when(c.updatedAt)),
            ),
          ),
        ),
      ),
    );
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  }
}
