// The client-side router: one HTML shell, the page chosen by path. Pages load with full navigations (plain links),
// so every page starts from GET /api/me and shows only what the role may use.
import { errorMessage } from './lib/api';
import { clear, h } from './lib/dom';
import { currentUser, homeFor, renderHeader, type Me } from './lib/session';

type Page = (main: HTMLElement, me: Me | null, params: string[]) => Promise<void> | void;

const routes: Array<[RegExp, () => Promise<{ default: Page }>]> = [
  [/^\/login$/, () => import('./pages/login')],
  [/^\/invite\/([^/]+)$/, () => import('./pages/invite')],
  [/^\/candidate$/, () => import('./pages/candidate')],
  [/^\/recruiter$/, () => import('./pages/recruiterAssessments')],
  [/^\/recruiter\/assessments\/new$/, () => import('./pages/recruiterNewAssessment')],
  [/^\/recruiter\/assessments\/(\d+)$/, () => import('./pages/recruiterAssessment')],
  [/^\/recruiter\/assessments\/(\d+)\/compare$/, () => import('./pages/recruiterCompare')],
  [/^\/recruiter\/invitations\/(\d+)$/, () => import('./pages/recruiterCandidate')],
  [/^\/recruiter\/integrations$/, () => import('./pages/recruiterIntegrations')],
  [/^\/author$/, () => import('./pages/authorChallenges')],
  [/^\/author\/new$/, () => import('./pages/authorNewChallenge')],
  [/^\/author\/challenges\/([a-z0-9][a-z0-9-]*)$/, () => import('./pages/authorChallenge')],
];

async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  try {
    // The login and invite pages never ask who is logged in: a 401 there would be expected, yet noisy in the console.
    const me = /^\/(?:invite\/|login$)/.test(location.pathname) ? null : await currentUser();
    renderHeader(me);
    if (location.pathname === '/') {
      location.replace(me ? homeFor(me.role) : '/login');
      return;
    }
    for (const [re, load] of routes) {
      const m = re.exec(location.pathname);
      if (!m) continue;
      const page = (await load()).default;
      clear(main);
      await page(main, me, m.slice(1).map(decodeURIComponent));
      return;
    }
    document.title = 'Not found · assay';
    clear(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Go to the start page')));
  } catch (err) {
    clear(main, h('h1', {}, 'Something went wrong'), h('p', { role: 'alert', class: 'status error' }, errorMessage(err)));
  }
}

void start();
