import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@kalvimate/testkit';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';
import { type RunState, readRunState, reasonToRun, writeRunState } from './run-state.js';

const done = (inputHash: string) => ({
  status: 'done' as const,
  inputHash,
  startedAt: '2026-01-01T00:00:00Z',
});

describe('reasonToRun', () => {
  const state: RunState = { schemaVersion: 1, stages: { extract: done('a'), preprocess: done('b') } };
  const base = { force: false, outputExists: true };

  it('skips a stage whose inputs and options are unchanged and whose output exists', () => {
    expect(reasonToRun(state, 'extract', 'a', base)).toBeUndefined();
  });

  it('runs a stage whose inputs changed, whose output is gone, or that never ran', () => {
    expect(reasonToRun(state, 'extract', 'z', base)).toBe('inputs or options changed');
    expect(reasonToRun(state, 'extract', 'a', { ...base, outputExists: false })).toBe('output is missing');
    expect(reasonToRun(state, 'generate', 'c', base)).toBe('first run');
  });

  it('reruns an interrupted or failed stage', () => {
    const interrupted: RunState = {
      schemaVersion: 1,
      stages: { submit: { ...done('s'), status: 'running' } },
    };
    expect(reasonToRun(interrupted, 'submit', 's', base)).toBe('last run was interrupted');
  });

  it('redoes the named stage and every later one with --from, all with --force', () => {
    expect(reasonToRun(state, 'extract', 'a', { ...base, from: 'preprocess' })).toBeUndefined();
    expect(reasonToRun(state, 'preprocess', 'b', { ...base, from: 'preprocess' })).toContain('--from');
    expect(reasonToRun(state, 'extract', 'a', { ...base, force: true })).toContain('--force');
  });
});

describe('run state file and fingerprints', () => {
  it('round-trips the state and treats a corrupt file as empty', async () => {
    await using temp = await createTempDir('km-state-');
    const dir = temp.path;
    const file = join(dir, 'run-state.json');
    expect(await readRunState(file)).toEqual({ schemaVersion: 1, stages: {} });
    const state: RunState = { schemaVersion: 1, stages: { split: done('x') } };
    await writeRunState(file, state);
    expect(await readRunState(file)).toEqual(state);
    await writeFile(file, '{ not json');
    expect((await readRunState(file)).stages).toEqual({});
  });

  it('changes when a file in a folder, a new file, or an option changes, and ignores temp files', async () => {
    await using temp = await createTempDir('km-fp-');
    const dir = temp.path;
    await writeFile(join(dir, 'a.json'), '1');
    const first = await fingerprint([dir], { model: 'm' });
    expect(await fingerprint([dir], { model: 'm' })).toBe(first);
    await writeFile(join(dir, '.a.json.tmp-1-ab'), 'partial');
    expect(await fingerprint([dir], { model: 'm' })).toBe(first);
    expect(await fingerprint([dir], { model: 'other' })).not.toBe(first);
    await writeFile(join(dir, 'a.json'), '2');
    const second = await fingerprint([dir], { model: 'm' });
    expect(second).not.toBe(first);
    await writeFile(join(dir, 'b.json'), '2');
    expect(await fingerprint([dir], { model: 'm' })).not.toBe(second);
    expect(await fingerprint([join(dir, 'none')])).not.toBe(await fingerprint([]));
  });

  it('does not depend on the order of the option keys, at any depth', async () => {
    await using temp = await createTempDir('km-fp-');
    const dir = temp.path;
    const a = { model: 'm', config: { upload: false, repoId: 'me/x' }, templates: ['a', 'b'] };
    const b = { templates: ['a', 'b'], config: { repoId: 'me/x', upload: false }, model: 'm' };
    expect(await fingerprint([dir], a)).toBe(await fingerprint([dir], b));
    expect(await fingerprint([dir], { ...a, templates: ['b', 'a'] })).not.toBe(await fingerprint([dir], a));
  });
});
