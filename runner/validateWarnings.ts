// Author checks that validation adds to its report once every solution has been judged: warnings about a
// challenge that validates yet will confuse candidates or catch mistakes by a thread, and errors for
// accepted alternatives (alternatives/*.sql) whose results break the challenge's own comparison rules.
import { alternativeKey, type Challenge } from './challenge';
import { compareRows } from './compareRows';
import type { ValidationReport } from './validate';

/** Whether the statement names the columns in their order (as words, case-insensitively). */
function statesColumnsInOrder(statement: string, columns: string[]): boolean {
  const text = statement.toLowerCase();
  let from = 0;
  for (const column of columns) {
    const escaped = column.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(^|[^a-z0-9_])${escaped}($|[^a-z0-9_])`, 'g');
    m.lastIndex = from;
    const hit = m.exec(text);
    if (!hit) return false;
    from = hit.index + hit[0].length - 1;
  }
  return true;
}

export function authorChecks(challenge: Challenge, report: ValidationReport): { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  const sql = challenge.sql;
  if (!sql) return { warnings, errors };

  if (!sql.datasets.some((d) => d.visibility === 'sample'))
    warnings.push("there is no sample dataset: the candidate's Run button has nothing to run and the candidate sees no example data");

  for (const w of report.wrong) {
    if (w.ok && w.caughtBy.length === 1)
      warnings.push(`${w.file} is caught only by the hidden dataset "${w.caughtBy[0]}": add another dataset that catches this mistake`);
  }

  const expected = report.expected ?? {};
  const first = sql.datasets[0];
  const columns = first && sql.mode === 'query' ? expected[first.name]?.columns : undefined;
  if (!sql.compare.columnNames && columns && !statesColumnsInOrder(challenge.statement, columns)) {
    warnings.push(
      `compare.columnNames is false, so columns match by position, and README.md does not list the result's columns in order (${columns.join(', ')}): state the order (the candidate page lists these columns)`,
    );
  }

  for (const alt of sql.alternatives) {
    let same = true;
    for (const key of Object.keys(expected).filter((k) => !k.includes('@'))) {
      const table = expected[alternativeKey(key, alt.file)];
      if (!table) continue;
      const self = compareRows(table, table, sql.compare);
      if (!self.equal) errors.push(`${alt.file} on ${key}: ${self.diff[0]}`);
      if (!compareRows(expected[key], table, sql.compare).equal) same = false;
    }
    if (same) warnings.push(`${alt.file} gives the reference's result on every dataset: it accepts nothing more, remove it or give it a dataset where it differs`);
  }
  return { warnings, errors };
}

/** The hook validate.ts calls before deciding `ok`: warnings go to the report, errors to its errors. */
export function applyAuthorChecks(challenge: Challenge, report: ValidationReport): void {
  const { warnings, errors } = authorChecks(challenge, report);
  report.warnings = warnings;
  report.errors.push(...errors);
}
