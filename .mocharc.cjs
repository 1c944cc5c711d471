// tsx runs the TypeScript sources directly; isolated-vm needs --no-node-snapshot on Node 20.
module.exports = {
  'node-option': ['no-node-snapshot', 'import=tsx'],
  timeout: 30000,
  exit: true,
};
