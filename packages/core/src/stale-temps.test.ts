import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test/temp-dir.js';
import { isProcessAlive, removeStaleTemps } from './stale-temps.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const temp = useTempDir('km-stale-');

describe('isProcessAlive', () => {
  it('knows this process is alive and an ended one is not', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
  });
});

describe('removeStaleTemps', () => {
  it("removes the temp files and folders of dead processes and keeps a live process's and real files", async () => {
    const dead = deadPid();
    await writeFile(join(temp.path(), `.ledger.json.tmp-${dead}-0a1b`), 'half');
    await mkdir(join(temp.path(), `.dataset.old-${dead}-ff00`));
    await writeFile(join(temp.path(), `.ledger.json.tmp-${process.pid}-0a1b`), 'in progress');
    await writeFile(join(temp.path(), 'ledger.json'), '{}');
    expect(await removeStaleTemps(temp.path())).toBe(2);
    expect((await readdir(temp.path())).sort()).toEqual([
      `.ledger.json.tmp-${process.pid}-0a1b`,
      'ledger.json',
    ]);
  });

  it('with a prefix, removes only the names that start with it', async () => {
    const dead = deadPid();
    await mkdir(join(temp.path(), `.dataset.tmp-${dead}-00`));
    await writeFile(join(temp.path(), `.other.tmp-${dead}-00`), '');
    expect(await removeStaleTemps(temp.path(), { prefix: '.dataset.' })).toBe(1);
    expect(await readdir(temp.path())).toEqual([`.other.tmp-${dead}-00`]);
  });

  it('removes nothing from a missing folder', async () => {
    expect(await removeStaleTemps(join(temp.path(), 'none'))).toBe(0);
  });
});
