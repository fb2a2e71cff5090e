import type { TopicKind } from '@kalvimate/core';
import type { Landmark } from './toc.js';

/** Where a spine document sits in the book: before the body, in it, or after it. */
export type DocumentRole = 'front' | 'body' | 'back';

/** What the roles are decided from, per spine document. */
export interface RoleInput {
  path: string;
  /** False for a `linear="no"` spine item. */
  linear: boolean;
  /** `epub:type` / `role` tokens of the document's body and first section. */
  types: readonly string[];
  /** The navigation document itself, when the spine lists it. */
  isNav?: boolean;
}

// EPUB 3 Structural Semantics (and EPUB 2 guide) types, with DPUB-ARIA roles as `doc-…`.
const FRONT_TYPES = new Set([
  'frontmatter',
  'cover',
  'titlepage',
  'title-page',
  'halftitlepage',
  'toc',
  'copyright-page',
  'dedication',
  'epigraph',
  'foreword',
  'preface',
  'acknowledgments',
  'acknowledgements',
  'contributors',
  'imprint',
  'loi',
  'lot',
  'errata',
  'seriespage',
  'landmarks',
  'other-credits',
]);
const BACK_TYPES = new Set([
  'backmatter',
  'index',
  'colophon',
  'bibliography',
  'endnotes',
  'rearnotes',
  'afterword',
  'glossary',
]);
const BODY_TYPES = new Set([
  'bodymatter',
  'chapter',
  'part',
  'division',
  'volume',
  'subchapter',
  'appendix',
  'text',
]);

const DIVISIONS: Readonly<Record<string, DocumentRole>> = {
  frontmatter: 'front',
  bodymatter: 'body',
  backmatter: 'back',
};

/** The division `epub:type` tokens name (`frontmatter`, `bodymatter`, `backmatter`), if any. */
export function divisionRole(types: readonly string[]): DocumentRole | undefined {
  for (const type of types) {
    const role = DIVISIONS[type.toLowerCase()];
    if (role) return role;
  }
  return undefined;
}

/** True when a structural type names front matter (`preface`, `toc`, `doc-cover` …). */
export function isFrontMatterType(type: string): boolean {
  return FRONT_TYPES.has(plain(type));
}

function plain(type: string): string {
  return type.replace(/^doc-/, '').toLowerCase();
}

function explicitRole(types: readonly string[]): DocumentRole | undefined {
  const t = types.map(plain);
  if (t.some((x) => BODY_TYPES.has(x))) return 'body';
  if (t.some((x) => FRONT_TYPES.has(x))) return 'front';
  if (t.some((x) => BACK_TYPES.has(x))) return 'back';
  return undefined;
}

/**
 * Decides each spine document's role from the book's own structure: `epub:type` of the document, the
 * landmarks (or EPUB 2 guide) and `linear="no"`. The body starts at the `bodymatter` landmark, else at the
 * first document typed as body, else at the first linear document not typed as front matter. Front-matter
 * types after the body start (a copyright page at the end) are back matter, so nothing is glued to the last
 * chapter.
 */
export function documentRoles(
  docs: readonly RoleInput[],
  landmarks: readonly Landmark[] = [],
): DocumentRole[] {
  const byPath = new Map<string, string[]>();
  for (const l of landmarks) byPath.set(l.path, [...(byPath.get(l.path) ?? []), l.type]);
  const explicit = docs.map((d) => {
    if (d.isNav) return 'front' as const;
    const landmark = (byPath.get(d.path) ?? []).filter((t) => !['bodymatter', 'text'].includes(plain(t)));
    return explicitRole(d.types) ?? explicitRole(landmark);
  });
  const bodyLandmark = landmarks.find((l) => ['bodymatter', 'text'].includes(plain(l.type)));
  let bodyStart = bodyLandmark ? docs.findIndex((d) => d.path === bodyLandmark.path) : -1;
  if (bodyStart === -1) bodyStart = explicit.indexOf('body');
  if (bodyStart === -1) bodyStart = docs.findIndex((d, i) => d.linear && explicit[i] === undefined);
  if (bodyStart === -1) bodyStart = 0;
  return docs.map((d, i) => {
    if (i === bodyStart && bodyLandmark) return 'body';
    const role = explicit[i];
    if (i < bodyStart) return role === 'body' ? 'body' : 'front';
    if (role === 'front' || role === 'back') return 'back';
    if (!d.linear) return 'back';
    return 'body';
  });
}

// EDUPUB's types for a textbook's sections (and the plain words some books use).
const EXERCISE_TYPES = new Set([
  'practice',
  'practices',
  'assessment',
  'assessments',
  'exercise',
  'exercises',
]);
const OBJECTIVE_TYPES = new Set([
  'learning-objective',
  'learning-objectives',
  'learning-outcome',
  'learning-outcomes',
  'learning-standard',
  'learning-standards',
]);

/**
 * The kind a section's structural type gives its text, when it names a section kind: exercises
 * (EDUPUB's `practices`, `assessments`), learning objectives, a glossary or its key words.
 */
export function sectionKindOfTypes(types: readonly string[]): TopicKind | undefined {
  const t = types.map(plain);
  if (t.some((x) => x === 'glossary' || x === 'keywords')) return 'glossary';
  if (t.some((x) => EXERCISE_TYPES.has(x))) return 'exercises';
  if (t.some((x) => OBJECTIVE_TYPES.has(x))) return 'other';
  return undefined;
}

/** The kind a document's or section's structural type gives its text, when it names one. */
export function kindOfTypes(types: readonly string[]): TopicKind | undefined {
  const t = types.map(plain);
  const section = sectionKindOfTypes(types);
  if (section) return section;
  if (
    t.some((x) =>
      ['index', 'colophon', 'bibliography', 'endnotes', 'rearnotes', 'copyright-page'].includes(x),
    )
  )
    return 'other';
  if (t.some((x) => FRONT_TYPES.has(x))) return 'front-matter';
  return undefined;
}
