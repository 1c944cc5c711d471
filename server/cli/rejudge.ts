// `npm run rejudge -- <slug> [--version N]`: re-judges a challenge's scored submissions against a version
// (its current one by default) on the configured database, printing each submission and a summary of score
// changes. Old judgements stay as history. The rejudge is the same job POST /api/challenges/:slug/rejudge
// starts; while it runs this process is a worker too (on a PostgreSQL server the cluster's workers share the
// items). With the embedded database, stop the server first (one process may hold a PGlite data directory).
import { loadConfig } from '../config';
import { openDatabase } from '../db';
import { createLogger } from '../logger';
import { createRunner } from '../../runner/index';
import { HttpError } from '../errors';
import { challengeRejudger, resolveRejudgeTarget, type RejudgeItem } from '../commands/challengeRejudger';
import { waitForRejudge } from '../challenges/rejudgeJobs';
import { startJudging } from '../judging/mode';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run rejudge -- <slug> [--version N]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { slug: string; version?: number } {
  let slug: string | undefined;
  let version: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version') {
      version = Number(argv[++i]);
      if (!Number.isInteger(version) || version < 1) usage('--version takes a positive integer');
    } else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else if (slug) usage(`one challenge at a time (got "${slug}" and "${arg}")`);
    else slug = arg;
  }
  if (!slug) usage('which challenge?');
  return { slug, version };
}

const score = (s: number | null) => (s === null ? '-' : String(Math.round(s * 100) / 100));

function line(item: RejudgeItem, done: number, total: number): string {
  const head = `[${done}/${total}] submission ${item.submissionId}:`;
  if (item.error) return `${head} kept ${item.before.verdict} ${score(item.before.score)} (${item.error})`;
  const mark = item.changed ? 'CHANGED' : 'same';
  return `${head} ${item.before.verdict} ${score(item.before.score)} -> ${item.after!.verdict} ${score(item.after!.score)}  ${mark}`;
}

const { slug, version } = parseArgs(process.argv.slice(2));
const config = loadConfig();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pg` });
const runner = createRunner({ processes: config.runnerProcesses });
const { queue, bus } = await startJudging(config, { db, runner, logger }, { hearEvents: false });
try {
  const target = await resolveRejudgeTarget(db.knex, slug, version);
  console.log(`rejudging the submissions of ${target.slug} against v${target.version}`);
  const id = await challengeRejudger({ knex: db.knex, queue }, target, null);
  const job = await waitForRejudge(db.knex, id, { onItem: (item, done, total) => console.log(line(item, done, total)) });
  const summary = job.summary;
  if (job.status !== 'finished' || !summary) {
    console.error(`rejudge: the job ended ${job.status} after ${job.done}/${job.total ?? '?'} submissions`);
    process.exitCode = 1;
  } else {
    console.log(
      `${summary.total} submission${summary.total === 1 ? '' : 's'}: ${summary.rejudged} rejudged, ${summary.changed} changed score or verdict, ${summary.failed} kept their score (failed) in ${(summary.wallMs / 1000).toFixed(1)} s`,
    );
    for (const item of summary.items.filter((i) => i.changed)) {
      console.log(`  submission ${item.submissionId}: ${score(item.before.score)} -> ${score(item.after!.score)} (${item.before.verdict} -> ${item.after!.verdict})`);
    }
    process.exitCode = summary.failed > 0 ? 1 : 0;
  }
} catch (err) {
  if (err instanceof HttpError) {
    console.error(`rejudge: ${err.message}`);
    process.exitCode = 2;
  } else throw err;
} finally {
  await queue.close(config.drainSeconds * 1000);
  await runner.close();
  await bus.close();
  await db.close();
}
