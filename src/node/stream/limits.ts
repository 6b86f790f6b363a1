/**
 * Limits of `chaff clean --jsonl` (a module of its own: the main thread reads
 * them without loading the model's code).
 */

/**
 * Most lines a record's page may have. A line's features take about 1 KB
 * while it is scored, so this bounds a worker's memory on any one page
 * (real web pages have a few thousand lines).
 */
export const DEFAULT_MAX_RECORD_LINES = 50_000;
