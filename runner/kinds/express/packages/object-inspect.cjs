// `object-inspect` is only used by qs's side-channel for error messages; String() says enough there.
module.exports = function inspect(value) {
  try { return typeof value === 'string' ? JSON.stringify(value) : String(value); } catch (e) { return '[object]'; }
};
