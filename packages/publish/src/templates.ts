import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import { parse as parseYaml } from 'yaml';
import type { ShapeRule } from './shape.js';

/**
 * Shape rules from the front matter of the prompt templates in `dir` (`name`, `shape`, `turns`):
 * only those keys are read, so this stage does not depend on the generate stage's template schema.
 * A missing folder gives no rules.
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
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(await readFile(file, 'utf8'));
    if (!match) continue;
    let front: unknown;
    try {
      front = parseYaml(match[1] ?? '');
    } catch (cause) {
      throw new UserInputError('PUBLISH_BAD_TEMPLATE', `${file}: front matter is not valid YAML`, {
        file,
        cause,
        hint: 'Fix the YAML between the --- lines (see prompts/README.md).',
      });
    }
    const { name: templateName, shape, turns } = (front ?? {}) as Record<string, unknown>;
    if (typeof templateName !== 'string') continue;
    if (shape === 'session') rules.push({ name: templateName, shape: { shape: 'session' } });
    else if (shape === 'dialogues' && typeof turns === 'number' && Number.isInteger(turns) && turns > 0)
      rules.push({ name: templateName, shape: { shape: 'dialogues', turns } });
  }
  return rules;
}
