// SMTP_URL and MAIL_FROM as server/config.ts parses them.
import assert from 'node:assert/strict';
import { ConfigError, defaultMailFrom, loadConfig } from '../../../server/config';

describe('email settings', () => {
  const base = { NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/assay-config-test' };

  it('SMTP_URL: smtp:// and smtps:// accepted; anything else refused without echoing the value', () => {
    assert.equal(loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.test:465' }).smtpUrl, 'smtps://u:p@mail.example.test:465');
    assert.equal(loadConfig({ ...base }).smtpUrl, undefined);
    assert.throws(
      () => loadConfig({ ...base, SMTP_URL: 'http://u:hunter2@mail.example.test' }),
      (err: Error) => err instanceof ConfigError && err.message.includes('SMTP_URL') && !err.message.includes('hunter2'),
    );
  });

  it('MAIL_FROM defaults to no-reply at the PUBLIC_URL domain, else at localhost', () => {
    assert.equal(loadConfig({ ...base, PUBLIC_URL: 'https://assess.acme.test' }).mailFrom, 'assay <no-reply@assess.acme.test>');
    assert.equal(defaultMailFrom('http://127.0.0.1:3000'), 'assay <no-reply@localhost>');
    assert.equal(defaultMailFrom(undefined), 'assay <no-reply@localhost>');
    assert.equal(loadConfig({ ...base, MAIL_FROM: 'Hiring <jobs@acme.test>' }).mailFrom, 'Hiring <jobs@acme.test>');
    assert.throws(() => loadConfig({ ...base, MAIL_FROM: 'nobody' }), ConfigError);
  });
});
