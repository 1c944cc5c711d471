// `npm run conformance`: runs every probe against real Express 5 and the sandbox and prints the differences.
import { report, runProbes } from './conformance';
import { probes } from './probes/index';

const only = process.argv[2];
const results = await runProbes(only ? probes.filter((p) => p.name.includes(only)) : probes);
console.log(report(results));
