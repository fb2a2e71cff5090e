import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir } from '@kalvimate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli-harness.js';
import { COMMANDS } from './commands/index.js';

afterEach(() => clearRegisteredSecrets());

describe('kalvimate --help and --version', () => {
  it('lists every pipeline subcommand with a one-line summary and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const name of [
      'extract',
      'preprocess',
      'generate',
      'estimate',
      'split',
      'submit',
      'status',
      'publish',
      'run',
    ]) {
      expect(stdout).toMatch(new RegExp(`\\n  ${name}\\s+\\S`));
    }
    expect(stdout).toContain('OPENAI_API_KEY');
  });

  it('prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('shows help when called with no command', async () => {
    const { code, stdout } = await runCli([]);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kalvimate');
  });
});

describe('user mistakes', () => {
  it('answers an unknown command with one error line, a hint and exit 2', async () => {
    const { code, stderr } = await runCli(['extrakt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unknown command 'extrakt'/);
    expect(stderr).toContain('extract');
    expect(stderr).toContain('hint:');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints one JSON summary with the error when --json is given and commander refuses a flag', async () => {
    const { code, stdout, stderr } = await runCli(['--json', 'publish', '--test-split', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a share between 0 and 0.9');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] ?? '');
    expect(summary).toEqual({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('--test-split') },
    });
    const unknown = await runCli(['run', '--frobnicate', '--json']);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  it('answers an unknown option with exit 2', async () => {
    const { code, stderr } = await runCli(['--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--frobnicate'");
  });

  it('names the unknown keys of a config file and exits 2', async () => {
    await using temp = await createTempDir('km-cli-');
    const dir = temp.path;
    await writeFile(
      join(dir, 'kalvimate.config.json'),
      JSON.stringify({ model: 'gpt-4o-mini', apiKey: 'x', modle: 1 }),
    );
    const { code, stderr } = await runCli(['status'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('unknown keys "apiKey", "modle"');
    expect(stderr).toContain('kalvimate.config.json');
  });

  it('refuses a config file that is not JSON, and a --config that does not exist', async () => {
    await using temp = await createTempDir('km-cli-');
    const dir = temp.path;
    await writeFile(join(dir, 'bad.json'), '{ "model": ');
    const bad = await runCli(['status', '--config', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: not valid JSON/);
    const missing = await runCli(['status', '--config', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('config file not found');
  });

  it('validates model overrides in the config', async () => {
    await using temp = await createTempDir('km-cli-');
    const dir = temp.path;
    await writeFile(
      join(dir, 'kalvimate.config.json'),
      JSON.stringify({ models: { 'gpt-4o-mini': { batchQueueTokens: -5 } } }),
    );
    const { code, stderr } = await runCli(['status'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('models.gpt-4o-mini.batchQueueTokens');
  });
});

describe('--json', () => {
  it('puts one JSON object on stdout, even for an error', async () => {
    const { stdout } = await runCli(['cancel', '--json']);
    const lines = stdout.trim().split('\n');
    const only = lines[0] ?? '';
    expect(lines).toHaveLength(1);
    expect(JSON.parse(only)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
  });

  it('gives a user error its hint, and the file and line at fault, as stderr does', async () => {
    await using temp = await createTempDir('km-cli-');
    const dir = temp.path;
    await writeFile(join(dir, 'requests.jsonl'), '{"custom_id": "a"}\n');
    const { code, stdout, stderr } = await runCli(['split', 'requests.jsonl', '--json'], { cwd: dir });
    expect(code).toBe(2);
    const { error } = JSON.parse(stdout.trim());
    expect(error).toMatchObject({ code: 'SPLIT_INVALID_LINE', file: join(dir, 'requests.jsonl'), line: 1 });
    expect(error.hint).toContain('--skip-invalid');
    expect(stderr).toContain(`hint: ${error.hint}`);
  });
});

describe('secrets', () => {
  it('never prints a key read from .env, even inside an error message', async () => {
    await using temp = await createTempDir('km-cli-');
    const dir = temp.path;
    const key = 'sk-test-DO-NOT-PRINT-0123456789abcdef';
    await writeFile(join(dir, '.env'), `OPENAI_API_KEY=${key}\n`);
    await writeFile(join(dir, 'kalvimate.config.json'), JSON.stringify({ [key]: 1 }));
    const { code, stderr, stdout } = await runCli(['status', '--json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr + stdout).not.toContain(key);
    expect(stderr).toContain('[REDACTED]');
  });
});

describe('command registry', () => {
  it('has unique names and a summary for each command', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of COMMANDS) expect(command.summary.length).toBeGreaterThan(10);
  });
});
