import { join } from 'node:path';
import { WORKSPACE_NAMES, type WorkspacePaths } from '@kalvimate/core';

/**
 * The workspace of one book of a catalogue, in the shape every stage function takes: the book's own
 * folders (`books/<id>/`: structured and preprocessed chapters, requests, estimate, `run-state.json`)
 * and its parts in a folder of their own under the shared `openai_inputs/parts/` (`parts/<id>/`); the
 * ledger, results, judgments and dataset stay the shared ones of the data folder.
 */
export function bookWorkspace(paths: WorkspacePaths, id: string): WorkspacePaths {
  const own = paths.book(id);
  const parts = join(paths.parts, id);
  return {
    ...paths,
    ...own,
    parts,
    partsManifest: join(parts, WORKSPACE_NAMES.partsManifest),
    runState: join(own.root, WORKSPACE_NAMES.runState),
  };
}
