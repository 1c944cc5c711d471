// When does this cron job run next? See the statement.
export function nextRun(expression: string, after: string): string {
  // TODO: parse the five fields, then find the first matching minute after `after`.
  throw new Error('not implemented');
}
