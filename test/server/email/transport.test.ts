// What is kept of an SMTP failure: the server's answer, never the URL's credentials; 5xx is final, the rest retried.
import assert from 'node:assert/strict';
import { redact, toSendError } from '../../../server/email/transport';

describe('email transport errors', () => {
  it('redacts every secret, longest first', () => {
    assert.equal(redact('login as u with p%40ss and p@ss', ['p%40ss', 'p@ss']), 'login as u with *** and ***');
  });

  it('a 5xx reply (or nodemailer\'s permanent flag) is permanent; 4xx and socket errors are not', () => {
    assert.equal(toSendError(Object.assign(new Error('Invalid login: 535 no'), { responseCode: 535 }), []).permanent, true);
    assert.equal(toSendError(Object.assign(new Error('x'), { permanent: true }), []).permanent, true);
    assert.equal(toSendError(Object.assign(new Error('451 later'), { responseCode: 451 }), []).permanent, false);
    assert.equal(toSendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }), []).permanent, false);
    assert.equal(toSendError(new Error('y'.repeat(2000)), []).message.length, 500);
  });
});
