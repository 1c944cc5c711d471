// One module per challenge kind behind this interface (DMOJ's executors): everything that differs between kinds
// lives in the kind, and every other part of the platform (parsing, validation, presenters, similarity, the web
// editor, the database) asks the registered kind. A new kind is one new file or folder in runner/kinds/, its
// tests, and one line in runner/kinds/index.ts. docs/ARCHITECTURE.md ("Challenge kinds") walks through it.
import type { z } from 'zod';
import type { Challenge, ChallengeFiles } from '../challenge';
import type { Token } from '../similarityTokens';
import type { ChallengeMeta } from '../spec';
import type { Language, Submission, TestCase, TestDetail } from '../types';
import type { Verdict } from '../verdicts';

export interface TestOutcome {
  verdict: Verdict;
  cpuMs: number;
  wallMs: number;
  detail?: TestDetail;
}

export class CompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

/** The web code editor's modes (server/web/src/lib/editor.ts). */
export type EditorMode = 'typescript' | 'javascript' | 'sql';

/** The kind's part of a parsed Challenge: `api`, `sql`, or, for kinds without a field of their own, `section`. */
export type KindParts = Pick<Partial<Challenge>, 'api' | 'sql' | 'section'>;

/** Results computed once from the reference at validation and stored with the version (SQL: its result tables). */
export interface PrecomputedResults {
  /** Computed in this process (validation without a runner that offers a child process for it). */
  compute(challenge: Challenge): Promise<unknown>;
  /** The results the challenge carries, if any. */
  stored(challenge: Challenge): unknown;
  /** The challenge judged against these results (a copy: versions are shared and cached). */
  attach(challenge: Challenge, expected: unknown): Challenge;
}

export interface ChallengeKind<Prepared = unknown> {
  /** As written in challenge.yaml's `kind:` and stored in challenges.kind. */
  readonly name: string;
  /** The languages a submission may use; the first is the default. */
  readonly languages: readonly Language[];
  /** Extensions of starter, solution and wrong/ files, in order of preference. */
  readonly extensions: readonly string[];
  /** The web editor's mode for this kind's code. */
  readonly editorMode: EditorMode;
  /** A try-it panel the candidate page offers (server/routes/playground.ts), if any. */
  readonly playground?: 'requests' | 'queries';
  /** challenge.yaml keys this kind owns (its section of the spec), merged into the strict top-level schema. */
  readonly spec: Record<string, z.ZodType>;
  /** Rules across the kind's keys (a required section, a rule between two fields). */
  refineSpec?(meta: ChallengeMeta, ctx: z.RefinementCtx): void;
  /** Read the kind's files and section; throws ChallengeFormatError naming the file. */
  parse(files: ChallengeFiles, meta: ChallengeMeta): KindParts;
  /**
   * What a candidate (and a recruiter's public view) sees of the tests: sample tests whole, hidden tests only
   * counted. Plain JSON; the one place sample material is chosen (server/presenters use it for every role).
   */
  publicSamples(challenge: Challenge): Record<string, unknown>;
  /** Results precomputed at validation, when the kind has any. */
  readonly precomputed?: PrecomputedResults;
  /** Similarity's normalising tokenizer for this kind's code. */
  tokenize(src: string): Token[];
  /** The tests of a challenge in the order they run. */
  tests(challenge: Challenge): TestCase[];
  /** Compile / set up a submission; throws CompileError for the candidate's own mistakes. */
  prepare(challenge: Challenge, submission: Submission): Promise<Prepared>;
  runTest(prepared: Prepared, test: TestCase): Promise<TestOutcome>;
  /** Always called, in a finally. */
  dispose(prepared: Prepared): Promise<void>;
}

const LANGUAGE_OF_EXTENSION: Record<string, Language> = { ts: 'typescript', js: 'javascript', mjs: 'javascript', sql: 'sql' };

/** The language of a challenge file (starter, solution, wrong/x) of this kind. */
export function languageOfFile(kind: Pick<ChallengeKind, 'languages'>, file: string): Language {
  const ext = file.slice(file.lastIndexOf('.') + 1);
  const language = LANGUAGE_OF_EXTENSION[ext];
  return language && kind.languages.includes(language) ? language : kind.languages[0];
}
