// `npm run judge -- <challenge-folder> <solution-file> [--json] [--samples] [--in-process] [--spares=N]`
// Judges one file against one challenge, for authors and CI. Output shape: runner/CLI.md.
// Exit codes: 0 every test passed, 1 otherwise, 2 usage or challenge-format error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChallengeFormatError, loadChallenge, type Challenge } from './challenge';
import { createRunner } from './index';
import { getKind } from './kinds';
import { languageOfFile } from './kinds/kind';
import type { JudgeEvent, Language, Submission, SubmissionFinished, TestFinished } from './types';

const USAGE = 'usage: npm run judge -- <challenge-folder> <solution-file> [--json] [--samples] [--in-process] [--spares=N]';

export interface CliReport {
  challenge: { slug: string; hash: string };
  verdict: SubmissionFinished['verdict'];
  score: number;
  points: number;
  maxPoints: number;
  passed: number;
  total: number;
  tests: Array<Pick<TestFinished, 'name' | 'visibility' | 'verdict' | 'points' | 'maxPoints' | 'cpuMs' | 'wallMs' | 'detail'>>;
  compileError?: SubmissionFinished['compileError'];
  message?: string;
}

function languageOf(file: string, challenge: Challenge): Language {
  return languageOfFile(getKind(challenge.meta.kind), file);
}

export function toReport(challenge: Challenge, events: JudgeEvent[], finished: SubmissionFinished): CliReport {
  const tests = events
    .filter((e): e is TestFinished => e.type === 'test:finished')
    .map(({ name, visibility, verdict, points, maxPoints, cpuMs, wallMs, detail }) => ({ name, visibility, verdict, points, maxPoints, cpuMs, wallMs, detail }));
  const report: CliReport = {
    challenge: { slug: challenge.slug, hash: challenge.hash },
    verdict: finished.verdict,
    score: finished.score,
    points: finished.points,
    maxPoints: finished.maxPoints,
    passed: finished.passed,
    total: finished.total,
    tests,
  };
  if (finished.compileError) report.compileError = finished.compileError;
  if (finished.message) report.message = finished.message;
  return report;
}

function shortDiff(test: CliReport['tests'][number]): string[] {
  const lines: string[] = [];
  if (test.detail?.message) lines.push(test.detail.message);
  const failing = test.detail?.steps?.find((s) => !s.passed);
  // API tests: the failing step's diff; SQL tests: the comparison's own lines (first difference included).
  const diff = failing?.diff ?? test.detail?.diff ?? [];
  for (const d of diff.slice(0, 5)) if (d !== test.detail?.message && !test.detail?.message?.endsWith(d)) lines.push(d);
  return lines.map((l) => `      ${l.split('\n')[0]}`);
}

export function formatText(report: CliReport): string {
  const out: string[] = [`${report.challenge.slug}`];
  if (report.compileError) {
    const { message, line, column } = report.compileError;
    out.push(`  compile error${line ? ` at ${line}:${column ?? 0}` : ''}: ${message}`);
  }
  for (const t of report.tests) {
    const mark = t.verdict === 'accepted' ? 'ok  ' : 'FAIL';
    out.push(`  ${mark} ${t.name} [${t.visibility}] ${t.verdict} ${t.points}/${t.maxPoints} ${t.wallMs.toFixed(1)} ms`);
    if (t.verdict !== 'accepted') out.push(...shortDiff(t));
  }
  if (report.message) out.push(`  ${report.message}`);
  out.push(`verdict: ${report.verdict}  score: ${report.score}  points: ${report.points}/${report.maxPoints}  passed: ${report.passed}/${report.total}`);
  return out.join('\n');
}

/**
 * Spare PGlite instances (runner/pglite/host.ts) for this run: none unless asked. A one-shot judgment opens
 * each dataset once, so spares (~250 MB and 0.6-4 s of loading each) only cost.
 */
function sparesOf(flags: Set<string>): number | undefined {
  const flag = [...flags].find((f) => f.startsWith('--spares='));
  if (!flag) return 0;
  const n = Number(flag.slice('--spares='.length));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const args = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--json', '--samples', '--in-process'].includes(f) && !f.startsWith('--spares='));
  const spares = sparesOf(flags);
  if (args.length !== 2 || unknown.length > 0 || spares === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [dir, file] = args;
  let challenge: Challenge;
  let code: string;
  try {
    challenge = await loadChallenge(path.resolve(dir));
    code = await readFile(path.resolve(file), 'utf8');
  } catch (err) {
    if (err instanceof ChallengeFormatError) process.stderr.write(`challenge format error: ${err.message}\n`);
    else process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const submission: Submission = { code, language: languageOf(file, challenge) };
  const options = { scope: flags.has('--samples') ? ('samples' as const) : ('all' as const) };
  let result;
  if (flags.has('--in-process')) {
    // The PGlite host reads its spare count from the environment when it is first imported, through judge.
    process.env.ASSAY_PGLITE_SPARES = String(spares);
    const { collectEvents, judge } = await import('./judge');
    result = await collectEvents(judge(challenge, submission, options));
  } else {
    const runner = createRunner({ processes: 1, sqlSpares: spares });
    const { collectEvents } = await import('./judge');
    try {
      result = await collectEvents(runner.judge(challenge, submission, options));
    } finally {
      await runner.close();
    }
  }
  const report = toReport(challenge, result.events, result.finished);
  process.stdout.write(`${flags.has('--json') ? JSON.stringify(report) : formatText(report)}\n`);
  return report.verdict === 'accepted' && report.passed === report.total ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
}
