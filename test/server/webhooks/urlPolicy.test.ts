// SSRF rules for webhook URLs: http(s) only, no credentials, and (unless WEBHOOK_ALLOW_PRIVATE) no address in
// the server's own networks, checked on what the name resolves to at each attempt.
import assert from 'node:assert/strict';
import { isPrivateAddress, webhookUrlProblem } from '../../../server/webhooks/urlPolicy';

describe('webhook URL policy', () => {
  it('wants http or https without credentials', () => {
    assert.equal(webhookUrlProblem('https://ats.example.com/hook'), null);
    assert.equal(webhookUrlProblem('http://ats.example.com:8080/hook?x=1'), null);
    for (const bad of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x/', 'not a url']) assert.ok(webhookUrlProblem(bad), bad);
    assert.match(String(webhookUrlProblem('https://u:p@example.com/')), /credentials/);
  });

  it('knows loopback, private, link-local (cloud metadata), CGNAT, unspecified and IPv6 local ranges', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])
      assert.ok(isPrivateAddress(a), a);
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) assert.ok(!isPrivateAddress(a), a);
  });
});
