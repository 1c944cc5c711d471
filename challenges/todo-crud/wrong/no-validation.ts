// Known wrong: trusts the body (no 400s, no trimming, no type checks).
export default function register(app: any) {
  const todos = new Map<number, any>();
  let nextId = 1;
  const notFound = (res: any) => res.status(404).json({ error: 'not_found', message: 'no such todo' });

  app.post('/todos', (req: any, res: any) => {
    const todo = { id: nextId++, title: req.body?.title, done: req.body?.done ?? false };
    todos.set(todo.id, todo);
    res.status(201).set('Location', `/todos/${todo.id}`).json(todo);
  });
  app.get('/todos', (req: any, res: any) => {
    let list = [...todos.values()];
    if (req.query.done !== undefined) list = list.filter((t) => String(t.done) === req.query.done);
    res.json(list);
  });
  app.get('/todos/:id', (req: any, res: any) => {
    const todo = todos.get(Number(req.params.id));
    return todo ? res.json(todo) : notFound(res);
  });
  app.put('/todos/:id', (req: any, res: any) => {
    const todo = todos.get(Number(req.params.id));
    if (!todo) return notFound(res);
    Object.assign(todo, { title: req.body.title, done: req.body.done });
    res.json(todo);
  });
  app.patch('/todos/:id', (req: any, res: any) => {
    const todo = todos.get(Number(req.params.id));
    if (!todo) return notFound(res);
    Object.assign(todo, req.body);
    res.json(todo);
  });
  app.delete('/todos/:id', (req: any, res: any) => {
    if (!todos.delete(Number(req.params.id))) return notFound(res);
    res.status(204).end();
  });
}
