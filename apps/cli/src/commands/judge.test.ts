import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });
const result = (customId: string, content: string) => ({
  id: `b-${customId}`,
  custom_id: customId,
  response: {
    status_code: 200,
    body: {
      model: 'gpt-4o-mini',
      choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }],
    },
  },
  error: null,
});
const request = (customId: string, topic: string) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body: {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Write dialogues.' },
      { role: 'user', content: topic },
    ],
  },
});
const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir();
  await mkdir(dir.join('data', 'clean_outputs'), { recursive: true });
  await mkdir(dir.join('data', 'openai_inputs'), { recursive: true });
  await writeFile(
    dir.join('data', 'clean_outputs', 'batch_1_output.jsonl'),
    jsonl([
      result(
        'req_1_chap1_topic1_smart_assistant',
        JSON.stringify({
          dialogues: [
            u('How fast do things fall?'),
            a('Things fall with an acceleration of 9.8 m/s² near the Earth.'),
            u('Who are you?'),
            a('As an AI language model, I explain the passage provided to me.'),
          ],
        }),
      ),
    ]),
  );
  await writeFile(
    dir.join('data', 'openai_inputs', 'requests.jsonl'),
    jsonl([request('req_1_chap1_topic1_smart_assistant', 'Objects fall with an acceleration of 9.8 m/s².')]),
  );
});
afterEach(async () => {
  await dir.remove();
});

describe('kalvimate judge', () => {
  it('judges every conversation against its request and writes judgments/', async () => {
    const { code, stdout } = await runCli(['judge', '--no-llm', '--shape', 'smart_assistant=dialogues:2'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout).toContain('judged 2 conversations of 1 responses: 1 kept, 1 set aside, 1 flagged');
    expect(stdout).toContain('flags: meta-talk 1 (1 set aside)');
    expect(stdout).not.toContain('LLM judge round is not built');
    const lines = (await readFile(dir.join('data', 'judgments', 'judgments.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([
      'req_1_chap1_topic1_smart_assistant#0',
      'req_1_chap1_topic1_smart_assistant#1',
    ]);
  });

  it('refuses a custom_id no template matches with a one-line error naming file and line, writing nothing', async () => {
    const { code, stderr } = await runCli(['judge', '--no-llm'], { cwd: dir.path, env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'batch_1_output.jsonl:1: custom_id "req_1_chap1_topic1_smart_assistant" matches no template',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir.join('data', 'judgments'))).toBe(false);
  });

  it('refuses a setAside code that is no flag, from the config file', async () => {
    await writeFile(dir.join('kalvimate.config.json'), JSON.stringify({ judge: { setAside: ['typo'] } }));
    const { code, stderr } = await runCli(['judge', '--no-llm'], { cwd: dir.path, env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain('judge.setAside');
  });
});
