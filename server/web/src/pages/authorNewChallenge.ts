// A new challenge from its files, starting from a small API template the author edits.
import { ApiError, errorMessage, post } from '../lib/api';
import { button, h, status } from '../lib/dom';
import { filesEditor } from '../lib/filesEditor';
import { requireRole, type Me } from '../lib/session';

const TEMPLATE: Record<string, string> = {
  'challenge.yaml': `slug: my-new-challenge
title: My new challenge
kind: api
difficulty: junior
skills: [REST design]
tags: []
expectedMinutes: 30
`,
  'README.md': `# My new challenge

Describe the task. Say which routes to implement and what they return.
`,
  'starter.ts': `export default function register(app, ctx) {
  app.get('/hello', (req, res) => {
    res.status(501).json({ error: 'not implemented' });
  });
}
`,
  'solution.ts': `export default function register(app, ctx) {
  app.get('/hello', (req, res) => {
    res.json({ hello: req.query.name ?? 'world' });
  });
}
`,
  'tests.yaml': `tests:
  - name: says hello
    visibility: sample
    steps:
      - request: { method: GET, path: /hello }
        expect: { status: 200, body: { hello: world } }
  - name: greets by name
    visibility: hidden
    steps:
      - request: { method: GET, path: /hello, query: { name: ada } }
        expect: { status: 200, body: { hello: ada } }
`,
  'wrong/ignores-name.ts': `export default function register(app, ctx) {
  app.get('/hello', (req, res) => res.json({ hello: 'world' }));
}
`,
};

export default function authorNewChallengePage(main: HTMLElement, me: Me | null): void {
  if (!requireRole(me, ['author', 'admin'])) return;
  document.title = 'New challenge · assay';
  main.classList.add('wide');
  const editor = filesEditor(TEMPLATE);
  const message = h('p', { class: 'status', role: 'status' });
  main.append(
    h('p', {}, h('a', { href: '/author' }, '← Challenges')),
    h('h1', {}, 'New challenge'),
    h('p', { class: 'muted' }, 'Edit the files below (the slug in challenge.yaml names the challenge), then create it. It stays a draft until a validated version is published.'),
    h(
      'section',
      { class: 'card' },
      editor.el,
      h(
        'div',
        { class: 'actions' },
        button('Create challenge', async () => {
          status(message, 'Creating…');
          try {
            const res = await post<{ challenge: { slug: string } }>('/api/challenges', { files: editor.files() });
            location.assign(`/author/challenges/${res.challenge.slug}`);
          } catch (err) {
            status(message, err instanceof ApiError && err.details ? `${err.message}: ${JSON.stringify(err.details)}` : errorMessage(err), 'error');
          }
        }, { class: 'primary' }),
      ),
      message,
    ),
  );
}
