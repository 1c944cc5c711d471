// The API kind's challenge definition: its languages and files, its section of challenge.yaml (a database) and
// its tests.yaml, and what a candidate sees of its tests. Judging is in api.ts.
import { parseYaml, requireFile, type Challenge } from '../challenge';
import { tokenizeJs } from '../similarityTokens';
import { apiDatabaseSchema, testsYamlSchema, type ApiDatabaseSpec } from '../spec';
import type { ChallengeKind } from './kind';

type ApiDefinition = Omit<ChallengeKind, 'name' | 'tests' | 'prepare' | 'runTest' | 'dispose'>;

export const apiChallenge: ApiDefinition = {
  languages: ['typescript', 'javascript'],
  extensions: ['ts', 'js'],
  editorMode: 'typescript',
  playground: 'requests',
  spec: { database: apiDatabaseSchema },

  parse(files, meta) {
    const { tests } = parseYaml(files, 'tests.yaml', testsYamlSchema);
    const database = meta.database as ApiDatabaseSpec | undefined;
    return {
      api: {
        tests,
        database: database ? { schema: requireFile(files, database.schema), seed: requireFile(files, database.seed) } : undefined,
      },
    };
  },

  publicSamples(challenge: Challenge) {
    const tests = challenge.api?.tests ?? [];
    return {
      tests: tests.filter((t) => t.visibility === 'sample').map((t) => ({ name: t.name, steps: t.steps })),
      hiddenTests: tests.filter((t) => t.visibility === 'hidden').length,
      // The seed is test data, like a hidden dataset: only the schema is needed to write queries.
      ...(challenge.api?.database ? { database: { schema: challenge.api.database.schema } } : {}),
    };
  },

  tokenize: tokenizeJs,
};
