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

const splits = new WeakMap();
function splitOf(source, all, names) {
  let split = splits.get(source);
  if (split === undefined) {
    split = { plainNames: [], plainValues: [], others: {} };
    for (const name of names) {
      const d = all[name];
      if ('value' in d && d.enumerable) { split.plainNames.push(name); split.plainValues.push(d.value); }
      else split.others[name] = d;
    }
    splits.set(source, split);
  }
  return split;
}

module.exports = function mergeDescriptors(destination, source, overwrite = true) {
  if (!destination) throw new TypeError('The `destination` argument is required.');
  if (!source) throw new TypeError('The `source` argument is required.');
  const { names, all } = descriptorsOf(source);
  let chosen = all;
  // Express merges into a new function whose few own names rarely meet the source's: checking those few against
  // the source's descriptors is cheaper than checking every source name against the destination.
  if (!overwrite && Object.getOwnPropertyNames(destination).some((name) => Object.prototype.hasOwnProperty.call(all, name))) {
    chosen = {};
    for (const name of names) if (!Object.prototype.hasOwnProperty.call(destination, name)) chosen[name] = all[name];
  }
  if (chosen === all) {
    // An enumerable, writable, configurable data property the destination does not have anywhere on its chain is
    // what an assignment creates: V8 adds those faster than it defines them from descriptors.
    const { plainNames, plainValues, others } = splitOf(source, all, names);
    for (let i = 0; i < plainNames.length; i++) {
      if (plainNames[i] in destination) Object.defineProperty(destination, plainNames[i], all[plainNames[i]]);
      else destination[plainNames[i]] = plainValues[i];
    }
    Object.defineProperties(destination, others);
    return destination;
  }
  Object.defineProperties(destination, chosen);
  return destination;
};
