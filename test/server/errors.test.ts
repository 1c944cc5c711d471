import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Every error code the server sends is made in server/errors.ts, and a code always has the same status: a client
// may switch on the code alone. Read from the sources, so a new ad-hoc `new HttpError(…)` or `{error: {code…}}`
// elsewhere fails here, not in a client.
const SERVER = path.join(__dirname, '../../server');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'web' ? [] : sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('server/errors.ts', () => {
  const files = sources(SERVER);
  const errorsFile = path.join(SERVER, 'errors.ts');

  it('is the only file that makes an error with a literal code or writes an error body by hand', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file === errorsFile) continue;
      const text = readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/new HttpError\(\s*\d+\s*,\s*'/.test(line) || /error:\s*\{\s*code:/.test(line))
          offenders.push(`${path.relative(SERVER, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });

  it('gives each code one status', () => {
    const text = readFileSync(errorsFile, 'utf8');
    const statuses = new Map<string, Set<number>>();
    for (const m of text.matchAll(/new HttpError\(\s*(\d+)\s*,\s*'([a-z_]+)'/g)) {
      const set = statuses.get(m[2]) ?? new Set<number>();
      set.add(Number(m[1]));
      statuses.set(m[2], set);
    }
    assert.ok(statuses.size >= 25, `found only ${statuses.size} codes`);
    const twice = [...statuses].filter(([, s]) => s.size > 1).map(([code, s]) => `${code}: ${[...s].join(', ')}`);
    assert.deepEqual(twice, []);
    assert.deepEqual([...statuses.get('invitation_revoked')!], [410]);
  });
});
