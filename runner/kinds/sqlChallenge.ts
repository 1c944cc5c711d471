// The SQL kind's challenge definition: its language and files, its section of challenge.yaml (schema, datasets,
// comparison rules, verify queries), and what a candidate sees of its datasets. Judging is in sql.ts.
import { requireFile, type Challenge, type SqlExpected } from '../challenge';
import { tokenizeSql } from '../similarityTokens';
import { sqlSectionSchema, type SqlSectionSpec } from '../spec';
import type { ChallengeKind } from './kind';

type SqlDefinition = Omit<ChallengeKind, 'name' | 'tests' | 'prepare' | 'runTest' | 'dispose' | 'precomputed'>;

/** The keys of a dataset's tables in SqlExpected: the dataset (query mode), or `name#i` per verify query (statements mode). */
export function expectedKeysOf(sql: Pick<NonNullable<Challenge['sql']>, 'mode' | 'verify'>, dataset: string): string[] {
  return sql.mode === 'query' ? [dataset] : sql.verify.map((_, i) => `${dataset}#${i + 1}`);
}

export const sqlChallenge: SqlDefinition = {
  languages: ['sql'],
  extensions: ['sql'],
  editorMode: 'sql',
  playground: 'queries',
  spec: { sql: sqlSectionSchema },

  refineSpec(meta, ctx) {
    if (!meta.sql) ctx.addIssue({ code: 'custom', path: ['sql'], message: 'a sql challenge needs a sql section' });
  },

  parse(files, meta) {
    const sql = meta.sql as SqlSectionSpec;
    return {
      sql: {
        mode: sql.mode,
        schema: requireFile(files, sql.schema),
        compare: sql.compare,
        verify: sql.verify,
        datasets: sql.datasets.map((d) => ({
          name: d.name,
          visibility: d.visibility,
          weight: d.visibility === 'sample' ? 0 : d.weight,
          sql: d.file ? requireFile(files, d.file) : undefined,
          generate: d.generate,
        })),
        alternatives: Object.keys(files)
          .filter((f) => f.startsWith('alternatives/') && f.endsWith('.sql'))
          .sort()
          .map((file) => ({ file, code: files[file] })),
      },
    };
  },

  publicSamples(challenge: Challenge) {
    const sql = challenge.sql!;
    const expected: SqlExpected = sql.expected ?? {};
    const datasets = sql.datasets
      .filter((d) => d.visibility === 'sample')
      .map((d) => {
        const keys = expectedKeysOf(sql, d.name);
        // One table per verify query in statements mode, one in query mode; shown only when all are known.
        const results = keys.every((k) => expected[k]) ? keys.map((k) => expected[k]) : undefined;
        return {
          name: d.name,
          ...(d.sql !== undefined ? { sql: d.sql } : {}),
          ...(d.generate ? { generate: d.generate } : {}),
          ...(results ? { expected: results } : {}),
        };
      });
    const first = sql.datasets[0] ? expected[expectedKeysOf(sql, sql.datasets[0].name)[0]] : undefined;
    return {
      mode: sql.mode,
      schema: sql.schema,
      compare: sql.compare,
      // In statements mode the candidate must know what is checked after their statements.
      ...(sql.mode === 'statements' ? { verify: sql.verify } : {}),
      datasets,
      hiddenDatasets: sql.datasets.filter((d) => d.visibility === 'hidden').length,
      // Columns match by position: the candidate must know the order (names are only a hint then).
      ...(!sql.compare.columnNames && sql.mode === 'query' && first ? { columnOrder: first.columns } : {}),
    };
  },

  tokenize: tokenizeSql,
};
