// An invitation link: accepting signs the browser in as the invited candidate, then opens the workspace.
import { ApiError, errorMessage, post } from '../lib/api';
import { h, status } from '../lib/dom';
import { renderHeader, type Me } from '../lib/session';

const REASONS: Record<string, string> = {
  invitation_revoked: 'This invitation was withdrawn by the recruiter.',
  invitation_finished: 'This assessment is already finished. Thank you!',
  invitation_expired: 'This invitation has expired. Ask the recruiter for a new one.',
  invalid_token: 'This invitation link is not valid. Check that you copied all of it.',
  email_in_use: 'The invited email belongs to a staff account; log out and use a different address.',
};

export default async function invitePage(main: HTMLElement, _me: Me | null, [token]: string[]): Promise<void> {
  document.title = 'Invitation · assay';
  const message = h('p', { class: 'status', role: 'status' }, 'Opening your invitation…');
  main.append(h('section', { class: 'card narrow' }, h('h1', {}, 'Your assessment'), message));
  try {
    const { user } = await post<{ user: Me }>('/api/invitations/accept', { token });
    renderHeader(user);
    // The token leaves the address bar and history: the session carries the invitation from here on.
    location.replace('/candidate');
  } catch (err) {
    status(message, err instanceof ApiError ? (REASONS[err.code] ?? err.message) : errorMessage(err), 'error');
  }
}
