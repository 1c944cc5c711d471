// The function kind's tests (tests.yaml): call sequences on the candidate's module. A step calls an exported
// function (`call: slugify`), constructs an exported class (`new: LruCache`, `as: cache`), calls a method of an
// instance built earlier in the same test (`call: cache.get`), or only moves the virtual clock. Its expectation
// is a return value (with the matchers of runner/apiTests/matchers.ts) or a thrown error; captures and
// `{{name}}` placeholders work as in API tests (runner/apiTests/captures.ts), reading the returned value as `$`.
import { z } from 'zod';
import { parseCaptureSource, placeholders, VAR_NAME } from '../../apiTests/captures';
import { checkExpected } from '../../apiTests/matchers';
import { uniqueTestNames } from '../../spec';

const IDENT = /^[A-Za-z_$][\w$]*$/;
const CALL = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/;

const captureSource = z.string().superRefine((text, ctx) => {
  const parsed = parseCaptureSource(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

/** What a thrown error must look like: any throw (`true`), or its name and/or message (strings or matchers). */
const throwsSchema = z.union([
  z.literal(true),
  z
    .object({ name: z.unknown().optional(), message: z.unknown().optional() })
    .strict()
    .refine((t) => t.name !== undefined || t.message !== undefined, { message: 'throws: true, or an object with name and/or message' }),
]);

export const functionStepSchema = z
  .object({
    /** Set the virtual clock (ms since epoch) before this step: Date.now() and new Date() return it. */
    clock: z.number().int().optional(),
    /** Advance the virtual clock by this many ms before this step. */
    advanceMs: z.number().int().min(0).optional(),
    /** An exported function (`parse`), or a method of an instance named by an earlier `as` (`cache.get`). */
    call: z.string().regex(CALL, 'an exported function name or instance.method').optional(),
    /** An exported class to construct; the instance is kept for this test under the name `as`. */
    new: z.string().regex(IDENT, 'an exported class name').optional(),
    as: z.string().regex(VAR_NAME, 'a letter or _ then letters, digits, _').optional(),
    /** JSON arguments; `{{name}}` placeholders are replaced by captured values. */
    args: z.array(z.unknown()).max(50).default([]),
    expect: z
      .object({
        /** The returned value (a Promise is awaited): JSON with matchers. undefined is compared as null. */
        returns: z.unknown().optional(),
        throws: throwsSchema.optional(),
        match: z.enum(['exact', 'subset']).default('exact'),
      })
      .strict()
      .superRefine((e, ctx) => {
        if (e.returns !== undefined && e.throws !== undefined) ctx.addIssue({ code: 'custom', message: 'expect returns or throws, not both' });
        for (const issue of checkExpected(e.returns, ['returns'])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        if (e.throws && e.throws !== true) {
          for (const key of ['name', 'message'] as const) {
            for (const issue of checkExpected(e.throws[key], ['throws', key])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
          }
        }
      })
      .optional(),
    /** Values of the returned value saved for later steps of the same test (`$.id`, `$[0]`). */
    capture: z.record(z.string().regex(VAR_NAME, 'a capture name is a letter or _ then letters, digits, _'), captureSource).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.call !== undefined && s.new !== undefined) ctx.addIssue({ code: 'custom', message: 'a step has call or new, not both' });
    if (s.new !== undefined && s.as === undefined) ctx.addIssue({ code: 'custom', path: ['as'], message: 'new needs as: the name later steps call the instance by' });
    if (s.new === undefined && s.as !== undefined) ctx.addIssue({ code: 'custom', path: ['as'], message: 'as names an instance made by new' });
    if (s.call === undefined && s.new === undefined) {
      if (s.clock === undefined && s.advanceMs === undefined) ctx.addIssue({ code: 'custom', message: 'a step calls (call), constructs (new) or moves the clock (clock, advanceMs)' });
      if (s.expect !== undefined || s.capture !== undefined || s.args.length > 0) ctx.addIssue({ code: 'custom', message: 'a clock-only step has no args, expect or capture' });
    }
    if (s.new !== undefined && s.expect?.returns !== undefined) ctx.addIssue({ code: 'custom', path: ['expect', 'returns'], message: 'a constructor returns the instance: expect throws, or nothing' });
  });
export type FunctionStep = z.infer<typeof functionStepSchema>;

export const functionTestSchema = z
  .object({
    name: z.string().min(1).max(120),
    visibility: z.enum(['sample', 'hidden']),
    /** Sample tests always score 0. */
    weight: z.number().min(0).default(1),
    steps: z.array(functionStepSchema).min(1).max(500),
  })
  .strict()
  .superRefine((t, ctx) => {
    // An instance is called after its `new`; a placeholder names a value captured by an earlier step.
    const instances = new Set<string>();
    const known = new Set<string>();
    t.steps.forEach((step, i) => {
      const [owner, method] = (step.call ?? '').split('.');
      if (method !== undefined && !instances.has(owner))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'call'], message: `${owner} is not made by an earlier new ... as: ${owner} in this test` });
      for (const { name, path } of placeholders(step.args, ['steps', i, 'args'])) {
        if (!known.has(name)) ctx.addIssue({ code: 'custom', path, message: `{{${name}}} is not captured by an earlier step of this test` });
      }
      if (step.as) instances.add(step.as);
      for (const name of Object.keys(step.capture ?? {})) known.add(name);
    });
  });
export type FunctionTest = z.infer<typeof functionTestSchema>;

export const functionTestsYamlSchema = z.object({ tests: z.array(functionTestSchema).min(1) }).strict().superRefine(uniqueTestNames);

/** The parsed tests, kept in Challenge.section. */
export interface FunctionSection {
  tests: FunctionTest[];
}
