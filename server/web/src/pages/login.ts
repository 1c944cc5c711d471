import { errorMessage, post } from '../lib/api';
import { field, formValues, h, status } from '../lib/dom';
import { homeFor, type Me } from '../lib/session';

export default function loginPage(main: HTMLElement, me: Me | null): void {
  document.title = 'Log in · assay';
  const next = new URLSearchParams(location.search).get('next');
  // Only same-site paths: never an open redirect.
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
  if (me) {
    location.replace(safeNext ?? homeFor(me.role));
    return;
  }
  const message = h('p', { class: 'status', role: 'status' });
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h('h1', {}, 'Log in'),
    field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true, autofocus: true })),
    field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
    message,
    h('p', { class: 'muted' }, 'Candidates: open the invitation link you were sent by email.'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { email, password } = formValues(form);
    if (!email || !password) return status(message, 'Enter your email and password.', 'error');
    status(message, 'Logging in…');
    try {
      const { user } = await post<{ user: Me }>('/api/auth/login', { email, password });
      location.assign(safeNext ?? homeFor(user.role));
    } catch (err) {
      status(message, errorMessage(err), 'error');
    }
  });
  main.append(form);
}
