// The challenge format as zod schemas: the single definition of what a challenge folder may contain.
// Documented for authors in challenges/README.md.
import { z } from 'zod';
import { SQL_STATEMENT_KINDS } from './sqlStatementKinds';

/** Platform maxima: whatever a challenge asks for is capped here (Piston's resolveLimits). */
export const MAX_LIMITS = {
  cpuMsPerTest: 5000,
  memoryMb: 256,
  wallMsPerSubmission: 60000,
  outputBytes: 1024 * 1024,
  sourceBytes: 64 * 1024,
} as const;

export const limitsSchema = z
  .object({
    cpuMsPerTest: z.number().int().positive().default(1000),
    memoryMb: z.number().int().min(8).default(64),
    wallMsPerSubmission: z.number().int().positive().default(15000),
    outputBytes: z.number().int().positive().default(64 * 1024),
  })
  .strict();
export type Limits = z.infer<typeof limitsSchema>;

export function resolveLimits(requested: Partial<Limits> = {}): Limits {
  const l = limitsSchema.parse(requested);
  return {
    cpuMsPerTest: Math.min(l.cpuMsPerTest, MAX_LIMITS.cpuMsPerTest),
    memoryMb: Math.min(l.memoryMb, MAX_LIMITS.memoryMb),
    wallMsPerSubmission: Math.min(l.wallMsPerSubmission, MAX_LIMITS.wallMsPerSubmission),
    outputBytes: Math.min(l.outputBytes, MAX_LIMITS.outputBytes),
  };
}

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes');
const visibility = z.enum(['sample', 'hidden']);
export type Visibility = z.infer<typeof visibility>;

/** SQL result comparison rules (runner/compareRows.ts implements them). */
export const compareRulesSchema = z
  .object({
    /** Row order matters (compare as sequences) or not (compare as multisets). */
    ordered: z.boolean().default(false),
    /** Column names must match (case-insensitive), or only positions count. */
    columnNames: z.boolean().default(true),
    /** Absolute tolerance for numeric values. */
    floatTolerance: z.number().min(0).default(1e-6),
  })
  .strict();
export type CompareRules = z.infer<typeof compareRulesSchema>;

/**
 * A seeded, reproducible generated dataset: rows for one or more tables, declared, not scripted,
 * so hidden data cannot be guessed from the samples yet is the same on every machine.
 */
export const columnGeneratorSchema = z.union([
  z.object({ serial: z.literal(true) }).strict(),
  z.object({ int: z.tuple([z.number().int(), z.number().int()]), nullRate: z.number().min(0).max(1).optional() }).strict(),
  z
    .object({ decimal: z.tuple([z.number(), z.number()]), scale: z.number().int().min(0).max(6).default(2), nullRate: z.number().min(0).max(1).optional() })
    .strict(),
  z.object({ pick: z.array(z.union([z.string(), z.number(), z.null()])).min(1), nullRate: z.number().min(0).max(1).optional() }).strict(),
  z.object({ date: z.tuple([z.string(), z.string()]), nullRate: z.number().min(0).max(1).optional() }).strict(),
  z.object({ timestamp: z.tuple([z.string(), z.string()]), nullRate: z.number().min(0).max(1).optional() }).strict(),
  z.object({ text: z.object({ prefix: z.string().default(''), unique: z.boolean().default(false) }).strict(), nullRate: z.number().min(0).max(1).optional() }).strict(),
  /** A foreign key: an integer in [1, rows of the referenced table]. */
  z.object({ ref: z.string(), nullRate: z.number().min(0).max(1).optional() }).strict(),
]);
export type ColumnGenerator = z.infer<typeof columnGeneratorSchema>;

export const generatorSchema = z
  .object({
    seed: z.number().int(),
    /** Tables in insertion order. */
    tables: z.array(
      z
        .object({
          table: z.string().regex(/^[a-z_][a-z0-9_]*$/),
          rows: z.number().int().min(0).max(20000),
          columns: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), columnGeneratorSchema),
        })
        .strict(),
    ),
  })
  .strict();
export type GeneratorSpec = z.infer<typeof generatorSchema>;

