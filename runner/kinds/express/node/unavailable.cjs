// Node modules that need the file system, the network or other processes: requiring works (Express's own
// modules do at load time), using them throws an error that says why.
function unavailable(what) {
  return function () { throw new Error(what + ' is not available in the sandbox: it has no file system, network or processes'); };
}
module.exports = new Proxy({}, {
  get(target, key) {
    if (key === '__esModule' || typeof key === 'symbol') return undefined;
    if (key === 'Stats') return function Stats() {};
    return unavailable(String(key) + '()');
  },
});
