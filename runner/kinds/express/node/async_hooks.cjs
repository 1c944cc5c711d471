// node:async_hooks: there is one request at a time in the sandbox, so no context to carry.
class AsyncResource {
  constructor() {}
  runInAsyncScope(fn, thisArg, ...args) { return fn.apply(thisArg, args); }
  bind(fn) { return fn; }
  static bind(fn) { return fn; }
  emitDestroy() { return this; }
}
class AsyncLocalStorage {
  constructor() { this.store = undefined; }
  getStore() { return this.store; }
  run(store, fn, ...args) { const prev = this.store; this.store = store; try { return fn(...args); } finally { this.store = prev; } }
  enterWith(store) { this.store = store; }
}
exports.AsyncResource = AsyncResource;
exports.AsyncLocalStorage = AsyncLocalStorage;
