import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError } from '@kalvimate/core';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/.submit.lock` so that two submits (or a submit and a cancel) never work on one ledger
 * at once. A lock left by a process that no longer runs (killed) is taken over.
 * Returns the function that releases it.
 */
export async function takeLedgerLock(dir: string, what: string): Promise<() => Promise<void>> {
  const path = join(dir, '.submit.lock');
  await mkdir(dir, { recursive: true });
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
      throw new UserInputError(
        'LEDGER_BUSY',
        `another kalvimate submit (pid ${pid}) is working on ${dir}; ${what} must wait`,
        {
          file: path,
          hint: 'Let it finish, or stop it (Ctrl-C) and run the command again. Nothing is lost either way.',
        },
      );
    await rm(path, { force: true });
  }
  throw new UserInputError('LEDGER_BUSY', `could not take the lock ${path}`, { file: path });
}

/**
 * Removes the temp files a killed run left in `dir` (`.<name>.tmp-<pid>-<hex>` of the atomic writers,
 * whose process is gone). They never look like results, but they take space.
 */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = /^\..+\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    await rm(join(dir, name), { force: true });
    removed += 1;
  }
  return removed;
}
