import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { clearRegisteredSecrets, redact } from '@kalvimate/core';
import { loadEnvironment, readSecrets } from '@kalvimate/pipeline';
import { createTempDir } from '@kalvimate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from './context.js';

afterEach(() => clearRegisteredSecrets());

describe('environment and secrets', () => {
  it('reads .env but lets the real environment win', async () => {
    await using temp = await createTempDir('km-env-');
    const dir = temp.path;
    await writeFile(join(dir, '.env'), 'HF_TOKEN=hf_fromfile\nOPENAI_BASE_URL=http://127.0.0.1:1/v1\n');
    const env = loadEnvironment(dir, { HF_TOKEN: 'hf_fromenv' });
    expect(env.HF_TOKEN).toBe('hf_fromenv');
    expect(env.OPENAI_BASE_URL).toBe('http://127.0.0.1:1/v1');
  });

  it('accepts the older API_KEY and registers keys with the redactor', () => {
    const secrets = readSecrets({ API_KEY: 'legacy-key-value' });
    expect(secrets.openaiApiKey).toBe('legacy-key-value');
    expect(redact('x legacy-key-value y')).toBe('x [REDACTED] y');
  });
});

describe('data folder', () => {
  const io = (cwd: string, env: Record<string, string> = {}) => ({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env,
    cwd,
  });

  it('resolves --data-dir against the folder the user ran from', () => {
    const context = createContext(io('/home/u/book'), { dataDir: 'work' }, 'x');
    expect(context.dataDir).toBe('/home/u/book/work');
    expect(context.paths.raw).toBe('/home/u/book/work/raw');
  });

  it('takes flag over environment over config over ./data', async () => {
    await using temp = await createTempDir('km-ctx-');
    const dir = temp.path;
    await writeFile(join(dir, 'kalvimate.config.json'), JSON.stringify({ dataDir: 'from-config' }));
    expect(createContext(io(dir), {}, 'x').dataDir).toBe(join(dir, 'from-config'));
    expect(createContext(io(dir, { KALVIMATE_DATA_DIR: 'from-env' }), {}, 'x').dataDir).toBe(
      join(dir, 'from-env'),
    );
    expect(createContext(io(dir, { KALVIMATE_DATA_DIR: 'from-env' }), { dataDir: 'flag' }, 'x').dataDir).toBe(
      join(dir, 'flag'),
    );
    expect(createContext(io('/tmp/none-such'), {}, 'x').dataDir).toBe('/tmp/none-such/data');
  });
});
