// Probes on which the sandbox differs from Express on purpose; each is explained in docs/CONFORMANCE.md.
export const ALLOWED_DIFFERENCES: Record<string, string> = {
  'res.sendFile (the sandbox has no file system)': 'no file system: res.sendFile() throws an error that names it',
};
