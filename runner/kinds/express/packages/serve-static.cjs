// `serve-static` (express.static) needs a file system, which the sandbox has none of.
module.exports = function serveStatic() {
  throw new Error('express.static() is not available in the sandbox: it has no file system');
};
