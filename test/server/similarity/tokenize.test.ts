import assert from 'node:assert/strict';
import { tokenize, tokenizeJs, tokenizeSql } from '../../../server/similarity/tokenize';

const texts = (tokens: Array<{ text: string }>) => tokens.map((t) => t.text).join(' ');

describe('similarity tokenizer', () => {
  it('turns identifiers into V and literals into L, keeping keywords and operators', () => {
    assert.equal(texts(tokenizeJs(`const total = price * 2 + "tax";`)), 'const V = V * L + L ;');
    assert.equal(texts(tokenizeJs(`if (a !== b) return x?.y ?? null;`)), 'if ( V !== V ) return V ?. V ?? null ;');
  });

  it('drops comments and whitespace, so layout and comments do not matter', () => {
    const a = tokenizeJs('let a = 1; // one\n/* block\ncomment */ let b = a;');
    const b = tokenizeJs('let   x=1;\n\n\nlet y=x;');
    assert.equal(texts(a), texts(b));
  });

  it('keeps line numbers of tokens', () => {
    const tokens = tokenizeJs('const a = 1;\n\n/* x\n y */\nreturn a;');
    assert.deepEqual(
      tokens.map((t) => t.line),
      [1, 1, 1, 1, 1, 5, 5, 5],
    );
  });

  it('treats template literals as literals and their interpolations as code', () => {
    assert.equal(texts(tokenizeJs('const s = `/todos/${todo.id}/x`;')), 'const V = L V . V L ;');
    assert.equal(texts(tokenizeJs('f(`a${ {k: 1}.k }b`)')), 'V ( L { V : L } . V L )');
  });

  it('tells a regular expression from a division', () => {
    assert.equal(texts(tokenizeJs('const r = /^[1-9]\\d*$/.test(id);')), 'const V = L . V ( V ) ;');
    assert.equal(texts(tokenizeJs('const half = total / 2 / n;')), 'const V = V / L / V ;');
  });

  it('never throws on broken input', () => {
    for (const src of ['"unterminated', '`${', '/* open', "'a\n", '/[/', '}}}}`']) {
      assert.ok(Array.isArray(tokenizeJs(src)));
      assert.ok(Array.isArray(tokenizeSql(src)));
    }
  });

  it('normalises SQL: case-insensitive keywords, identifiers, strings, numbers and parameters', () => {
    assert.equal(
      texts(tokenizeSql(`SELECT e.name AS "Full Name" FROM employees e WHERE e.salary > 10.5 AND e.dept = 'it''s' -- c\n AND id = $1`)),
      'select V . V as V from V V where V . V > L and V . V = L and V = L',
    );
    assert.equal(texts(tokenize('select count(*) from t', 'sql')), texts(tokenize('SELECT COUNT( * ) FROM other_table', 'sql')));
    assert.equal(texts(tokenizeSql('select $$a;b$$, 1e-3')), 'select L , L');
  });
});
