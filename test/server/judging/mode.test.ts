// Which queue a configuration gets, and the combinations refused at start.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../server/config';

const base = { SESSION_SECRET: 'mode-test-secret-mode-test', DATA_DIR: '/tmp/assay-mode-test' };

describe('queue modes', () => {
  it('embedded by default, pg-boss with a PostgreSQL server, local on request', () => {
    assert.equal(loadConfig(base).queue, 'local');
    assert.equal(loadConfig({ ...base, DATABASE_URL: 'postgres://db/assay' }).queue, 'pg-boss');
    assert.equal(loadConfig({ ...base, DATABASE_URL: 'postgres://db/assay', QUEUE: 'local' }).queue, 'local');
    assert.equal(loadConfig({ ...base, DATABASE_URL: 'postgres://db/assay', WORKERS: '0' }).workers, 0);
  });

  it('refuses pg-boss on the embedded PGlite, and a pure API server with nothing else to judge', () => {
    assert.throws(() => loadConfig({ ...base, QUEUE: 'pg-boss' }), (err: Error) => err instanceof ConfigError && /needs DATABASE_URL/.test(err.message));
    assert.throws(() => loadConfig({ ...base, WORKERS: '0' }), (err: Error) => err instanceof ConfigError && /WORKERS=0/.test(err.message));
  });
});
