// Similarity tokenizes a submission with its challenge kind's tokenizer (runner/kinds: ChallengeKind.tokenize),
// chosen here by the submission's language.
import { tokenizerFor } from '../../runner/kinds';
import type { Token } from '../../runner/similarityTokens';

export { tokenizeJs, tokenizeSql, type Token } from '../../runner/similarityTokens';

/** A submission language ('typescript', 'javascript', 'sql', …): the languages of the registered kinds. */
export type SimilarityLanguage = string;

export function tokenize(src: string, language: SimilarityLanguage): Token[] {
  return tokenizerFor(language)(src);
}
