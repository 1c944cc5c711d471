// Integrations (issue 18): personal API tokens for an ATS (the secret shown once, then only its prefix) and
// outbound webhooks (the signing secret shown once, a test event, the delivery log with every attempt).
import { del, errorMessage, get, patch, post } from '../lib/api';
import { button, clear, field, h, status } from '../lib/dom';
import { when } from '../lib/format';
import { requireRole, type Me } from '../lib/session';
import type { presentApiToken } from '../../../presenters/apiToken';
import type { presentDelivery, presentWebhook } from '../../../presenters/webhook';

type Token = ReturnType<typeof presentApiToken>;
type Hook = ReturnType<typeof presentWebhook>;
type Delivery = ReturnType<typeof presentDelivery>;

const DAY = 86_400_000;

/** A secret shown once: the value, a copy button, and the warning that it will not come back. */
function shownOnce(id: string, label: string, secret: string): HTMLElement {
  const note = h('p', { class: 'status' });
  const code = h('code', { class: 'secret-value' }, secret);
  return h(
    'div',
    { class: 'summary shown-once', id, role: 'status' },
    h('p', {}, h('strong', {}, label), ' — copy it now: it is shown only this once.'),
    h('p', {}, code, ' ', button('Copy', async () => {
      try {
        await navigator.clipboard.writeText(secret);
        status(note, 'Copied.', 'ok');
      } catch {
        // No clipboard (an insecure origin, a headless browser): select it for the user to copy.
        getSelection()?.selectAllChildren(code);
        status(note, 'Selected: press Ctrl+C (⌘C) to copy.');
      }
    })),
    note,
  );
}

function checkbox(name: string, value: string, label: string, checked = false): HTMLElement {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked }), ` ${label} `);
}

const checked = (form: HTMLFormElement, name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);

async function tokensSection(section: HTMLElement): Promise<void> {
  const list = h('div', { id: 'tokens-list' });
  const created = h('div');
  const message = h('p', { class: 'status' });
  const name = h('input', { name: 'name', required: true, maxlength: 100, placeholder: 'Greenhouse sync' });
  const expiry = h('select', { name: 'expires' }, h('option', { value: '' }, 'Never (until revoked)'), h('option', { value: '30' }, 'In 30 days'), h('option', { value: '90' }, 'In 90 days'), h('option', { value: '365' }, 'In a year'));
  const form = h(
    'form',
    { class: 'card', id: 'new-token' },
    field('Token name', name, 'What it is for, so you can tell tokens apart'),
    h('fieldset', {}, h('legend', {}, 'Scopes'), checkbox('scopes', 'read', 'read — assessments, invitations, results, CSV', true), checkbox('scopes', 'write', 'write — create assessments and invitations')),
    field('Expires', expiry),
    h('button', { type: 'submit', class: 'primary' }, 'Create token'),
    message,
  );
  const refresh = async () => {
    const { tokens } = await get<{ tokens: Token[] }>('/api/tokens');
    clear(
      list,
      tokens.length === 0
        ? h('p', { class: 'muted' }, 'No tokens yet.')
        : h(
            'table',
            { class: 'data', id: 'tokens' },
            h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Scopes', 'Created', 'Last used', 'Expires', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              tokens.map((t) =>
                h(
                  'tr',
                  { class: t.state === 'active' ? '' : 'archived', 'data-token-id': t.id },
                  h('td', {}, t.name),
                  h('td', {}, h('code', {}, `${t.prefix}…`)),
                  h('td', {}, t.scopes.join(', ')),
                  h('td', {}, when(t.createdAt)),
                  h('td', {}, t.lastUsedAt ? when(t.lastUsedAt) : 'never'),
                  h('td', {}, t.expiresAt ? when(t.expiresAt) : 'never'),
                  h('td', {}, t.state),
                  h('td', {}, t.state === 'active' ? button('Revoke', async () => {
                    if (!confirm(`Revoke "${t.name}"? Programs using it stop working at once.`)) return;
                    await del(`/api/tokens/${t.id}`);
                    await refresh();
                  }, { class: 'danger', 'aria-label': `Revoke ${t.name}` }) : null),
                ),
              ),
            ),
          ),
    );
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const days = Number(expiry.value);
    try {
      const made = await post<Token & { token: string }>('/api/tokens', {
        name: name.value,
        scopes: checked(form, 'scopes'),
        ...(days ? { expiresAt: new Date(Date.now() + days * DAY).toISOString() } : {}),
      });
      clear(created, shownOnce('token-secret', `Token "${made.name}"`, made.token));
      status(message, '');
      form.reset();
      await refresh();
    } catch (err) {
      status(message, errorMessage(err), 'error');
    }
  });
  section.append(
    h('h2', {}, 'API tokens'),
    h('p', { class: 'muted' }, 'Use a token from your ATS or scripts: ', h('code', {}, 'Authorization: Bearer <token>'), '. See ', h('a', { href: '/api/openapi.json' }, 'the OpenAPI document'), '.'),
    form,
    created,
    list,
  );
  await refresh();
}

