import { inTamilDrawnOrder, logicalTamilSyllable, TAMIL_DRAWN_SYLLABLE } from '@kalvimate/core';
import type { Rule } from '../rule.js';
import { replaceMatches } from '../rule.js';

/**
 * Puts the vowel signs of Tamil taken from a PDF in drawn order back after their consonant ("ெசயல்" →
 * "செயல்", "ெகாண்ட" → "கொண்ட"), in a text whose signs show that order (core's `inTamilDrawnOrder`: a
 * quarter of them with no consonant before); text in Unicode's order is never touched.
 */
export const tamilVowelOrder: Rule = {
  name: 'tamil-vowel-order',
  summary: 'put Tamil vowel signs a PDF left before their consonant ("ெசயல்" → "செயல்") after it',
  usesBookContext: false,
  apply(text, _context, onEdit) {
    if (!inTamilDrawnOrder(text)) return text;
    return replaceMatches(
      text,
      TAMIL_DRAWN_SYLLABLE,
      (m) => logicalTamilSyllable(m[1] ?? '', m[2] ?? '', m[3] ?? ''),
      onEdit,
    );
  },
};
