import { realpath } from 'node:fs/promises';
import { assertReadableFile, sha256File, UserInputError } from '@kalvimate/core';
import type { Attempt } from './ledger.js';
import { isInside } from './ledger-paths.js';
import { inputPathOf, type RunContext } from './run-context.js';

/**
 * An attempt's input file, ready to be sent: inside the data folder (also after symlinks) and with
 * the sha256 the ledger recorded. Checked before every upload and before direct mode sends a request,
 * so that an edited ledger or a changed file never sends anything else than what was prepared.
 */
export async function verifiedInputPath(
  ctx: Pick<RunContext, 'store'>,
  attempt: Pick<Attempt, 'inputPath' | 'sha256' | 'file'>,
): Promise<string> {
  const path = inputPathOf(ctx, attempt);
  await assertReadableFile(path, `input of ${attempt.file} (named in ${ctx.store.path})`);
  const [real, dataDir] = await Promise.all([realpath(path), realpath(ctx.store.dataDir)]);
  if (!isInside(dataDir, real))
    throw new UserInputError(
      'LEDGER_PATH_OUTSIDE',
      `${ctx.store.path}: the input of ${attempt.file} (${attempt.inputPath}) leads outside the data folder ${ctx.store.dataDir} through a link; nothing was uploaded`,
      { file: ctx.store.path, hint: 'Keep the parts inside the data folder as real files, not links.' },
    );
  if ((await sha256File(path)) !== attempt.sha256)
    throw new UserInputError(
      'PART_CHANGED',
      `${path} changed since ${ctx.store.path} recorded it (sha256 differs); nothing was uploaded`,
      {
        file: path,
        hint: 'Run "kalvimate split" again (a changed part is a new part), or restore the file.',
      },
    );
  return path;
}
