// `npm run validate [slug|folder ...] [--json] [--processes N] [--concurrency N]`: validates the given challenges (all of
// challenges/ by default) through one runner pool, printing a line per solution as it is judged.
// Exits 1 when any challenge fails validation, 2 on bad usage.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listChallengeDirs } from './challenge';
import { createRunner } from './index';
import { validateChallengeDirs, type ValidationProgress, type ValidationReport } from './validate';

const CHALLENGES_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'challenges');

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run validate -- [slug|folder ...] [--json] [--processes N] [--concurrency N]\n`);
  process.exit(2);
}

function positive(option: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${option} takes a positive integer`);
  return n;
}

function parseArgs(argv: string[]): { targets: string[]; json: boolean; processes?: number; concurrency?: number } {
  const targets: string[] = [];
  let json = false;
  let processes: number | undefined;
  let concurrency: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--processes') processes = positive(arg, argv[++i]);
    else if (arg === '--concurrency') concurrency = positive(arg, argv[++i]);
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else targets.push(arg);
  }
  return { targets, json, processes, concurrency };
}

function resolveTarget(target: string): string {
  const asSlug = path.join(CHALLENGES_ROOT, target);
  if (!target.includes('/') && existsSync(path.join(asSlug, 'challenge.yaml'))) return asSlug;
  if (existsSync(path.join(target, 'challenge.yaml'))) return path.resolve(target);
  usage(`no challenge "${target}" (neither challenges/${target}/challenge.yaml nor ${target}/challenge.yaml exists)`);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function progressLine(event: ValidationProgress): string {
  if (event.type === 'challenge') {
    const r = event.report;
    const mark = r.ok ? 'PASS' : 'FAIL';
    const head = `${mark} ${r.slug} (${seconds(r.wallMs)})`;
    const warnings = (r.warnings ?? []).map((w) => `       warning: ${w}`);
    return [head, ...(r.ok ? [] : r.errors.map((e) => `       - ${e}`)), ...warnings].join('\n');
  }
  const { slug, role, run, ok } = event;
  const mark = ok ? '  ok' : '  !!';
  const where = `${slug}/${run.file}`;
  if (role === 'wrong') {
    return `${mark}   ${where}: ${run.verdict}, fails ${run.failedHidden}/${run.totalHidden} hidden (${seconds(run.wallMs)})`;
  }
  const what = role === 'starter' ? 'starter on samples' : 'reference';
  return `${mark}   ${where}: ${what} ${run.verdict}, ${run.passed}/${run.total} passed (${seconds(run.wallMs)})`;
}

async function main(): Promise<void> {
  const { targets, json, processes, concurrency } = parseArgs(process.argv.slice(2));
  const dirs = targets.length > 0 ? targets.map(resolveTarget) : await listChallengeDirs(CHALLENGES_ROOT);
  if (dirs.length === 0) usage(`no challenges under ${CHALLENGES_ROOT}`);

  const started = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`validating ${dirs.length} challenge${dirs.length === 1 ? '' : 's'}`);
  const runner = createRunner(processes !== undefined ? { processes } : {});
  let reports: ValidationReport[];
  try {
    reports = await validateChallengeDirs(dirs, runner, { concurrency, onProgress: (event) => log(progressLine(event)) });
  } finally {
    await runner.close();
  }
  const failed = reports.filter((r) => !r.ok);
  log(`${reports.length - failed.length}/${reports.length} challenges valid in ${seconds(Math.round(performance.now() - started))}`);
  if (json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`validate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
