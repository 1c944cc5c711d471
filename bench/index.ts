// `npm run bench`: the runner's API and SQL benchmarks, the platform's live-results benchmark, then start-up and
// memory of the platform as a real process. Each prints medians and ratios against a baseline measured in the same
// run. `npm run bench -- <part>…` runs only those parts (api, sql, live, memory, startup).
import { benchApi } from './api';
import { benchCluster } from './cluster';
import { benchLive } from './live';
import { benchMemory } from './memory';
import { benchScale } from './scale';
import { benchSql } from './sql';

const only = process.argv.slice(2);
const part = (name: string) => only.length === 0 || only.includes(name);

if (part('api')) await benchApi();
if (part('sql')) await benchSql();
if (part('live')) await benchLive();
if (part('scale')) await benchScale();
if (part('memory') || part('startup')) await benchMemory({ judge: part('memory') });
if (part('cluster')) await benchCluster();
