import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { SAMPLE_EPUB } from '../paths.js';

// These run real stages on the sample book; on a busy two-core CI machine that can take seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-report-');
});
afterEach(() => dir.remove());

describe('kalvimate report', () => {
  it('refuses a data folder that does not exist, with exit 2 and nothing written', async () => {
    const { code, stderr } = await runCli(['report', '--data-dir', 'nowhere'], { cwd: dir.path });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: data folder not found: .*nowhere\nhint: /);
    expect(existsSync(dir.join('nowhere'))).toBe(false);
  });

  it('writes report.html from what the folder holds, and names it in --json', async () => {
    expect((await runCli(['extract', SAMPLE_EPUB], { cwd: dir.path })).code).toBe(0);
    const { code, stdout } = await runCli(['--json', 'report'], { cwd: dir.path });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ ok: true, command: 'report', sections: ['book'] });
    const html = await readFile(summary.reportFile, 'utf8');
    expect(html).toContain('KalviMate report: KalviMate Sample Science');
    expect(html).toContain('Topics per chapter');
    expect(html).toContain('Not run yet');
  });

  it('skips a file it cannot read, with a warning, instead of failing', async () => {
    await mkdir(dir.join('data', 'openai_inputs'), { recursive: true });
    await writeFile(dir.join('data', 'openai_inputs', 'requests.manifest.json'), '{"schemaVersion": 9}');
    const { code, stderr } = await runCli(['report'], { cwd: dir.path });
    expect(code).toBe(0);
    expect(stderr).toContain('requests.manifest.json does not match its schema');
  });
});
