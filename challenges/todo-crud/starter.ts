// Todo list REST API: see the statement for the full contract.
interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export default function register(app: any, ctx: any) {
  const todos = new Map<number, Todo>();

  app.get('/todos', (req: any, res: any) => {
    res.json([...todos.values()]);
  });

  // TODO: POST /todos, GET/PUT/PATCH/DELETE /todos/:id
}
