// `depd` inside the sandbox: deprecation warnings are not printed (real depd reads stack frames and process.stderr).
module.exports = function depd() {
  function deprecate() {}
  deprecate.function = (fn) => fn;
  deprecate.property = () => {};
  return deprecate;
};
