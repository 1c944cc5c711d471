// The signing scheme as a receiver checks it: Stripe's `t=…,v1=…` over "<t>.<body>".
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, verifySignature } from '../../../server/webhooks/signature';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'evt_1', type: 'invitation.started', created: '2026-11-30T00:00:00.000Z', data: {} });
  const now = 1_800_000_000;

  it('is HMAC-SHA256 of "<timestamp>.<body>" in hex, as any receiver can compute it', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    assert.equal(signatureHeader(secret, now, body), `t=${now},v1=${expected}`);
  });

  it('verifies the header it makes, and refuses another secret, another body, or an old timestamp', () => {
    const header = signatureHeader(secret, now, body);
    assert.ok(verifySignature(secret, header, body, { now }));
    assert.ok(!verifySignature(newWebhookSecret(), header, body, { now }));
    assert.ok(!verifySignature(secret, header, `${body} `, { now }));
    assert.ok(!verifySignature(secret, header, body, { now: now + 301 }));
    assert.ok(verifySignature(secret, header, body, { now: now + 299 }));
  });

  it('accepts any matching v1 (a rolled secret sends two) and ignores malformed parts', () => {
    const good = signatureHeader(secret, now, body).split(',')[1];
    assert.ok(verifySignature(secret, `t=${now},v1=00ff,${good},junk`, body, { now }));
    assert.ok(!verifySignature(secret, `v1=${good.slice(3)}`, body, { now }));
    assert.ok(!verifySignature(secret, `t=abc,${good}`, body, { now }));
  });

  it('makes secrets that are long and distinct', () => {
    const a = newWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a, newWebhookSecret());
  });
});
