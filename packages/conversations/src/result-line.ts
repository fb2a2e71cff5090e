import { type ResultLine, ResultLineSchema, UserInputError } from '@kalvimate/core';

/** Where a result line is: its file and 1-based line number. */
export interface ResultLineWhere {
  file: string;
  line: number;
}

/**
 * A parsed JSONL value checked as a Batch API result line; anything else is a `<code>_BAD_RESULT_LINE`
 * error naming the file and line (`code` is the stage's prefix: `PUBLISH`, `JUDGE`).
 */
export function resultLineOf(value: unknown, where: ResultLineWhere, code: string): ResultLine {
  const parsed = ResultLineSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UserInputError(
    `${code}_BAD_RESULT_LINE`,
    `${where.file}:${where.line}: not a Batch API result line`,
    {
      ...where,
      hint: 'The input folder should hold the result and error files exactly as the Batch API returned them.',
    },
  );
}

/** True when the line holds the model's answer: no error, HTTP 200. */
export function isAnsweredLine(line: ResultLine): boolean {
  return line.error === null && line.response?.status_code === 200;
}

/**
 * The `<code>_UNKNOWN_TEMPLATE` error for an answered line whose custom_id matches no template: its
 * conversations cannot be cut without knowing their shape.
 */
export function unknownTemplateError(line: ResultLine, where: ResultLineWhere, code: string): UserInputError {
  return new UserInputError(
    `${code}_UNKNOWN_TEMPLATE`,
    `${where.file}:${where.line}: custom_id "${line.custom_id}" matches no template of the request manifest or --shape`,
    {
      ...where,
      hint: 'Pass --shape NAME=session or --shape NAME=dialogues:K for each template name that ends these custom_ids, or keep openai_inputs/requests.manifest.json beside the results.',
    },
  );
}
