// `npm run bench`: the API benchmark, then the SQL one (bench/sql.ts, exporting benchSql) when present.
import { existsSync } from 'node:fs';
import { benchApi } from './api';

await benchApi();
const sqlBench = new URL('./sql.ts', import.meta.url);
if (existsSync(sqlBench)) {
  const { benchSql } = (await import(sqlBench.href)) as { benchSql: () => Promise<void> };
  await benchSql();
}
