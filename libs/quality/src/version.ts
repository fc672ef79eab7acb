/**
 * The version of each metric's definition, stored with every result it
 * produced. Bump one when what it computes changes (not when the code only
 * gets faster), so stored results from the old definition can be told apart
 * and recomputed.
 */
export const METRIC_VERSIONS = {
  /** a submitted task against its gold reference: compare() */
  gold: 1,
  /** rule checks on submit: ruleFindings() */
  rules: 1,
  /** pairwise F1 and the consensus of an overlapped asset: buildConsensus() */
  consensus: 1,
  /** the project report: κ, α, scorecards, cost */
  report: 1,
  /** near-duplicates: pHash, MinHash */
  duplicates: 1,
} as const;
export type MetricName = keyof typeof METRIC_VERSIONS;
