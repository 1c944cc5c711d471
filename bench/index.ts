// `npm run bench`: the runner's API and SQL benchmarks, then the platform's live-results benchmark. Each prints
// medians and ratios against a baseline measured in the same run.
import { benchApi } from './api';
import { benchCluster } from './cluster';
import { benchLive } from './live';
import { benchSql } from './sql';

await benchApi();
await benchSql();
await benchLive();
await benchCluster();
