// The challenge format as zod schemas: the single definition of what a challenge folder may contain.
// Documented for authors in challenges/README.md.
import { z } from 'zod';
import { parseCaptureSource, placeholders, VAR_NAME } from './apiTests/captures';
import { checkExpected, isMatcher } from './apiTests/matchers';
import { parseEquivalence } from './sqlTypes';
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

/** One `compare.orderBy` key: `cost desc`, `name`, `2 desc nulls last`, or a bare 1-based position. */
export interface OrderKey {
  /** A column name (case-insensitive) or a 1-based position in the result. */
  column: string | number;
  descending: boolean;
  /** PostgreSQL's default: NULLs sort as if larger than any value (last ascending, first descending). */
  nullsFirst: boolean;
}

const ORDER_KEY = /^\s*(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_$]*)|(\d+))(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

export function parseOrderKey(key: string | number): OrderKey | string {
  if (typeof key === 'number') return { column: key, descending: false, nullsFirst: false };
  const m = ORDER_KEY.exec(key);
  if (!m) return `"${key}" is not "<column> [asc|desc] [nulls first|last]" (a column name or a 1-based position)`;
  const descending = m[4]?.toLowerCase() === 'desc';
  const nulls = m[5]?.toLowerCase();
  return {
    column: m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2]),
    descending,
    nullsFirst: nulls ? nulls === 'first' : descending,
  };
}

const orderKeySchema = z.union([z.string(), z.number().int().min(1)]).transform((k, ctx) => {
  const parsed = parseOrderKey(k);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  if (typeof parsed.column === 'number' && parsed.column < 1) {
    ctx.addIssue({ code: 'custom', message: 'column positions start at 1' });
    return z.NEVER;
  }
  return parsed;
});

/** SQL result comparison rules (runner/compareRows.ts implements them; challenges/README.md documents them). */
export const compareRulesSchema = z
  .object({
    /** Row order matters (compare as sequences) or not (compare as multisets). */
    ordered: z.boolean().default(false),
    /** Rows must come sorted by these keys; rows tied on every key may come in any order. */
    orderBy: z.array(orderKeySchema).min(1).optional(),
    /** Column names must match (case-insensitive), or only positions count. */
    columnNames: z.boolean().default(true),
    /** Absolute tolerance for numeric and float values (integers compare exactly). */
    floatTolerance: z.number().min(0).default(1e-6),
    /** Text values compare case-insensitively. */
    ignoreCase: z.boolean().default(false),
    /** Text values compare with leading/trailing whitespace trimmed and inner runs of whitespace as one space. */
    ignoreWhitespace: z.boolean().default(false),
    /** Type families accepted for one another: `date ~ timestamp`, `integer ~ numeric` (runner/sqlTypes.ts). */
    equivalentTypes: z
      .array(
        z.string().superRefine((text, ctx) => {
          const parsed = parseEquivalence(text);
          if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
        }),
      )
      .default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.ordered && c.orderBy)
      ctx.addIssue({ code: 'custom', path: ['orderBy'], message: 'ordered: true compares whole sequences; orderBy checks only its keys: use one of them' });
  });
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

/** challenge.yaml's keys common to every kind; each kind adds its own section (ChallengeKind.spec). */
export const challengeBaseShape = {
  slug,
  title: z.string().min(3).max(120),
  /** A registered kind (runner/kinds/index.ts); checked by parseChallenge against the registry. */
  kind: z.string().min(1).max(40),
  difficulty: z.enum(['junior', 'mid', 'senior']),
  skills: z.array(z.string().min(1)).min(1),
  tags: z.array(z.string().min(1)).default([]),
  expectedMinutes: z.number().int().min(5).max(240),
  limits: limitsSchema.partial().default({}),
};

const challengeBaseSchema = z.object(challengeBaseShape);

/** A parsed challenge.yaml: the common keys, and the kind's section under the keys it owns. */
export type ChallengeMeta = z.infer<typeof challengeBaseSchema> & { readonly [section: string]: unknown };

/** The API kind's section: a per-run seeded database reachable as ctx.db.query(sql, params). */
export const apiDatabaseSchema = z.object({ schema: z.string().default('schema.sql'), seed: z.string().default('seed.sql') }).strict();
export type ApiDatabaseSpec = z.infer<typeof apiDatabaseSchema>;

/** The SQL kind's section. */
export const sqlSectionSchema = z
  .object({
    mode: z.enum(['query', 'statements']),
    schema: z.string().default('schema.sql'),
    compare: compareRulesSchema.prefault({}),
    /** statements mode: queries run after the candidate's statements; their results are compared. */
    verify: z.array(z.string().min(1)).default([]),
    /** statements mode: the statement kinds candidates may use (runner/sqlStatementKinds.ts has the default). */
    allow: z.array(z.enum(SQL_STATEMENT_KINDS)).min(1).optional(),
    datasets: z.array(datasetSchema).min(1),
  })
  .strict()
  .superRefine((sql, ctx) => {
    if (sql.mode === 'statements' && sql.verify.length === 0)
      ctx.addIssue({ code: 'custom', path: ['verify'], message: 'statements mode needs at least one verify query' });
  });
