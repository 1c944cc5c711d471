// Challenges: the catalogue for recruiters (published, public view only) and the authoring API for authors
// and admins (drafts as files, versions, validation, publishing, export, archive, rejudge). Candidates are
// refused every route here: they see a challenge only through their assessment (candidateChallengeContent in server/presenters/assessment.ts).
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { isKind } from '../../runner/kinds';
import type { Runner } from '../../runner/types';
import { isChallengeAuthor, readableChallengeVersion, visibleSubmission } from '../auth/access';
import { challengeArchiver } from '../commands/challengeArchiver';
import { challengeFilesSaver } from '../commands/challengeFilesSaver';
import { challengePublisher } from '../commands/challengePublisher';
import { challengeRejudger, resolveRejudgeTarget } from '../commands/challengeRejudger';
import { conflict, errorBody, HttpError, internalError, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import type { Logger } from '../logger';
import type { EventBus } from '../judging/eventBus';
import type { JobSender } from '../judging/jobs';
import { listJudgements } from '../challenges/judgements';
import { getRejudgeJob } from '../challenges/rejudgeJobs';
import { tarFiles } from '../challenges/tar';
import { challengeCatalogue, versionsOf } from '../queries/challengeCatalogue';
import { storedValidation, validateChallengeVersion, validationRunning } from '../challenges/validation';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { findChallenge, findVersion, latestVersion } from '../challenges/versionStore';
import type { ChallengeRow, VersionRow } from '../rows';
import {
  presentAuthorChallengeSummary,
  presentChallengePublic,
  presentChallengeSummary,
  presentRejudgeJob,
  presentVersionForAuthor,
  presentVersionSummary,
} from '../presenters/challenge';

export interface ChallengeRouteDeps {
  knex: Knex;
  runner: Runner;
  logger: Logger;
  bus?: EventBus;
  /** Rejudges and validations are sent as jobs; any worker runs them. */
  queue: JobSender;
}

const AUTHORS = ['author', 'admin'] as const;
const READERS = ['recruiter', 'author', 'admin'] as const;

// The same names a challenge folder may hold (runner/challenge.ts reads only these): relative, no "..".
const filePath = z
  .string()
  .max(200)
  .regex(/^(?!.*(^|\/)\.\.?(\/|$))(?!.*\/\/)[A-Za-z0-9_][A-Za-z0-9_.\-/]*\.(ya?ml|md|ts|js|sql|json|txt)$/, 'a relative path ending in .yaml, .md, .ts, .js, .sql, .json or .txt');
export const challengeFilesBody = z
  .object({
    files: z.record(filePath, z.string().max(2 * 1024 * 1024)).refine((f) => Object.keys(f).length <= 200, 'at most 200 files'),
  })
  .strict();

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a challenge slug') }).strict();
const versionParams = slugParams.extend({ version: z.coerce.number().int().positive() }).strict();
const listQuery = z
  .object({ status: z.enum(['draft', 'published', 'archived']).optional(), kind: z.string().refine(isKind, { message: 'a registered challenge kind' }).optional() })
  .strict();
const viewQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();
const exportQuery = z.object({ format: z.enum(['json', 'tar']).default('json') }).strict();
const rejudgeBody = z.object({ version: z.number().int().positive().optional() }).strict();
const jobParams = slugParams.extend({ id: z.string().uuid() }).strict();
const submissionParams = z.object({ id: z.coerce.number().int().positive() }).strict();

async function challengeOr404(knex: Knex, slug: string): Promise<ChallengeRow> {
  const row = await findChallenge(knex, slug);
  if (!row) throw notFound(`no challenge "${slug}"`);
  return row;
}

async function versionOr404(knex: Knex, challenge: ChallengeRow, version: number): Promise<VersionRow> {
  const row = await findVersion(knex, challenge.id, version);
  if (!row) throw notFound(`challenge "${challenge.slug}" has no version ${version}`);
  return row;
}

function wantsStream(req: Request): boolean {
  return req.accepts(['application/json', 'application/x-ndjson']) === 'application/x-ndjson';
}

export function challengeRoutes(registry: RouteRegistry, deps: ChallengeRouteDeps) {
  const { knex } = deps;
  const router = Router();
  const tag = 'challenges';

  route(router, registry, '/api', { method: 'get', path: '/challenges', tag, summary: 'List challenges (recruiters: published only)', auth: READERS, query: listQuery }, async ({ query, user }) => {
    const author = isChallengeAuthor(user);
    const rows = await challengeCatalogue(knex, { withDrafts: author, status: query.status, kind: query.kind });
    return { challenges: rows.map((r) => (author ? presentAuthorChallengeSummary(r) : presentChallengeSummary(r))) };
  });

  route(router, registry, '/api', { method: 'post', path: '/challenges', tag, summary: 'Create a challenge draft from its files', auth: AUTHORS, body: challengeFilesBody, status: 201 }, async ({ body, user }) => {
    const stored = await challengeFilesSaver(knex, { files: body.files, userId: user!.id });
    return { challenge: presentAuthorChallengeSummary({ ...stored.challenge, spec: stored.version.spec, version: stored.version.version, latest_version: stored.version.version }), version: presentVersionSummary(stored.version, stored.challenge) };
  });

  route(router, registry, '/api', { method: 'get', path: '/challenges/:slug', tag, summary: "A challenge's public view (statement, starter, sample tests)", auth: READERS, params: slugParams, query: viewQuery }, async ({ params, query, user }) => {
    const challenge = await challengeOr404(knex, params.slug);
    const author = isChallengeAuthor(user);
    const version = await readableChallengeVersion(knex, user, challenge, query.version);
    const parsed = await loadChallengeVersion(knex, version.id);
    return { challenge: presentChallengePublic(parsed, { id: version.id, version: version.version }, author ? challenge : undefined) };
  });

  route(router, registry, '/api', { method: 'put', path: '/challenges/:slug', tag, summary: 'Edit a challenge: new files make a new, unpublished version', auth: AUTHORS, params: slugParams, body: challengeFilesBody }, async ({ params, body, user, res }) => {
    const stored = await challengeFilesSaver(knex, { files: body.files, userId: user!.id, slug: params.slug });
    res.status(stored.created ? 201 : 200).json({ created: stored.created, version: presentVersionSummary(stored.version, stored.challenge) });
  });

  route(router, registry, '/api', { method: 'get', path: '/challenges/:slug/versions', tag, summary: "A challenge's versions with their validation state", auth: AUTHORS, params: slugParams }, async ({ params }) => {
    const challenge = await challengeOr404(knex, params.slug);
    const rows = await versionsOf(knex, challenge.id);
    return {
      challenge: { slug: challenge.slug, title: challenge.title, status: challenge.status, source: challenge.source },
      versions: rows.map((r) => presentVersionSummary(r, challenge)),
    };
  });

  route(router, registry, '/api', { method: 'get', path: '/challenges/:slug/versions/:version', tag, summary: 'A version with all its files and its validation report', auth: AUTHORS, params: versionParams }, async ({ params }) => {
    const challenge = await challengeOr404(knex, params.slug);
    return { version: presentVersionForAuthor(await versionOr404(knex, challenge, params.version), challenge) };
  });

  route(
    router,
    registry,
    '/api',
    {
      method: 'post',
      path: '/challenges/:slug/versions/:version/validate',
      tag,
      summary: 'Validate a version (reference passes all, each wrong/ fails a hidden test) and store the report; Accept: application/x-ndjson streams progress',
      auth: AUTHORS,
      params: versionParams,
    },
    async ({ params, req, res }) => {
      const challenge = await challengeOr404(knex, params.slug);
      const version = await versionOr404(knex, challenge, params.version);
      if (version.published_at) throw conflict(`version ${version.version} is published and frozen; GET …/validation shows its report`);
      // Files-sourced challenges publish their latest version when it validates, as they do at start.
      const latest = await latestVersion(knex, challenge.id);
      const autoPublish = challenge.source === 'files' && latest?.id === version.id;
      if (!wantsStream(req)) {
        const outcome = await validateChallengeVersion(deps, version.id, { autoPublish });
        return { valid: outcome.valid, published: outcome.published, report: outcome.report };
      }
      res.status(200).type('application/x-ndjson');
      res.flushHeaders();
      const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
      try {
        const outcome = await validateChallengeVersion(deps, version.id, {
          autoPublish,
          onProgress: line,
        });
        line({ type: 'result', valid: outcome.valid, published: outcome.published, report: outcome.report });
      } catch (err) {
        const http = err instanceof HttpError ? err : undefined;
        if (!http) deps.logger.error({ err, slug: params.slug }, 'validation failed to run');
        line({ type: 'error', ...errorBody(http ?? internalError()) });
      }
      res.end();
    },
  );

  route(router, registry, '/api', { method: 'get', path: '/challenges/:slug/versions/:version/validation', tag, summary: "A version's stored validation report", auth: AUTHORS, params: versionParams }, async ({ params }) => {
    const challenge = await challengeOr404(knex, params.slug);
    const version = await versionOr404(knex, challenge, params.version);
    const stored = storedValidation(version);
    return { version: version.version, running: await validationRunning(knex, version.id), validatedAt: stored?.validatedAt ?? null, valid: stored ? stored.valid : null, report: stored?.report ?? null };
  });

  route(router, registry, '/api', { method: 'post', path: '/challenges/:slug/versions/:version/publish', tag, summary: 'Publish a valid version: new assessments and new candidates get it', auth: AUTHORS, params: versionParams }, async ({ params }) => {
    const challenge = await challengeOr404(knex, params.slug);
    const version = await versionOr404(knex, challenge, params.version);
    const published = await challengePublisher(knex, { challengeId: challenge.id, versionId: version.id });
    return { status: published!.challenge.status, version: presentVersionSummary(published!.version, published!.challenge) };
  });

  route(
    router,
    registry,
    '/api',
    { method: 'get', path: '/challenges/:slug/versions/:version/export', tag, summary: 'A version as its folder of files (JSON, or ?format=tar)', auth: AUTHORS, params: versionParams, query: exportQuery, produces: 'application/x-tar' },
    async ({ params, query, res }) => {
      const challenge = await challengeOr404(knex, params.slug);
      const version = await versionOr404(knex, challenge, params.version);
      if (query.format === 'json') return { slug: challenge.slug, version: version.version, contentHash: version.content_hash, files: version.files };
      const name = `${challenge.slug}-v${version.version}.tar`;
      res.status(200).type('application/x-tar').attachment(name).send(tarFiles(challenge.slug, version.files, new Date(version.created_at)));
    },
  );

  route(router, registry, '/api', { method: 'post', path: '/challenges/:slug/archive', tag, summary: 'Archive a challenge (no new assessments; existing ones keep it)', auth: AUTHORS, params: slugParams }, async ({ params }) => {
    const row = await challengeArchiver(knex, params.slug);
    return { slug: row.slug, status: row.status };
  });

  route(
    router,
    registry,
    '/api',
    { method: 'post', path: '/challenges/:slug/rejudge', tag, summary: "Rejudge a challenge's scored submissions against a version (current by default); 202 with a job", auth: AUTHORS, params: slugParams, body: rejudgeBody, status: 202 },
    async ({ params, body, user }) => {
      const target = await resolveRejudgeTarget(knex, params.slug, body.version);
      const id = await challengeRejudger(deps, target, user!.id);
      return { job: presentRejudgeJob((await getRejudgeJob(knex, id))!) };
    },
  );

  route(router, registry, '/api', { method: 'get', path: '/challenges/:slug/rejudges/:id', tag, summary: 'Progress and score changes of a rejudge job', auth: AUTHORS, params: jobParams }, async ({ params }) => {
    const job = await getRejudgeJob(knex, params.id);
    if (!job || job.slug !== params.slug) throw notFound('no such rejudge job');
    return { job: presentRejudgeJob(job) };
  });

  route(router, registry, '/api', { method: 'get', path: '/submissions/:id/judgements', tag: 'submissions', summary: "A submission's judgements: version, reason, score and verdict of each (rejudges kept as history)", auth: READERS, params: submissionParams }, async ({ params, user }) => {
    // The submission viewer rule: the assessment's recruiter, an admin or a staff owner; authors rejudge
    // challenges but read no candidate's history.
    await visibleSubmission(knex, user!, params.id);
    return { submissionId: params.id, judgements: await listJudgements(knex, params.id) };
  });

  return router;
}
