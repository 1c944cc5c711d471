// `merge-descriptors`, as Express uses it to make every app (express() copies the application prototype and
// EventEmitter's onto a new function): the descriptors of a source are read once and applied with one
// Object.defineProperties, which halves the cost of express() in a fresh isolate. The sources are frozen by
// the lockdown; their copies stay writable and configurable, as they are on a real server.
const cache = new WeakMap();

function descriptorsOf(source) {
  let entry = cache.get(source);
  if (entry === undefined) {
    const names = Object.getOwnPropertyNames(source);
    const all = {};
    for (const name of names) {
      const d = Object.getOwnPropertyDescriptor(source, name);
      if ('value' in d) d.writable = true;
      d.configurable = true;
      all[name] = d;
    }
    entry = { names, all };
    cache.set(source, entry);
  }
  return entry;
}

module.exports = function mergeDescriptors(destination, source, overwrite = true) {
  if (!destination) throw new TypeError('The `destination` argument is required.');
  if (!source) throw new TypeError('The `source` argument is required.');
  const { names, all } = descriptorsOf(source);
  let chosen = all;
  if (!overwrite) {
    chosen = {};
    for (const name of names) if (!Object.prototype.hasOwnProperty.call(destination, name)) chosen[name] = all[name];
  }
  Object.defineProperties(destination, chosen);
  return destination;
};