export type SqlSectionSpec = z.infer<typeof sqlSectionSchema>;

/** The whole challenge.yaml schema for one kind: the common keys, its section, nothing else. */
export function challengeYamlSchemaFor(kind: { spec: Record<string, z.ZodType>; refineSpec?(meta: ChallengeMeta, ctx: z.RefinementCtx): void }) {
  const sections = Object.fromEntries(Object.entries(kind.spec).map(([key, schema]) => [key, schema.optional()]));
  return z
    .object({ ...challengeBaseShape, ...sections })
    .strict()
    .superRefine((meta, ctx) => kind.refineSpec?.(meta as ChallengeMeta, ctx));
}

/** Only the common keys (the kind is not known yet): the rest passes through to the kind's own schema. */
export const challengeHeadSchema = challengeBaseSchema.passthrough();

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Where a capture reads its value: `status`, `headers.<name>`, or a body path (`body.items[0].id`, `$.token`). */
const captureSource = z.string().superRefine((text, ctx) => {
  const parsed = parseCaptureSource(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

export const apiStepSchema = z
  .object({
    /** Set the deterministic clock (ms since epoch) before this step; ctx.now() returns it. */
    clock: z.number().int().optional(),
    /** Advance the clock by this many ms before this step. */
    advanceMs: z.number().int().min(0).optional(),
    request: z
      .object({
        method: httpMethod,
        /** Starts with / or with a placeholder holding a captured path (a Location header). */
        path: z.string().regex(/^(\/|\{\{)/, 'a path starts with / or with {{a captured path}}'),
        headers: z.record(z.string(), z.string()).default({}),
        query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
        /** A JSON value, sent as JSON (content-type application/json unless the headers say otherwise). */
        body: z.unknown().optional(),
        /** The body's exact text (malformed JSON, a form, any content type): sent as written, with the headers' content-type. */
        rawBody: z.string().optional(),
      })
      .strict()
      .refine((r) => r.body === undefined || r.rawBody === undefined, { message: 'a request has body or rawBody, not both' }),
    expect: z
      .object({
        status: z.number().int().min(100).max(599).optional(),
        /** Header names are case-insensitive; a string is compared exactly, `null` asserts absence, or a matcher. */
        headers: z.record(z.string(), z.union([z.string(), z.null(), z.record(z.string(), z.unknown())])).optional(),
        /** JSON (or the text of a non-JSON body) with matchers anywhere: runner/apiTests/matchers.ts. */
        body: z.unknown().optional(),
        match: z.enum(['exact', 'subset']).default('exact'),
      })
      .strict()
      .superRefine((e, ctx) => {
        for (const issue of checkExpected(e.body, ['body'])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        for (const [name, value] of Object.entries(e.headers ?? {})) {
          if (value === null || typeof value === 'string') continue;
          if (!isMatcher(value)) ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'a header is a string, null (absent) or a matcher such as {$regex: ...}' });
          for (const issue of checkExpected(value, ['headers', name])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        }
      }),
    /** Values of this step's response saved for later steps of the same test, used as `{{name}}`. */
    capture: z.record(z.string().regex(VAR_NAME, 'a capture name is a letter or _ then letters, digits, _'), captureSource).optional(),
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
  .strict()
  .superRefine((t, ctx) => {
    // A placeholder names a value captured by an earlier step of the same test.
    const known = new Set<string>();
    t.steps.forEach((step, i) => {
      for (const part of ['request', 'expect'] as const) {
        for (const { name, path } of placeholders(step[part], ['steps', i, part])) {
          if (!known.has(name)) {
            ctx.addIssue({ code: 'custom', path, message: `{{${name}}} is not captured by an earlier step of this test` });
          }
        }
      }
      for (const name of Object.keys(step.capture ?? {})) known.add(name);
    });
  });
export type ApiTest = z.infer<typeof apiTestSchema>;

/** A tests.yaml's test names are unique: results, redaction and the author's errors name tests by them. */
export function uniqueTestNames(t: { tests: Array<{ name: string }> }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  t.tests.forEach((test, i) => {
    if (seen.has(test.name)) ctx.addIssue({ code: 'custom', path: ['tests', i, 'name'], message: `duplicate test name "${test.name}"` });
    seen.add(test.name);
  });
}

export const testsYamlSchema = z.object({ tests: z.array(apiTestSchema).min(1) }).strict().superRefine(uniqueTestNames);
