// tsx runs the TypeScript sources directly; isolated-vm needs --no-node-snapshot on Node 20.
// Test platforms come and go by the dozen: no spare SQL instances (see runner/pglite/host.ts), each costs ~300 MB.
process.env.ASSAY_PGLITE_SPARES ??= '0';
module.exports = {
  'node-option': ['no-node-snapshot', 'import=tsx'],
  timeout: 30000,
  exit: true,
};
