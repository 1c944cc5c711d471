// Captures and matchers through the whole API kind: a server that generates its ids and tokens is
// judged without the test knowing them, and the step detail shows the substituted request.
import assert from 'node:assert/strict';
import { judgeToResult } from '../../../runner/judge';
import type { TestFinished } from '../../../runner/types';
import { buildApiChallenge } from '../factories';

// A stand-in for a server's randomness: ids and tokens that differ on every run.
const SERVER = `export default (app, ctx) => {
  const notes = new Map();
  const salt = Math.random().toString(16).slice(2, 10);
  let n = 0;
  app.post('/notes', (req, res) => {
    const id = 'n_' + salt + (++n);
    const note = { id, text: req.body.text, createdAt: new Date(ctx.now()).toISOString() };
    notes.set(id, note);
    res.status(201).set('Location', '/notes/' + id).json(note);
  });
  app.get('/notes/:id', (req, res) => {
    const note = notes.get(req.params.id);
    if (!note) return res.status(404).json({ error: 'not_found' });
    res.json(note);
  });
  app.get('/notes', (req, res) => res.json([...notes.values()].reverse()));
};`;

const TESTS = [
  {
    name: 'create then read by the captured id',
    visibility: 'hidden' as const,
    steps: [
      {
        request: { method: 'POST', path: '/notes', body: { text: 'a' } },
        expect: { status: 201, headers: { location: { $regex: '^/notes/n_' } }, body: { id: { $regex: '^n_' }, text: 'a', createdAt: { $match: 'timestamp' } } },
        capture: { id: '$.id', where: 'headers.location' },
      },
      { request: { method: 'POST', path: '/notes', body: { text: 'b' } }, expect: { status: 201 }, capture: { second: 'body.id' } },
      { request: { method: 'GET', path: '{{where}}' }, expect: { status: 200, body: { id: '{{id}}', text: 'a', createdAt: { $gte: '2023-01-01T00:00:00Z' } } } },
      { request: { method: 'GET', path: '/notes' }, expect: { status: 200, body: { $unordered: [{ $subset: { id: '{{id}}' } }, { $subset: { id: '{{second}}' } }] } } },
    ],
  },
];

describe('api kind: captures and matchers', function () {
  this.timeout(20_000);

  it('accepts a server whose ids it cannot know in advance', async () => {
    const { finished, events } = await judgeToResult(buildApiChallenge(TESTS), { code: SERVER, language: 'typescript' });
    const test = events.find((e): e is TestFinished => e.type === 'test:finished')!;
    assert.equal(finished.verdict, 'accepted', test.detail?.message);
    const third = test.detail!.steps![2];
    assert.match(String((third.request as { path: string }).path), /^\/notes\/n_[0-9a-f]+1$/);
  });

  it('fails a step whose capture finds nothing, naming the capture', async () => {
    const code = SERVER.replace("res.status(201).set('Location', '/notes/' + id).json(note)", "res.status(201).set('Location', '/notes/' + id).json({ ...note, id: undefined, noteId: id })");
    const tests = [{ ...TESTS[0], steps: [{ ...TESTS[0].steps[0], expect: { status: 201 } }, TESTS[0].steps[2]] }];
    const { finished, events } = await judgeToResult(buildApiChallenge(tests), { code, language: 'typescript' });
    const test = events.find((e): e is TestFinished => e.type === 'test:finished')!;
    assert.equal(finished.verdict, 'wrong_answer');
    assert.match(test.detail!.message!, /^step 1 \(POST \/notes\): capture id: \$\.id: no "id" in/);
  });
});
