// Who is logged in (GET /api/me), and the page header that shows only what that role may use.
import { ApiError, get, post } from './api';
import { button, clear, h } from './dom';

export type Role = 'candidate' | 'recruiter' | 'author' | 'admin';
export interface Me {
  id: number;
  email: string;
  name: string;
  role: Role;
  invitationId?: number;
}

export async function currentUser(): Promise<Me | null> {
  try {
    return (await get<{ user: Me }>('/api/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Where a role lands after logging in. */
export function homeFor(role: Role): string {
  if (role === 'candidate') return '/candidate';
  if (role === 'author') return '/author';
  return '/recruiter';
}

const NAV: Record<Role, Array<[string, string]>> = {
  candidate: [['/candidate', 'Assessment']],
  recruiter: [
    ['/recruiter', 'Assessments'],
    ['/recruiter/integrations', 'Integrations'],
  ],
  author: [['/author', 'Challenges']],
  admin: [
    ['/recruiter', 'Assessments'],
    ['/author', 'Challenges'],
    ['/recruiter/integrations', 'Integrations'],
  ],
};

export function renderHeader(me: Me | null): void {
  const top = document.getElementById('top')!;
  const here = location.pathname;
  // The most specific entry is the current one (/recruiter/integrations is not also "Assessments").
  const current = me ? NAV[me.role].map(([href]) => href).filter((href) => here === href || here.startsWith(`${href}/`)).sort((a, b) => b.length - a.length)[0] : undefined;
  const links = me ? NAV[me.role].map(([href, label]) => h('a', { href, ...(href === current ? { 'aria-current': 'page' } : {}) }, label)) : [];
  const right = me
    ? h(
        'div',
        { class: 'who' },
        h('span', {}, `${me.name} `, h('span', { class: 'badge' }, me.role)),
        button('Log out', async () => {
          await post('/api/auth/logout').catch(() => undefined);
          location.assign('/login');
        }),
      )
    : h('div', { class: 'who' }, here === '/login' ? null : h('a', { href: '/login' }, 'Log in'));
  clear(top, h('nav', { 'aria-label': 'Main' }, h('a', { href: '/', class: 'brand' }, 'assay'), ...links), right);
}

/** The page's role guard: not logged in → login page; wrong role → a plain message. */
export function requireRole(me: Me | null, roles: Role[]): me is Me {
  if (!me) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    return false;
  }
  if (!roles.includes(me.role)) {
    const main = document.getElementById('main')!;
    clear(main, h('h1', {}, 'Not available'), h('p', {}, 'Your account cannot open this page. '), h('a', { href: homeFor(me.role) }, 'Go to your home page'));
    return false;
  }
  return true;
}
