import { writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStats, type PublishStats, readPublishStats } from './stats.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => dir.remove());

function someStats(): PublishStats {
  const stats = emptyStats();
  stats.byTemplate = { quiz: { shape: 'session', responses: 3, rejected: 1, conversations: 2 } };
  stats.perTemplate = { quiz: 2 };
  stats.conversations.duplicates = { exact: 1, near: 2 };
  stats.duplicatesRemoved = 3;
  stats.repoId = 'org/science-ix';
  return stats;
}

describe('readPublishStats', () => {
  it('reads back the stats.json publish writes', async () => {
    await writeFile(dir.join('stats.json'), JSON.stringify(someStats()));
    expect(await readPublishStats(dir.join('stats.json'))).toEqual(someStats());
  });

  it('reads a stats.json of the first version, deriving the counts it did not have yet', async () => {
    const { perTemplate, duplicatesRemoved, repoId, schemaVersion, ...old } = someStats();
    await writeFile(dir.join('stats.json'), JSON.stringify(old));
    expect(await readPublishStats(dir.join('stats.json'))).toEqual({ ...someStats(), repoId: null });
  });

  it('refuses a damaged file, naming it and the field', async () => {
    await writeFile(
      dir.join('stats.json'),
      JSON.stringify({ ...someStats(), splits: { train: -1, test: 0 } }),
    );
    await expect(readPublishStats(dir.join('stats.json'))).rejects.toMatchObject({
      code: 'PUBLISH_STATS_INVALID',
      message: expect.stringContaining(`${dir.join('stats.json')}: field splits.train`),
    });
  });

  it('says to run publish when there is none', async () => {
    await expect(readPublishStats(dir.join('stats.json'))).rejects.toMatchObject({
      code: 'PUBLISH_STATS_MISSING',
    });
  });
});
