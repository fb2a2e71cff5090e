import { stat } from 'node:fs/promises';
import {
  type ModelOverride,
  type Reporter,
  UserInputError,
  workspacePaths,
  writeFileAtomic,
} from '@kalvimate/core';
import type { FileHashCache } from '../fingerprint.js';
import { collectReportData } from './collect.js';
import type { ReportData } from './data.js';
import { buildReportHtml } from './page.js';

export interface WriteReportOptions {
  dataDir: string;
  /** The page to write; default `report.html` in the data folder. */
  out?: string;
  models?: Record<string, ModelOverride>;
  reporter?: Reporter;
  /** A run's file-hash cache (see fingerprint.ts): files it hashed are not read again for the report. */
  files?: FileHashCache;
}

const SECTIONS = ['book', 'requests', 'estimate', 'batches', 'results', 'dataset'] as const;

/** Writes the report page of a data folder from whatever it holds; returns the page and its sections. */
export async function writeReport(
  options: WriteReportOptions,
): Promise<{ reportFile: string; sections: (keyof ReportData)[] }> {
  const isFolder = await stat(options.dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new UserInputError('REPORT_NO_DATA', `data folder not found: ${options.dataDir}`, {
      file: options.dataDir,
      hint: 'Run kalvimate run first, or point --data-dir at the folder of a run.',
    });
  }
  const reportFile = options.out ?? workspacePaths(options.dataDir).report;
  const data = await collectReportData({
    dataDir: options.dataDir,
    ...(options.reporter ? { reporter: options.reporter } : {}),
    ...(options.models ? { models: options.models } : {}),
    ...(options.files ? { files: options.files } : {}),
  });
  await writeFileAtomic(reportFile, buildReportHtml(data));
  return { reportFile, sections: SECTIONS.filter((key) => data[key] !== undefined) };
}
