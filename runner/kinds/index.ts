// The registry of challenge kinds (DMOJ's executor list): one line per kind. Built on first use, because the
// kinds import runner modules (challenge.ts, spec.ts) that themselves ask this registry.
import { apiKind } from './api';
import { functionKind } from './function';
import type { ChallengeKind } from './kind';
import { tokenizeJs } from '../similarityTokens';
import { sqlKind } from './sql';

let registry: Map<string, ChallengeKind<unknown>> | undefined;

function kinds(): Map<string, ChallengeKind<unknown>> {
  registry ??= new Map(
    ([
      apiKind,
      sqlKind,
      functionKind,
    ] as Array<ChallengeKind<never>>).map((k) => [k.name, k as unknown as ChallengeKind<unknown>]),
  );
  return registry;
}

export function kindNames(): string[] {
  return [...kinds().keys()];
}

export function isKind(name: unknown): name is string {
  return typeof name === 'string' && kinds().has(name);
}

export function getKind(name: string): ChallengeKind<unknown> {
  const kind = kinds().get(name);
  if (!kind) throw new Error(`unknown challenge kind "${name}"`);
  return kind;
}

/** Similarity's tokenizer for a submission language: that of the first kind taking it (kinds sharing a language share it). */
export function tokenizerFor(language: string): ChallengeKind['tokenize'] {
  for (const kind of kinds().values()) if (kind.languages.includes(language as never)) return kind.tokenize;
  return tokenizeJs;
}
