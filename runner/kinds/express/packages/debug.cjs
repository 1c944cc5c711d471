// `debug` inside the sandbox: Express's debug logging is never enabled there.
function noop() {}
noop.enabled = false;
module.exports = function debug() { return noop; };
module.exports.enabled = () => false;
