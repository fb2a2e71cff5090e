import { TOPIC_KINDS, type TopicKind, TopicKindSchema, UserInputError } from '@kalvimate/core';
import { DEFAULT_KIND_PATTERNS, type ExtractOptions } from './options.js';

/** What a heading means for segmentation. */
export type HeadingRole =
  | { role: 'chapter'; number: number; title: string }
  | { role: 'topic'; number: string; title: string }
  | { role: 'kind'; kind: TopicKind; title: string }
  | { role: 'plain'; title: string }
  | { role: 'empty' };

/** Compiled heading patterns (compile once per book). */
export interface HeadingRules {
  chapter: RegExp[];
  topicNumber: RegExp;
  kinds: Array<{ kind: TopicKind; pattern: RegExp }>;
}

function compile(pattern: string, flags: string, key: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (cause) {
    throw new UserInputError(
      'EXTRACT_BAD_PATTERN',
      `extract.${key}: "${pattern}" is not a valid regular expression (${(cause as Error).message})`,
      { cause, hint: 'Fix the pattern in the "extract" section of kalvimate.config.json.' },
    );
  }
}

/** Compiles the configured patterns; a bad regex or an unknown kind is a config error naming it. */
export function compileHeadingRules(options: ExtractOptions): HeadingRules {
  const kinds: Array<{ kind: TopicKind; pattern: RegExp }> = [];
  const all: Record<string, readonly string[]> = { ...DEFAULT_KIND_PATTERNS };
  for (const [kind, extra] of Object.entries(options.kindPatterns)) {
    if (!TopicKindSchema.safeParse(kind).success) {
      throw new UserInputError('EXTRACT_BAD_PATTERN', `extract.kindPatterns: "${kind}" is not a topic kind`, {
        hint: `Use one of: ${TOPIC_KINDS.join(', ')}.`,
      });
    }
    all[kind] = [...(all[kind] ?? []), ...extra];
  }
  for (const [kind, patterns] of Object.entries(all)) {
    for (const p of patterns)
      kinds.push({ kind: kind as TopicKind, pattern: compile(p, 'iu', `kindPatterns.${kind}`) });
  }
  return {
    chapter: options.chapterPatterns.map((p) => compile(p, 'iu', 'chapterPatterns')),
    topicNumber: compile(options.topicNumberPattern, 'u', 'topicNumberPattern'),
    kinds,
  };
}

/** Tidies a title: trailing colons and spaces go, inner spacing is single. */
export function tidyTitle(title: string): string {
  return title
    .replace(/\s+/g, ' ')
    .replace(/[\s:.–—-]+$/u, '')
    .trim();
}

/** A heading that is only a code or stray symbols (a QR id such as "D78KWZ") is not a title. */
function looksLikeTitle(text: string): boolean {
  if (!/\p{L}{3,}/u.test(text)) return false;
  if (!/\s/.test(text) && /\d/.test(text) && text === text.toUpperCase()) return false;
  return text.length <= 160;
}

/** Classifies one heading's text. */
export function classifyHeading(text: string, rules: HeadingRules): HeadingRole {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return { role: 'empty' };
  for (const pattern of rules.chapter) {
    const m = pattern.exec(clean);
    if (m?.[1]) return { role: 'chapter', number: Number(m[1]), title: tidyTitle(m[2] ?? '') };
  }
  const numbered = rules.topicNumber.exec(clean);
  if (numbered?.[1]) return { role: 'topic', number: numbered[1], title: tidyTitle(numbered[2] ?? '') };
  for (const { kind, pattern } of rules.kinds) {
    if (pattern.test(clean)) return { role: 'kind', kind, title: tidyTitle(clean) };
  }
  return looksLikeTitle(clean) ? { role: 'plain', title: tidyTitle(clean) } : { role: 'plain', title: '' };
}

/** The numbers of a topic number's parents: "3.1.2" → ["3", "3.1"]. */
export function parentNumbers(number: string): string[] {
  const parts = number.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
