import { UserInputError } from './errors.js';
import { plainYaml } from './plain-yaml.js';
import { parseYamlText } from './yaml-text.js';

/** A Markdown file split at its YAML front matter. */
export interface FrontMatter {
  /** The parsed YAML between the `---` lines (anything YAML can be: validate it). */
  data: unknown;
  /** Everything after the closing `---` line. */
  body: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n([\s\S]*))?$/;

/**
 * Splits a prompt template (or any Markdown file) into its YAML front matter and body; undefined when it
 * does not start with a `---` block. YAML that does not parse is a `UserInputError` with `code`, naming
 * `file` and the parser's first line. Pure: `file` is only named in the error.
 * @example const front = parseFrontMatter('prompts/explain.md', text, { code: 'TEMPLATE_INVALID', hint: 'See prompts/README.md.' });
 */
export function parseFrontMatter(
  file: string,
  text: string,
  error: { code: string; hint: string },
): FrontMatter | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  try {
    // Templates' front matter is flat: read without the YAML parser (and its load) where it can be.
    const yaml = match[1] ?? '';
    return { data: plainYaml(yaml) ?? parseYamlText(yaml), body: match[2] ?? '' };
  } catch (cause) {
    throw new UserInputError(
      error.code,
      `${file}: front matter is not valid YAML (${(cause as Error).message.split('\n')[0]})`,
      { file, cause, hint: error.hint },
    );
  }
}
