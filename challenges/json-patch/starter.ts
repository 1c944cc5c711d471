// Apply a JSON Patch (RFC 6902): see the statement.
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

export function applyPatch(document: unknown, patch: Operation[]): unknown {
  // TODO
  return document;
}
