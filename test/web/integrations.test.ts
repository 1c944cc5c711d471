// Integrations in the browser: a recruiter creates an API token (shown once, copyable, then only its prefix),
// uses it, revokes it; adds a webhook (secret shown once), sends a test event to a real receiver on loopback
// that answers 500 first, and watches the delivery log show both attempts. Any console error fails the test.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { verifySignature } from '../../server/webhooks/signature';
import { browserSuite, screenshot } from '../helpers/browser';
import { Client } from '../helpers/client';
import { buildUser } from '../helpers/platform';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';

describe('web: integrations (API tokens and webhooks)', function () {
  this.timeout(120_000);
  const suite = browserSuite('integrations', { env: () => ({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '500', WEBHOOK_POLL_MS: '100' }) });
  let platform: Platform;
  let receiver: Receiver;

  before(async () => {
    platform = suite.platform;
    receiver = await startReceiver();
  });
  after(() => receiver?.close());

  it('creates a token shown once, which then authenticates the API, and revokes it', async () => {
    const user = await buildUser(platform, 'recruiter');
    const page = await suite.logIn(user);
    await page.waitForURL('**/recruiter');
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.waitForURL('**/recruiter/integrations');
    await page.getByLabel('Token name').fill('Greenhouse sync');
    await page.getByLabel(/write — create/).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('#token-secret code').innerText()).trim();
    assert.match(secret, /^assay_pat_/);
    await page.locator('#token-secret').getByRole('button', { name: 'Copy' }).click();
    await page.locator('#token-secret .status').filter({ hasText: /Copied|Selected/ }).waitFor();
    const row = page.locator('#tokens tbody tr').first();
    assert.match(await row.innerText(), /Greenhouse sync[\s\S]*assay_pat_[\s\S]*read, write[\s\S]*never[\s\S]*active/);
    await screenshot(page, 'integrations-01-token-created');

    const api = new Client(platform.url);
    assert.equal((await api.get('/api/assessments', { authorization: `Bearer ${secret}` })).status, 200);
    await page.reload();
    await page.locator('#tokens').waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
    await page.locator('#tokens tbody tr').first().locator('td').nth(4).filter({ hasNotText: 'never' }).waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke Greenhouse sync' }).click();
    await page.locator('#tokens tbody tr').first().filter({ hasText: 'revoked' }).waitFor();
    assert.equal((await api.get('/api/assessments', { authorization: `Bearer ${secret}` })).status, 401);
    await screenshot(page, 'integrations-02-token-revoked');
  });

  it('adds a webhook, sends a test event that is retried after a 500, and shows the delivery log', async () => {
    const user = await buildUser(platform, 'recruiter');
    const page = await suite.logIn(user);
    await page.waitForURL('**/recruiter');
    await page.goto('/recruiter/integrations');
    await page.getByLabel('Endpoint URL').fill(`${receiver.url}/web`);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.locator('#webhook-secret code').innerText()).trim();
    assert.match(secret, /^whsec_/);
    assert.match(await page.locator('#webhooks tbody tr').first().innerText(), /\/web[\s\S]*All mine[\s\S]*invitation\.finished, invitation\.started, submission\.scored[\s\S]*enabled/);
    await screenshot(page, 'integrations-03-webhook-created');

    receiver.answers = [500];
    await page.getByRole('button', { name: 'Send test event' }).click();
    const delivered = page.locator('#deliveries tbody tr[data-status="delivered"]');
    await delivered.waitFor({ timeout: 20_000 });
    const attempts = await delivered.locator('td.attempts').innerText();
    assert.match(attempts, /1\. 500 · \d+ ms · the receiver answered 500\s+2\. 200 · \d+ ms/);
    const got = receiver.received.filter((r) => r.path === '/web');
    assert.equal(got.length, 2);
    assert.equal(got[1].json.type, 'webhook.test');
    assert.ok(verifySignature(secret, String(got[1].headers['assay-signature']), got[1].body), 'signed with the secret the page showed');
    await screenshot(page, 'integrations-04-delivery-log');

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.locator('#webhooks tbody tr').first().filter({ hasText: 'disabled' }).waitFor();
  });
});
