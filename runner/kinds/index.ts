// The registry of challenge kinds (DMOJ's executor list): one entry per file in this folder.
import { apiKind } from './api';
import type { ChallengeKind } from './kind';
import { sqlKind } from './sql';

const KINDS: Record<ChallengeKind['name'], ChallengeKind<unknown>> = {
  api: apiKind as ChallengeKind<unknown>,
  sql: sqlKind as ChallengeKind<unknown>,
};

export const KIND_NAMES = Object.keys(KINDS) as Array<ChallengeKind['name']>;

export function getKind(name: string): ChallengeKind<unknown> {
  const kind = Object.prototype.hasOwnProperty.call(KINDS, name) ? KINDS[name as ChallengeKind['name']] : undefined;
  if (!kind) throw new Error(`unknown challenge kind "${name}"`);
  return kind;
}
