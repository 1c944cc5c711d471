// `side-channel` (qs's cycle detection) on a WeakMap/Map, without get-intrinsic's graph of lookups.
module.exports = function getSideChannel() {
  let weak = null;
  let strong = null;
  const store = (key) => (key !== null && (typeof key === 'object' || typeof key === 'function') ? (weak || (weak = new WeakMap())) : (strong || (strong = new Map())));
  return {
    assert(key) {
      if (!this.has(key)) throw new TypeError('Side channel does not contain ' + String(key));
    },
    delete: (key) => store(key).delete(key),
    get: (key) => store(key).get(key),
    has: (key) => store(key).has(key),
    set: (key, value) => { store(key).set(key, value); },
  };
};
