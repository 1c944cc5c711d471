// `send` (res.sendFile, res.download) needs a file system, which the sandbox has none of.
function send() {
  throw new Error('res.sendFile() and res.download() are not available in the sandbox: it has no file system');
}
send.mime = { lookup: () => undefined };
module.exports = send;
