import { formatCount, formatUsd } from '@kalvimate/core';
import { type DescribeEventOptions, describeEvent } from '../describe-run.js';
import type { CatalogueEvent } from './types.js';

/**
 * The lines of a catalogue's own events, as `kalvimate run` prints them: the books of the run, a headline
 * per stage of a book (tagged `[id]`, as books run at once; under it what must not be missed) and a line
 * per book's estimate. Undefined for the events a one-book run has too (shared stages, the total estimate,
 * the stop): `describeEvent`'s.
 */
export function describeCatalogueEvent(
  event: CatalogueEvent,
  options: DescribeEventOptions,
): string[] | undefined {
  if (event.type === 'catalogue') return [`catalogue: ${event.books.length} books (${event.source})`];
  if (event.type === 'book-failed') {
    const { stage, message, hint } = event.failure;
    return [
      `[${event.book}] ${stage ? `${stage} ` : ''}failed, the book is left out of this run: ${message}`,
      ...(hint ? [`  hint: ${hint}`] : []),
    ];
  }
  if (!('book' in event)) return undefined;
  const tag = `[${event.book}]`;
  switch (event.type) {
    case 'stage-skipped': {
      // What must not be missed is said again under it (a conversion's lost letters): `describeEvent`'s.
      const [, ...rest] = describeEvent(event, options);
      return [`${tag} ${event.stage} skipped: unchanged`, ...rest.map((l) => `  ${l.trim()}`)];
    }
    case 'stage-end': {
      // The headline and what must not be missed (a line set aside), never the files written.
      const [first, ...rest] = describeEvent(event, { ...options, verbose: false });
      return first ? [`${tag} ${first.replace(/\s+/, ' ')}`, ...rest.map((l) => `  ${l.trim()}`)] : [];
    }
    case 'estimate':
      return [
        `estimate of ${tag}: ${formatCount(event.estimate.requests)} requests, ${formatUsd(event.estimate.costUsd)}`,
      ];
    default:
      return [];
  }
}
