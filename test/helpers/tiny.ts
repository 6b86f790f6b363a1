/**
 * Tiny settings and pages for fast model tests: a 2^10-row table and a
 * narrow network train in well under a second.
 */
import { DEFAULT_SETTINGS, type FeaturizerSettings } from '../../src/core/features/settings';
import type { ArchitectureSpec } from '../../src/core/model/architecture';
import type { LabelledPage, Label } from '../../src/core/labels/schema';
import { splitLines } from '../../src/core/text/lines';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLabelCsv } from '../../src/core/labels/csv';
import { MODEL_FORMAT, MODEL_SCHEMA_VERSION, type ModelMetadata } from '../../src/core/model/metadata';

export const TINY_SETTINGS: FeaturizerSettings = { ...DEFAULT_SETTINGS, bucketBits: 10, charSlots: 24, wordSlots: 8 };
export const TINY_ARCH: ArchitectureSpec = { embeddingDim: 4, hidden: 8, kernelSize: 3, dilations: [1, 2], scanDecays: [0.9] };

export const REPO = path.join(__dirname, '..', '..');
export const LABELS_DIR = path.join(REPO, 'labels');

/** The seed pages with their human labels. */
export function seedPages(): LabelledPage[] {
  return fs.readdirSync(LABELS_DIR).filter((f) => f.endsWith('.csv')).sort()
    .map((f) => parseLabelCsv(fs.readFileSync(path.join(LABELS_DIR, f), 'utf8'), f) as LabelledPage);
}

/** A synthetic page: a nav block, an article, a teaser block. */
export function syntheticPage(id: string, site: string, words: string[]): LabelledPage {
  const text = [
    'Home | News | Sport | Contact', 'Follow us on social media', '',
    `${words[0]} ${words[1]} announce a new plan for the ${words[2]}`, '',
    `The ${words[0]} said on Monday that the ${words[2]} would be rebuilt over three years, with work starting in spring.`, '',
    `Officials from ${words[1]} welcomed the decision and promised to support the ${words[2]} with funds and staff.`, '',
    'Related stories', 'Read more: another story about something else', 'Copyright 2024 Example Media. All rights reserved.',
  ].join('\n');
  const lines = splitLines(text);
  const article = new Set([3, 5, 7]);
  const labels: Label[] = lines.map((l, i) => (l === '' ? null : article.has(i) ? 'article' : 'noise'));
  return { meta: { id, lang: 'en', site, source: 'test', policy: '1' }, lines, labels };
}

/** Metadata for a model built from the tiny settings. */
export function tinyMetadata(): ModelMetadata {
  return {
    format: MODEL_FORMAT, schemaVersion: MODEL_SCHEMA_VERSION, name: 'tiny', createdAt: '2026-01-01T00:00:00.000Z', chaffVersion: 'test',
    labelSchemaVersion: 1, policyVersion: '1', featurizer: TINY_SETTINGS, architecture: TINY_ARCH, threshold: 0.5,
    training: null, validation: null, recipe: 'test',
  };
}