export const datasetSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/),
    visibility,
    /** Sample datasets always score 0. */
    weight: z.number().min(0).default(1),
    /** A file under the challenge folder, e.g. datasets/ties.sql */
    file: z.string().optional(),
    generate: generatorSchema.optional(),
  })
  .strict()
  .refine((d) => Boolean(d.file) !== Boolean(d.generate), { message: 'a dataset has exactly one of file or generate' });
export type DatasetSpec = z.infer<typeof datasetSchema>;

export const challengeYamlSchema = z
  .object({
    slug,
    title: z.string().min(3).max(120),
    kind: z.enum(['api', 'sql']),
    difficulty: z.enum(['junior', 'mid', 'senior']),
    skills: z.array(z.string().min(1)).min(1),
    tags: z.array(z.string().min(1)).default([]),
    expectedMinutes: z.number().int().min(5).max(240),
    limits: limitsSchema.partial().default({}),
    /** API kind only: a per-run seeded database reachable as ctx.db.query(sql, params). */
    database: z.object({ schema: z.string().default('schema.sql'), seed: z.string().default('seed.sql') }).strict().optional(),
    /** SQL kind only. */
    sql: z
      .object({
        mode: z.enum(['query', 'statements']),
        schema: z.string().default('schema.sql'),
        compare: compareRulesSchema.default({ ordered: false, columnNames: true, floatTolerance: 1e-6 }),
        /** statements mode: queries run after the candidate's statements; their results are compared. */
        verify: z.array(z.string().min(1)).default([]),
        /** statements mode: the statement kinds candidates may use (runner/sqlStatementKinds.ts has the default). */
        allow: z.array(z.enum(SQL_STATEMENT_KINDS)).min(1).optional(),
        datasets: z.array(datasetSchema).min(1),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.kind === 'sql' && !c.sql) ctx.addIssue({ code: 'custom', path: ['sql'], message: 'a sql challenge needs a sql section' });
    if (c.kind === 'api' && c.sql) ctx.addIssue({ code: 'custom', path: ['sql'], message: 'only sql challenges have a sql section' });
    if (c.kind === 'sql' && c.database) ctx.addIssue({ code: 'custom', path: ['database'], message: 'only api challenges declare a database' });
    if (c.sql?.mode === 'statements' && c.sql.verify.length === 0)
      ctx.addIssue({ code: 'custom', path: ['sql', 'verify'], message: 'statements mode needs at least one verify query' });
  });
export type ChallengeMeta = z.infer<typeof challengeYamlSchema>;

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export const apiStepSchema = z
  .object({
    /** Set the deterministic clock (ms since epoch) before this step; ctx.now() returns it. */
    clock: z.number().int().optional(),
    /** Advance the clock by this many ms before this step. */
    advanceMs: z.number().int().min(0).optional(),
    request: z
      .object({
        method: httpMethod,
        path: z.string().startsWith('/'),
        headers: z.record(z.string(), z.string()).default({}),
        query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
        body: z.unknown().optional(),
      })
      .strict(),
    expect: z
      .object({
        status: z.number().int().min(100).max(599).optional(),
        /** Header names are case-insensitive; values compared exactly. `null` asserts absence. */
        headers: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
        body: z.unknown().optional(),
        match: z.enum(['exact', 'subset']).default('exact'),
      })
      .strict(),
  })
  .strict();
export type ApiStep = z.infer<typeof apiStepSchema>;

export const apiTestSchema = z
  .object({
    name: z.string().min(1).max(120),
    visibility,
    /** Sample tests always score 0. */
    weight: z.number().min(0).default(1),
    steps: z.array(apiStepSchema).min(1).max(200),
  })
  .strict();
export type ApiTest = z.infer<typeof apiTestSchema>;

export const testsYamlSchema = z
  .object({ tests: z.array(apiTestSchema).min(1) })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.tests.forEach((test, i) => {
      if (seen.has(test.name)) ctx.addIssue({ code: 'custom', path: ['tests', i, 'name'], message: `duplicate test name "${test.name}"` });
      seen.add(test.name);
    });
  });
