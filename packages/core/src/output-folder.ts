import { readdir, stat } from 'node:fs/promises';
import { UserInputError } from './errors.js';

/** What a file browser leaves in any folder it shows: never the user's work. */
const OS_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Foreign names shown in the error; the rest are counted. */
const NAMES_SHOWN = 3;

/**
 * Which of a folder's entries a stage did not write: those its `owns` test refuses, but for what file
 * browsers leave behind (.DS_Store, Thumbs.db, desktop.ini).
 */
export function foreignEntries(names: readonly string[], owns: (name: string) => boolean): string[] {
  return names.filter((name) => !OS_LITTER.has(name) && !owns(name)).sort();
}

/**
 * Refuses to let a stage replace `dir` whole when that would destroy something it did not write: a file
 * where its folder should be, or a folder that holds entries `owns` does not claim (`--out ~/Documents`
 * would otherwise empty the user's documents). A missing or empty folder, or one holding only the
 * stage's own files, passes.
 */
export async function assertReplaceableFolder(dir: string, owns: (name: string) => boolean): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return;
  if (!info.isDirectory())
    throw new UserInputError('OUTPUT_NOT_A_FOLDER', `${dir}: is a file, not a folder`, {
      file: dir,
      hint: 'Name a folder for the output (it is created when missing), or move the file away.',
    });
  const foreign = foreignEntries(await readdir(dir), owns);
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, NAMES_SHOWN).join(', ');
  const more = foreign.length > NAMES_SHOWN ? ` and ${foreign.length - NAMES_SHOWN} more` : '';
  throw new UserInputError(
    'OUTPUT_FOLDER_NOT_OURS',
    `${dir}: holds what KalviMate did not write there (${shown}${more}), and the output replaces the folder whole`,
    { file: dir, hint: 'Name a new or empty folder for the output, or move those files out of it.' },
  );
}
