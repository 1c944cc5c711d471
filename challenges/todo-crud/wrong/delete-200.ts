// Known wrong: DELETE answers 200 with the todo, and ids restart from the list size (reused after a delete).
interface Todo {
  id: number;
  title: string;
  done: boolean;
}

type Req = { params: Record<string, string>; query: Record<string, string | string[]>; body: unknown };
type Res = { status(code: number): Res; json(v: unknown): Res; set(n: string, v: string): Res; end(): Res };

function validTitle(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0 && v.trim().length <= 200;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export default function register(app: any) {
  const todos = new Map<number, Todo>();
  let nextId = 1;

  const invalid = (res: Res, message: string) => res.status(400).json({ error: 'validation_failed', message });
  const notFound = (res: Res, id: string) => res.status(404).json({ error: 'not_found', message: `todo ${id} does not exist` });
  const find = (id: string): Todo | undefined => (/^[1-9]\d*$/.test(id) ? todos.get(Number(id)) : undefined);

  app.post('/todos', (req: Req, res: Res) => {
    const body = req.body;
    if (!isObject(body)) return invalid(res, 'the body must be a JSON object');
    if (!validTitle(body.title)) return invalid(res, 'title must be a non-empty string of at most 200 characters');
    if (body.done !== undefined && typeof body.done !== 'boolean') return invalid(res, 'done must be a boolean');
    const todo: Todo = { id: todos.size + 1, title: body.title.trim(), done: body.done ?? false };
    todos.set(todo.id, todo);
    res.status(201).set('Location', `/todos/${todo.id}`).json(todo);
  });

  app.get('/todos', (req: Req, res: Res) => {
    let list = [...todos.values()].sort((a, b) => a.id - b.id);
    const done = req.query.done;
    if (done === 'true' || done === 'false') list = list.filter((t) => t.done === (done === 'true'));
    res.json(list);
  });

  app.get('/todos/:id', (req: Req, res: Res) => {
    const todo = find(req.params.id);
    if (!todo) return notFound(res, req.params.id);
    res.json(todo);
  });

  app.put('/todos/:id', (req: Req, res: Res) => {
    const todo = find(req.params.id);
    if (!todo) return notFound(res, req.params.id);
    const body = req.body;
    if (!isObject(body)) return invalid(res, 'the body must be a JSON object');
    if (!validTitle(body.title)) return invalid(res, 'title must be a non-empty string of at most 200 characters');
    if (typeof body.done !== 'boolean') return invalid(res, 'done must be a boolean');
    todo.title = body.title.trim();
    todo.done = body.done;
    res.json(todo);
  });

  app.patch('/todos/:id', (req: Req, res: Res) => {
    const todo = find(req.params.id);
    if (!todo) return notFound(res, req.params.id);
    const body = req.body;
    if (!isObject(body)) return invalid(res, 'the body must be a JSON object');
    if (body.title !== undefined && !validTitle(body.title)) return invalid(res, 'title must be a non-empty string of at most 200 characters');
    if (body.done !== undefined && typeof body.done !== 'boolean') return invalid(res, 'done must be a boolean');
    if (body.title !== undefined) todo.title = (body.title as string).trim();
    if (body.done !== undefined) todo.done = body.done as boolean;
    res.json(todo);
  });

  app.delete('/todos/:id', (req: Req, res: Res) => {
    const todo = find(req.params.id);
    if (!todo) return notFound(res, req.params.id);
    todos.delete(todo.id);
    res.json(todo);
  });
}
