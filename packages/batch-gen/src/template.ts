import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseFrontMatter, parseWith, TopicKindSchema, UserInputError } from '@kalvimate/core';
import { z } from 'zod';

/** The YAML front matter of a prompt template. */
export const TemplateFrontMatterSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]+$/, 'use lowercase letters, digits and _'),
    shape: z.enum(['session', 'dialogues']),
    count: z.number().int().positive(),
    turns: z.number().int().positive(),
    kinds: z.array(TopicKindSchema).min(1),
    min_chars: z.number().int().nonnegative(),
    max_output_tokens: z.number().int().positive(),
    temperature: z.number().min(0).max(2),
  })
  .strict();
export type TemplateFrontMatter = z.infer<typeof TemplateFrontMatterSchema>;

/** A parsed template: the static system instruction and the per-topic user message. */
export interface PromptTemplate extends TemplateFrontMatter {
  file: string;
  system: string;
  user: string;
}

export const TOPIC_MARKER = '<!-- topic -->';
const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
// The book's title and language are the same in every request of a book, so the instruction may use them.
const SYSTEM_PLACEHOLDERS = new Set(['book_title', 'book_language']);
const USER_PLACEHOLDERS = new Set([
  'book_title',
  'book_language',
  'chapter_title',
  'topic_title',
  'topic_text',
]);

const TEMPLATE_HINT = 'See prompts/README.md for the front matter keys and placeholders.';

function bad(file: string, problem: string): UserInputError {
  return new UserInputError('TEMPLATE_INVALID', `${file}: ${problem}`, {
    file,
    hint: TEMPLATE_HINT,
  });
}

/** Parses one template file's text. Pure; `file` is named in errors. */
export function parseTemplate(file: string, text: string): PromptTemplate {
  const front = parseFrontMatter(file, text, { code: 'TEMPLATE_INVALID', hint: TEMPLATE_HINT });
  if (!front) throw bad(file, 'no YAML front matter (the file must start with --- … ---)');
  const data = parseWith(TemplateFrontMatterSchema, front.data, (issue) => bad(file, issue), {
    topLevel: 'front matter',
  });
  const stem = basename(file).replace(/\.md$/, '');
  if (data.name !== stem) throw bad(file, `name "${data.name}" differs from the file name "${stem}"`);
  // `turns` counts messages: a dialogue starts with the user and ends with the assistant.
  if (data.shape === 'dialogues' && data.turns % 2 !== 0)
    throw bad(
      file,
      `turns: ${data.turns} is odd; it counts messages (a question and its answer are 2 turns), so a dialogues template needs an even number`,
    );
  const body = front.body;
  const at = body.indexOf(TOPIC_MARKER);
  if (at === -1) throw bad(file, `no "${TOPIC_MARKER}" line between the instruction and the topic message`);
  const system = body.slice(0, at).trim();
  const user = body.slice(at + TOPIC_MARKER.length).trim();
  for (const [part, allowed, label] of [
    [system, SYSTEM_PLACEHOLDERS, 'the instruction (above the topic marker)'],
    [user, USER_PLACEHOLDERS, 'the topic message'],
  ] as const) {
    for (const m of part.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!USER_PLACEHOLDERS.has(name)) throw bad(file, `unknown placeholder {{${name}}}`);
      if (!allowed.has(name))
        throw bad(
          file,
          `{{${name}}} cannot be used in ${label}: it would change the shared prefix that the prompt cache needs`,
        );
    }
  }
  if (!user.includes('{{topic_text}}') && !user.includes('{{ topic_text }}'))
    throw bad(file, 'the topic message never uses {{topic_text}}');
  return { ...data, file, system, user };
}

/** Fills the placeholders of a template part. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/** Loads `*.md` templates (README.md excepted) from a folder, optionally only the named ones. */
export async function loadTemplates(dir: string, only?: readonly string[]): Promise<PromptTemplate[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch (cause) {
    throw new UserInputError('PROMPTS_NOT_FOUND', `prompt folder not found: ${dir}`, {
      cause,
      hint: 'Pass --prompts DIR.',
    });
  }
  const templates = await Promise.all(
    names.map(async (n) => parseTemplate(join(dir, n), await readFile(join(dir, n), 'utf8'))),
  );
  if (only && only.length > 0) {
    const unknown = only.filter((name) => !templates.some((t) => t.name === name));
    if (unknown.length > 0) {
      throw new UserInputError('TEMPLATE_UNKNOWN', `unknown template(s): ${unknown.join(', ')}`, {
        hint: `The templates in ${dir} are: ${templates.map((t) => t.name).join(', ')}.`,
      });
    }
    return templates.filter((t) => only.includes(t.name));
  }
  if (templates.length === 0)
    throw new UserInputError('PROMPTS_EMPTY', `no templates in ${dir}`, {
      hint: 'Add prompts/NAME.md files.',
    });
  return templates;
}
