// The attempt's POST against a real loopback receiver: refused by default (an IP literal before connecting, a
// name when its resolved address is checked at connect time), sent with WEBHOOK_ALLOW_PRIVATE.
import assert from 'node:assert/strict';
import { postJson, RefusedTarget } from '../../../server/webhooks/httpPost';
import { startReceiver, type Receiver } from '../../helpers/webhookReceiver';

describe('webhook POST', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver.close());

  const port = () => new URL(receiver.url).port;
  const send = (url: string, allowPrivate: boolean) => postJson(url, { 'content-type': 'application/json' }, '{"a":1}', { allowPrivate, timeoutMs: 5000 });

  it('refuses loopback by default, whether written as an address or a name, and sends nothing', async () => {
    for (const url of [`http://127.0.0.1:${port()}/x`, `http://[::1]:${port()}/x`, `http://localhost:${port()}/x`, 'http://169.254.169.254/latest/meta-data'])
      await assert.rejects(send(url, false), (err: Error) => err instanceof RefusedTarget && /private or loopback/.test(err.message), url);
    assert.equal(receiver.received.length, 0);
  });

  it('sends with the setting, and returns the status without following a redirect', async () => {
    receiver.answers = [302];
    assert.equal(await send(`http://localhost:${port()}/ok`, true), 302);
    assert.equal(await send(`http://127.0.0.1:${port()}/ok`, true), 200);
    assert.deepEqual(receiver.received.map((r) => [r.path, r.body]), [['/ok', '{"a":1}'], ['/ok', '{"a":1}']]);
  });

  it('refuses non-http schemes', async () => {
    await assert.rejects(send('ftp://127.0.0.1/x', true), /http or https/);
  });
});
