import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../server/logger';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('logger', () => {
  it('writes human-readable lines when asked for (a terminal), with no JSON and no password', () => {
    const out = capture();
    const logger = createLogger('info', { pretty: true, destination: out.stream });
    logger.info({ slug: 'todo-crud', password: 'hunter2-secret' }, 'challenge version validated');
    const text = out.text();
    assert.match(text, /^\[\d\d:\d\d:\d\d\] INFO: challenge version validated \{"slug":"todo-crud"/);
    assert.equal(text.trim().split('\n').length, 1, 'one line per event');
    assert.doesNotMatch(text, /"level"|"time"|"service"/, 'not the raw JSON record');
    assert.doesNotMatch(text, /hunter2-secret/);
  });

  it('writes one JSON object per line otherwise (a pipe or a file)', () => {
    const out = capture();
    const logger = createLogger('info', { pretty: false, destination: out.stream });
    logger.info({ slug: 'todo-crud', password: 'hunter2-secret' }, 'challenge version validated');
    const line = JSON.parse(out.text().trim());
    assert.equal(line.msg, 'challenge version validated');
    assert.equal(line.service, 'assay');
    assert.equal(line.password, '[Redacted]');
  });
});
