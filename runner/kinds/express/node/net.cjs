// node:net: only isIP and friends (Express's req.hostname uses isIP); no sockets.
const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPv4(s) { return V4.test(String(s)); }
function isIPv6(s) {
  s = String(s);
  if (s.indexOf(':') < 0) return false;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let groups = s.split(':');
  const last = groups[groups.length - 1];
  if (last.indexOf('.') >= 0) { if (!isIPv4(last)) return false; groups = groups.slice(0, -1).concat(['0', '0']); }
  const gaps = s.split('::').length - 1;
  if (gaps > 1) return false;
  if (gaps === 0 && groups.length !== 8) return false;
  if (gaps === 1 && groups.length > 8) return false;
  return groups.every((g) => g === '' || /^[0-9a-fA-F]{1,4}$/.test(g));
}
exports.isIPv4 = isIPv4;
exports.isIPv6 = isIPv6;
exports.isIP = (s) => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);
