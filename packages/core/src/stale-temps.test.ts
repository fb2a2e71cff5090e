import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProcessAlive, removeStaleTemps } from './stale-temps.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-stale-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('isProcessAlive', () => {
  it('knows this process is alive and an ended one is not', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
  });
});

describe('removeStaleTemps', () => {
  it("removes the temp files and folders of dead processes and keeps a live process's and real files", async () => {
    const dead = deadPid();
    await writeFile(join(dir, `.ledger.json.tmp-${dead}-0a1b`), 'half');
    await mkdir(join(dir, `.dataset.old-${dead}-ff00`));
    await writeFile(join(dir, `.ledger.json.tmp-${process.pid}-0a1b`), 'in progress');
    await writeFile(join(dir, 'ledger.json'), '{}');
    expect(await removeStaleTemps(dir)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([`.ledger.json.tmp-${process.pid}-0a1b`, 'ledger.json']);
  });

  it('with a prefix, removes only the names that start with it', async () => {
    const dead = deadPid();
    await mkdir(join(dir, `.dataset.tmp-${dead}-00`));
    await writeFile(join(dir, `.other.tmp-${dead}-00`), '');
    expect(await removeStaleTemps(dir, { prefix: '.dataset.' })).toBe(1);
    expect(await readdir(dir)).toEqual([`.other.tmp-${dead}-00`]);
  });

  it('removes nothing from a missing folder', async () => {
    expect(await removeStaleTemps(join(dir, 'none'))).toBe(0);
  });
});
