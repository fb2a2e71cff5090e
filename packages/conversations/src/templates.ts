import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFrontMatter, UserInputError } from '@kalvimate/core';
import { parseShapeRule, type ShapeRule } from './shape.js';

/**
 * Shape rules from the front matter of the prompt templates in `dir` (`name`, `shape`, `turns`):
 * only those keys are read, so this stage does not depend on the generate stage's template schema.
 * `turns` counts messages, so a dialogues template with an odd `turns` is an error naming the file, as
 * the generate stage refuses it too. A missing folder gives no rules.
 */
export async function shapeRulesFromPrompts(dir: string): Promise<ShapeRule[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch {
    return [];
  }
  const rules: ShapeRule[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const front = parseFrontMatter(file, await readFile(file, 'utf8'), {
      code: 'PUBLISH_BAD_TEMPLATE',
      hint: 'Fix the YAML between the --- lines (see prompts/README.md).',
    });
    if (!front) continue;
    const { name: templateName, shape, turns } = (front.data ?? {}) as Record<string, unknown>;
    if (typeof templateName !== 'string') continue;
    if (shape === 'session') rules.push({ name: templateName, shape: { shape: 'session' } });
    else if (shape === 'dialogues' && typeof turns === 'number' && Number.isInteger(turns) && turns > 0) {
      if (turns % 2 !== 0)
        throw new UserInputError(
          'PUBLISH_BAD_TEMPLATE',
          `${file}: turns ${turns} is odd; for a dialogues template it counts messages and must be even`,
          {
            file,
            hint: 'A question and its answer are 2 turns: double the old exchange count (see prompts/README.md).',
          },
        );
      rules.push({ name: templateName, shape: { shape: 'dialogues', turns } });
    }
  }
  return rules;
}

/**
 * The shape rules of a stage: the `NAME=SHAPE` rules given as flags, then the templates' own from
 * `promptsDir` for the names the flags do not give (a flag wins over a template of the same name).
 * @example await shapeRules(['MCQ_based=session'], 'prompts')
 */
export async function shapeRules(
  flags: readonly string[],
  promptsDir: string | undefined,
): Promise<ShapeRule[]> {
  const flagRules = flags.map(parseShapeRule);
  const promptRules = promptsDir ? await shapeRulesFromPrompts(promptsDir) : [];
  return [...flagRules, ...promptRules.filter((p) => !flagRules.some((f) => f.name === p.name))];
}
