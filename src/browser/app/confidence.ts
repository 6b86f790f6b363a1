/**
 * How sure the model is of its guess for a line, on one scale for both
 * classes: 0.5 at the model's threshold, 1 at a score of 0 or 1. A model's
 * threshold is rarely 0.5, so the raw score is not a confidence by itself.
 * Shared by the UI and the server (pure, no DOM, no Node).
 */

export type Guess = 'article' | 'noise';

export function guessOf(score: number, threshold: number): Guess {
  return score >= threshold ? 'article' : 'noise';
}

/** Confidence in [0.5, 1] of the guess for a score under a threshold. */
export function confidence(score: number, threshold: number): number {
  const t = Math.min(Math.max(threshold, 1e-6), 1 - 1e-6);
  const c = score >= t ? 0.5 + (0.5 * (score - t)) / (1 - t) : 0.5 + (0.5 * (t - score)) / t;
  return Math.min(1, Math.max(0.5, c));
}

/** The default "low confidence" mark: guesses below it are flagged. */
export const DEFAULT_MARK = 0.7;
