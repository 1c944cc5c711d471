import assert from 'node:assert/strict';
import { checkExpected, isMatcher, matchValue, type MatchMode } from '../../../runner/apiTests/matchers';

function diff(expected: unknown, actual: unknown, mode: MatchMode = 'exact', numericStrings = false): string[] {
  const out: string[] = [];
  matchValue(expected, actual, mode, 'body', out, { numericStrings });
  return out;
}

describe('matchers', () => {
  it('recognises a matcher only when every key starts with $', () => {
    assert.ok(isMatcher({ $type: 'string' }));
    assert.ok(!isMatcher({}));
    assert.ok(!isMatcher({ a: 1 }));
    assert.ok(!isMatcher(['$type']));
  });

  it('$any / $present accept any value but not absence; $absent rejects a present key', () => {
    assert.deepEqual(diff({ id: { $any: true } }, { id: null }), []);
    assert.deepEqual(diff({ id: { $present: true } }, {}), ['body.id: missing (expected any value)']);
    assert.deepEqual(diff({ password: { $absent: true }, a: 1 }, { a: 1 }), []);
    assert.deepEqual(diff({ password: { $absent: true } }, { password: 'x' }, 'subset'), ['body.password: expected absent, got "x"']);
  });

  it('$type checks JSON types, integer included, and lists of types', () => {
    assert.deepEqual(diff({ $type: 'string' }, 'x'), []);
    assert.deepEqual(diff({ $type: 'integer' }, 3), []);
    assert.deepEqual(diff({ $type: 'integer' }, 3.5), ['body: expected of type integer, got 3.5']);
    assert.deepEqual(diff({ $type: ['string', 'null'] }, null), []);
    assert.deepEqual(diff({ $type: 'object' }, []), ['body: expected of type object, got []']);
  });

  it('$match names formats: uuid, timestamp, date, email, uri, http-date, integer', () => {
    assert.deepEqual(diff({ $match: 'uuid' }, '3b241101-e2bb-4255-8caf-4136c566a962'), []);
    assert.equal(diff({ $match: 'uuid' }, 'not-a-uuid').length, 1);
    assert.deepEqual(diff({ $match: 'timestamp' }, '2024-06-10T06:13:20.000Z'), []);
    assert.deepEqual(diff({ $match: 'timestamp' }, '2024-06-10T06:13:20+02:00'), []);
    assert.deepEqual(diff({ $match: 'timestamp' }, '2024-06-10 06:13'), ['body: expected an ISO-8601 timestamp, got "2024-06-10 06:13"']);
    assert.equal(diff({ $match: 'timestamp' }, 1718000000000).length, 1);
    assert.deepEqual(diff({ $match: 'date' }, '2024-02-29'), []);
    assert.equal(diff({ $match: 'date' }, '2023-02-29').length, 1);
    assert.deepEqual(diff({ $match: 'email' }, 'a@b.io'), []);
    assert.deepEqual(diff({ $match: 'http-date' }, 'Mon, 10 Jun 2024 06:13:20 GMT'), []);
    assert.deepEqual(diff({ $match: 'integer' }, '42'), []);
  });

  it('$regex with $flags', () => {
    assert.deepEqual(diff({ $regex: '^tok_[a-f0-9]{8}$' }, 'tok_0123abcd'), []);
    assert.deepEqual(diff({ $regex: '^abc$', $flags: 'i' }, 'ABC'), []);
    assert.deepEqual(diff({ $regex: '^a' }, 'b'), ['body: expected a string matching /^a/, got "b"']);
    assert.equal(diff({ $regex: '^1' }, 1).length, 1);
  });

  it('number comparisons combine into ranges; timestamp bounds compare timestamps; headers read numbers', () => {
    assert.deepEqual(diff({ $gte: 1, $lte: 10 }, 10), []);
    assert.deepEqual(diff({ $gt: 1, $lt: 10 }, 10), ['body: expected > 1 and < 10, got 10']);
    assert.equal(diff({ $gte: 1 }, '5').length, 1);
    assert.deepEqual(diff({ $gte: 1 }, '5', 'exact', true), []);
    assert.deepEqual(diff({ $gte: '2024-01-01T00:00:00Z' }, '2024-06-10T06:13:20.000Z'), []);
    assert.equal(diff({ $lt: '2024-01-01T00:00:00Z' }, '2024-06-10T06:13:20.000Z').length, 1);
  });

  it('$len on arrays and strings, with a count or a matcher', () => {
    assert.deepEqual(diff({ $len: 3 }, [1, 2, 3]), []);
    assert.deepEqual(diff({ $len: 2 }, [1, 2, 3]), ['body: expected of length 2, got [1,2,3]']);
    assert.deepEqual(diff({ $len: { $gte: 32 } }, 'x'.repeat(40)), []);
    assert.equal(diff({ $len: 1 }, 5).length, 1);
  });

  it('$unordered pairs items one to one, whatever their order, overlapping matchers included', () => {
    assert.deepEqual(diff({ $unordered: [1, 2, 3] }, [3, 1, 2]), []);
    assert.deepEqual(diff({ $unordered: [{ $type: 'number' }, 1] }, [1, 2]), []);
    assert.deepEqual(diff({ $unordered: [1, 1] }, [1, 2]), ['body: no item matches 1 (expected item 2 of 2, any order)']);
    assert.deepEqual(diff({ $unordered: [1] }, [1, 2]), ['body: expected 1 items in any order, got 2']);
    assert.deepEqual(diff({ $unordered: [{ id: 2 }, { id: 1 }] }, [{ id: 1, x: 1 }, { id: 2 }], 'subset'), []);
  });

  it('$contains finds an item in an array or a substring', () => {
    assert.deepEqual(diff({ $contains: { id: 2 } }, [{ id: 1 }, { id: 2 }]), []);
    assert.deepEqual(diff({ $contains: { id: 3 } }, [{ id: 1 }]), ['body: expected containing {"id":3}, got [{"id":1}]']);
    assert.deepEqual(diff({ $contains: 'max-age=60' }, 'public, max-age=60'), []);
  });

  it('$schema validates with ajv and its formats, naming the failing place', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };
    assert.deepEqual(diff({ $schema: schema }, { id: '3b241101-e2bb-4255-8caf-4136c566a962' }), []);
    const [line] = diff({ $schema: schema }, { id: 'x' });
    assert.match(line, /^body\.id: does not match the JSON Schema \(must match format "uuid"\)/);
  });

  it('$exact and $subset switch the mode of a node and its descendants', () => {
    assert.deepEqual(diff({ a: { $exact: { b: 1 } } }, { a: { b: 1, c: 2 }, d: 3 }, 'subset'), ['body.a.c: unexpected (got 2)']);
    assert.deepEqual(diff({ a: { $subset: { b: 1 } }, d: 3 }, { a: { b: 1, c: 2 }, d: 3 }, 'exact'), []);
  });

  it('$eq compares a literal, even one with $ keys; $in accepts any of a list', () => {
    assert.deepEqual(diff({ $eq: { $ref: '#/a' } }, { $ref: '#/a' }), []);
    assert.deepEqual(diff({ $in: ['open', 'closed'] }, 'closed'), []);
    assert.deepEqual(diff({ $in: ['open', 'closed'] }, 'all'), ['body: expected one of ["open","closed"], got "all"']);
  });

  it('$not negates a value or a matcher (a second token differs from the first)', () => {
    assert.deepEqual(diff({ $not: 'tok_1' }, 'tok_2'), []);
    assert.deepEqual(diff({ $not: 'tok_1' }, 'tok_1'), ['body: expected not "tok_1", got "tok_1"']);
    assert.deepEqual(diff({ $not: { $type: 'null' } }, 1), []);
  });

  it('a matcher fails on an absent value, inside arrays too', () => {
    assert.deepEqual(diff([{ $type: 'number' }], []), ['body: expected 1 items, got 0']);
    assert.deepEqual(diff({ $type: 'string' }, undefined), ['body: expected of type string, got nothing']);
  });
});

