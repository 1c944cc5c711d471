// Wrong: unescapes ~0 before ~1, so the key "~1" (written ~01) becomes "/".
export type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`"${pointer}" is not a JSON Pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~0/g, '~').replace(/~1/g, '/'));
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (forAdd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const i = Number(token);
  if (i > length || (!forAdd && i === length)) throw new PatchError(`index ${i} is out of bounds`);
  return i;
}

function parentOf(doc: Json, tokens: string[]): Json {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
    else throw new PatchError(`path not found at "${token}"`);
  }
  return node;
}

function get(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false)];
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return parent[last];
  throw new PatchError(`nothing at "${pointer}"`);
}

function add(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`cannot add into a ${typeof parent} at "${pointer}"`);
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document');
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw new PatchError(`nothing to remove at "${pointer}"`);
  return doc;
}

function deepEqual(a: Json, b: Json): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

export function applyPatch(document: unknown, patch: Operation[]): unknown {
  let doc = clone(document) as Json;
  for (const operation of patch) {
    switch (operation.op) {
      case 'add':
        doc = add(doc, operation.path, clone(operation.value) as Json);
        break;
      case 'remove':
        doc = remove(doc, operation.path);
        break;
      case 'replace':
        if (operation.path === '') {
          doc = clone(operation.value) as Json;
          break;
        }
        get(doc, operation.path);
        doc = add(remove(doc, operation.path), operation.path, clone(operation.value) as Json);
        break;
      case 'move': {
        if (operation.path.startsWith(`${operation.from}/`)) throw new PatchError('cannot move a value into itself');
        const value = get(doc, operation.from);
        doc = add(remove(doc, operation.from), operation.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, operation.path, clone(get(doc, operation.from)));
        break;
      case 'test':
        if (!deepEqual(get(doc, operation.path), operation.value as Json)) throw new PatchError(`test failed at "${operation.path}"`);
        break;
      default:
        throw new PatchError(`unknown op ${JSON.stringify((operation as { op: unknown }).op)}`);
    }
  }
  return doc;
}
