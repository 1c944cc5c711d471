// The message templates on their own: user input escaped in HTML, kept to one line in the subject, the link in
// both bodies, and the wording for a candidate who has started or not.
import assert from 'node:assert/strict';
import { escapeHtml, invitationEmail, oneLine, reminderEmail } from '../../../server/email/templates';

const facts = {
  assessmentTitle: `<img src=x onerror="alert(1)"> & co`,
  inviterName: `Grace "<b>" Hopper`,
  link: 'https://assay.example.test/invite/abc_DEF-123',
  timeLimitMinutes: 120,
  expiresAt: new Date('2026-12-07T09:30:00Z'),
};

describe('email templates', () => {
  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('oneLine drops control characters (no header injection) and caps the length', () => {
    assert.equal(oneLine('a\r\nBcc: x@y\tz'), 'a Bcc: x@y z');
    assert.equal(oneLine('x'.repeat(200)).length, 150);
  });

  it('invitation: the link in text and HTML, user input escaped only in HTML, times in UTC', () => {
    const m = invitationEmail(facts);
    assert.equal(m.subject, `You are invited to the assessment "<img src=x onerror="alert(1)"> & co"`);
    assert.ok(m.text.includes(facts.link));
    assert.ok(m.text.includes('Grace "<b>" Hopper invites you'));
    assert.ok(m.text.includes('2 hours') && m.text.includes('2026-12-07 09:30 UTC'));
    assert.ok(m.html.includes(`<a href="${facts.link}"`));
    assert.ok(m.html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co'));
    assert.ok(m.html.includes('Grace &quot;&lt;b&gt;&quot; Hopper'));
    assert.equal(m.html.includes('<img'), false);
    assert.equal(m.html.includes('<b>'), false);
  });

  it('a link with HTML specials cannot leave its attribute', () => {
    const m = invitationEmail({ ...facts, link: 'https://x.test/invite/a"onmouseover="alert(1)' });
    assert.ok(m.html.includes('href="https://x.test/invite/a&quot;onmouseover=&quot;alert(1)"'));
  });

  it('reminder: not started says so with the expiry; started gives the deadline; both say the old link is replaced', () => {
    const notStarted = reminderEmail({ ...facts, startedAt: null, deadlineAt: null });
    assert.match(notStarted.subject, /^Reminder: your invitation/);
    assert.ok(notStarted.text.includes('You have not started it yet') && notStarted.text.includes('2026-12-07 09:30 UTC'));
    const started = reminderEmail({ ...facts, startedAt: new Date('2026-12-01T10:00:00Z'), deadlineAt: new Date('2026-12-01T12:00:00Z') });
    assert.match(started.subject, /^Reminder: finish the assessment/);
    assert.ok(started.text.includes('your time ends at 2026-12-01 12:00 UTC'));
    for (const m of [notStarted, started]) {
      assert.ok(m.text.includes(facts.link) && m.html.includes(`href="${facts.link}"`));
      assert.ok(m.text.includes('replaces the one in earlier emails'));
    }
  });
});
