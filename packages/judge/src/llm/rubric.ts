import { readFile } from 'node:fs/promises';
import { parseFrontMatter, UserInputError } from '@kalvimate/core';
import { z } from 'zod';

const TOPIC_MARKER = '<!-- topic -->';

const RubricFrontSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, 'letters, digits, "_" and "-" (at most 48)'),
    criteria: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_"'))
      .min(1)
      .refine((c) => new Set(c).size === c.length, 'criteria must differ'),
    scale: z.number().int().min(2).max(10),
    max_output_tokens: z.number().int().min(16).max(16_384),
    temperature: z.number().min(0).max(2),
  })
  .strict();

/** A judge rubric (`prompts/judges/*.md`): its criteria and scale, and the two halves of its prompt. */
export interface Rubric {
  name: string;
  criteria: string[];
  scale: number;
  maxOutputTokens: number;
  temperature: number;
  /** The instruction (system message), with `{{book_language}}`. */
  system: string;
  /** The user message, with `{{topic_title}}`, `{{topic_text}}` and `{{conversation}}`. */
  user: string;
}

const RUBRIC_HINT =
  'See prompts/README.md, "Judge rubrics", for the front matter and the <!-- topic --> line.';

function bad(file: string, message: string): UserInputError {
  return new UserInputError('JUDGE_BAD_RUBRIC', `${file}: ${message}`, { file, hint: RUBRIC_HINT });
}

/**
 * Reads a rubric file's text: YAML front matter (`name`, `criteria`, `scale`, `max_output_tokens`,
 * `temperature`), the instruction, a `<!-- topic -->` line, and the user message that uses `{{conversation}}`.
 */
export function parseRubric(file: string, text: string): Rubric {
  // core's reader: flat front matter (KalviMate's rubric) is read without loading the YAML parser.
  const front = parseFrontMatter(file, text, { code: 'JUDGE_BAD_RUBRIC', hint: RUBRIC_HINT });
  if (!front) throw bad(file, 'no YAML front matter between --- lines');
  const parsed = RubricFrontSchema.safeParse(front.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(file, `${issue?.path.join('.') || 'front matter'}: ${issue?.message ?? 'invalid'}`);
  }
  const { body } = front;
  const at = body.indexOf(TOPIC_MARKER);
  if (at === -1) throw bad(file, `no "${TOPIC_MARKER}" line between the instruction and the user message`);
  const user = body.slice(at + TOPIC_MARKER.length).trim();
  if (!user.includes('{{conversation}}')) throw bad(file, 'the user message never uses {{conversation}}');
  const { name, criteria, scale, max_output_tokens, temperature } = parsed.data;
  return {
    name,
    criteria,
    scale,
    maxOutputTokens: max_output_tokens,
    temperature,
    system: body.slice(0, at).trim(),
    user,
  };
}

/** Reads and parses a rubric file (`prompts/judges/tutor.md`); a missing file is `JUDGE_RUBRIC_MISSING`. */
export async function loadRubric(file: string): Promise<Rubric> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserInputError('JUDGE_RUBRIC_MISSING', `${file}: the judge rubric could not be read`, {
      file,
      cause,
      hint: 'Keep prompts/judges/tutor.md in the prompts folder, or run with --no-judge to skip the LLM judge.',
    });
  }
  return parseRubric(file, text);
}
