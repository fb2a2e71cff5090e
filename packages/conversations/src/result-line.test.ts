import { type ResultLine, UserInputError } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { isAnsweredLine, resultLineOf, unknownTemplateError } from './result-line.js';

const answered: ResultLine = {
  id: 'batch_req_1',
  custom_id: 'ch1-t1-mcq_quiz',
  response: { status_code: 200, request_id: 'req_1', body: { choices: [] } },
  error: null,
};

describe('resultLineOf', () => {
  it('returns a result line the schema accepts', () => {
    expect(resultLineOf(answered, { file: 'out.jsonl', line: 3 }, 'PUBLISH').custom_id).toBe(
      'ch1-t1-mcq_quiz',
    );
  });

  it('refuses anything else with the stage’s code, the file and the line', () => {
    const error = (() => {
      try {
        resultLineOf({ custom_id: 7 }, { file: 'out.jsonl', line: 3 }, 'JUDGE');
      } catch (e) {
        return e;
      }
    })() as UserInputError;
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.code).toBe('JUDGE_BAD_RESULT_LINE');
    expect(error.message).toBe('out.jsonl:3: not a Batch API result line');
    expect(error.file).toBe('out.jsonl');
    expect(error.line).toBe(3);
    expect(error.hint).toMatch(/exactly as the Batch API returned them/);
  });
});

describe('isAnsweredLine', () => {
  it('is true only for a line without an error and with HTTP 200', () => {
    expect(isAnsweredLine(answered)).toBe(true);
    expect(
      isAnsweredLine({ ...answered, response: { ...answered.response, status_code: 429 } } as ResultLine),
    ).toBe(false);
    expect(
      isAnsweredLine({ ...answered, response: null, error: { code: 'x', message: 'y' } } as ResultLine),
    ).toBe(false);
  });
});

describe('unknownTemplateError', () => {
  it('names the custom_id, the file and the line, and says how to name the template', () => {
    const error = unknownTemplateError(answered, { file: 'out.jsonl', line: 9 }, 'PUBLISH');
    expect(error.code).toBe('PUBLISH_UNKNOWN_TEMPLATE');
    expect(error.message).toBe(
      'out.jsonl:9: custom_id "ch1-t1-mcq_quiz" matches no template of the request manifest or --shape',
    );
    expect(error.line).toBe(9);
    expect(error.hint).toMatch(/--shape NAME=session/);
  });
});