function deliveryLog(deliveries: Delivery[]): HTMLElement {
  if (deliveries.length === 0) return h('p', { class: 'muted' }, 'No deliveries yet.');
  return h(
    'table',
    { class: 'data', id: 'deliveries' },
    h('thead', {}, h('tr', {}, ['Created', 'Event', 'Status', 'Attempts (response, duration)', 'Next attempt'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      deliveries.map((d) =>
        h(
          'tr',
          { 'data-status': d.status },
          h('td', {}, when(d.createdAt)),
          h('td', {}, d.type, h('br'), h('small', { class: 'muted' }, d.eventId)),
          h('td', {}, h('span', { class: `verdict v-${d.status === 'delivered' ? 'accepted' : d.status === 'failed' ? 'wrong_answer' : 'pending'}` }, d.status)),
          h('td', { class: 'attempts' }, d.attempts.length === 0 ? '—' : d.attempts.map((a, i) => h('div', {}, `${i + 1}. ${a.statusCode ?? 'no response'} · ${a.durationMs} ms${a.error ? ` · ${a.error}` : ''}`))),
          h('td', {}, d.nextAttemptAt ? when(d.nextAttemptAt) : '—'),
        ),
      ),
    ),
  );
}

async function webhooksSection(section: HTMLElement): Promise<void> {
  const list = h('div', { id: 'webhooks-list' });
  const created = h('div');
  const log = h('div', { id: 'delivery-log' });
  const message = h('p', { class: 'status' });
  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://ats.example.com/hooks/assay' });
  const { assessments } = await get<{ assessments: Array<{ id: number; title: string }> }>('/api/assessments');
  const scope = h('select', { name: 'assessment' }, h('option', { value: '' }, 'All my assessments'), assessments.map((a) => h('option', { value: String(a.id) }, a.title)));
  const { events } = await get<{ events: string[] }>('/api/webhooks');
  const form = h(
    'form',
    { class: 'card', id: 'new-webhook' },
    field('Endpoint URL', url, 'Receives a signed POST for each event'),
    field('Assessments', scope),
    h('fieldset', {}, h('legend', {}, 'Events'), events.map((e) => checkbox('events', e, e, true))),
    h('button', { type: 'submit', class: 'primary' }, 'Add webhook'),
    message,
  );
  const titles = new Map(assessments.map((a) => [a.id, a.title]));

  let watching = 0;
  const showLog = async (hook: Hook, watch = false) => {
    const mine = ++watching;
    // After a test event, refresh for a while so the attempts appear as they happen.
    for (let i = 0; i < (watch ? 30 : 1); i++) {
      if (mine !== watching) return;
      const { deliveries } = await get<{ deliveries: Delivery[] }>(`/api/webhooks/${hook.id}/deliveries`);
      clear(log, h('h3', {}, `Delivery log — ${hook.url}`), button('Refresh', () => void showLog(hook)), deliveryLog(deliveries));
      if (!deliveries.some((d) => d.status === 'pending')) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  const refresh = async () => {
    const { webhooks } = await get<{ webhooks: Hook[] }>('/api/webhooks');
    clear(
      list,
      webhooks.length === 0
        ? h('p', { class: 'muted' }, 'No webhooks yet.')
        : h(
            'table',
            { class: 'data', id: 'webhooks' },
            h('thead', {}, h('tr', {}, ['Endpoint', 'Assessments', 'Events', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              webhooks.map((w) =>
                h(
                  'tr',
                  { 'data-webhook-id': w.id, class: w.enabled ? '' : 'archived' },
                  h('td', {}, h('code', {}, w.url)),
                  h('td', {}, w.assessmentId === null ? 'All mine' : (titles.get(w.assessmentId) ?? `#${w.assessmentId}`)),
                  h('td', {}, w.events.join(', ')),
                  h('td', {}, w.enabled ? 'enabled' : 'disabled'),
                  h(
                    'td',
                    { class: 'actions' },
                    button('Send test event', async () => {
                      await post(`/api/webhooks/${w.id}/test`);
                      await showLog(w, true);
                    }, { class: 'secondary' }),
                    ' ',
                    button('Delivery log', () => void showLog(w)),
                    ' ',
                    button(w.enabled ? 'Disable' : 'Enable', async () => {
                      await patch(`/api/webhooks/${w.id}`, { enabled: !w.enabled });
                      await refresh();
                    }),
                    ' ',
                    button('Delete', async () => {
                      if (!confirm(`Delete the webhook to ${w.url} and its delivery log?`)) return;
                      await del(`/api/webhooks/${w.id}`);
                      clear(log);
                      await refresh();
                    }, { class: 'danger' }),
                  ),
                ),
              ),
            ),
          ),
    );
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const made = await post<Hook & { secret: string }>('/api/webhooks', {
        url: url.value,
        events: checked(form, 'events'),
        ...(scope.value ? { assessmentId: Number(scope.value) } : {}),
      });
      clear(
        created,
        shownOnce('webhook-secret', 'Signing secret', made.secret),
        h('p', { class: 'muted' }, 'Each delivery carries ', h('code', {}, 'Assay-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">'), '. Verify it with this secret and refuse timestamps older than 5 minutes.'),
      );
      status(message, '');
      form.reset();
      await refresh();
    } catch (err) {
      status(message, errorMessage(err), 'error');
    }
  });
  section.append(h('h2', {}, 'Webhooks'), h('p', { class: 'muted' }, 'Signed POSTs when a candidate starts, a submission is scored, a candidate finishes; retried with backoff up to 5 times.'), form, created, list, log);
  await refresh();
}

export default async function recruiterIntegrationsPage(main: HTMLElement, me: Me | null): Promise<void> {
  if (!requireRole(me, ['recruiter', 'admin'])) return;
  document.title = 'Integrations · assay';
  const tokens = h('section', { id: 'api-tokens' });
  const hooks = h('section', { id: 'webhooks-section' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Integrations')), tokens, hooks);
  try {
    await tokensSection(tokens);
    await webhooksSection(hooks);
  } catch (err) {
    main.append(h('p', { class: 'status error', role: 'alert' }, errorMessage(err)));
  }
}
