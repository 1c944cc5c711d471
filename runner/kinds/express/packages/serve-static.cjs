// `serve-static` (express.static) needs a file system, which the sandbox has none of: the middleware serves
// nothing, as a real one over an empty directory would (the request goes on to the next handler), and says
// so once on the console.
let warned = false;
module.exports = function serveStatic(root) {
  if (typeof root !== 'string') throw new TypeError('root path required');
  return function serveStatic(req, res, next) {
    if (!warned) {
      warned = true;
      console.warn('express.static() serves nothing in the sandbox: it has no file system');
    }
    next();
  };
};