describe('checkExpected (the syntax check behind the challenge parser)', () => {
  it('accepts plain values and valid matchers', () => {
    assert.deepEqual(checkExpected({ a: [1, { $type: 'string' }], b: { $len: { $gte: 1 } }, c: { $regex: 'x', $flags: 'i' } }), []);
  });

  it('names the place of each mistake', () => {
    assert.deepEqual(checkExpected({ a: { $tpye: 'string' } }, ['body']).map((i) => i.path), [['body', 'a', '$tpye']]);
    assert.match(checkExpected({ $type: 'text' })[0].message, /^\$type: takes one of/);
    assert.match(checkExpected({ $regex: '(' })[0].message, /^\$regex: Invalid regular expression/);
    assert.match(checkExpected({ $match: 'ulid' })[0].message, /^\$match: takes one of uuid/);
    assert.match(checkExpected({ $type: 'string', id: 1 })[0].message, /mixes matcher keys/);
    assert.match(checkExpected({ $exact: { a: 1 }, $len: 1 })[0].message, /only key/);
    assert.match(checkExpected({ $schema: { type: 'nope' } })[0].message, /invalid JSON Schema/);
    assert.match(checkExpected({ $gte: 'yesterday' })[0].message, /ISO-8601/);
    assert.deepEqual(checkExpected({ $unordered: [{ $absent: 1 }] }).map((i) => i.path), [['$unordered', 0, '$absent']]);
  });
});
