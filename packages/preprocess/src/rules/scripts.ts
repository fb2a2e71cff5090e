/**
 * Characters of scripts the cleaner must never change: every script but Latin (and the shared
 * Common / Inherited characters), so Tamil, Greek, Devanagari, CJK … pass through byte for byte.
 */
export const PROTECTED_CHAR = '[^\\p{sc=Latin}\\p{sc=Common}\\p{sc=Inherited}]';

/** A run of protected characters with the combining marks and joiners that follow them. */
export const PROTECTED_RUN = `(?:${PROTECTED_CHAR}[\\p{sc=Inherited}]*)+`;

const HAS_PROTECTED = new RegExp(PROTECTED_CHAR, 'u');

/** True when `text` holds any character of a protected (non-Latin) script. */
export function hasProtectedScript(text: string): boolean {
  return HAS_PROTECTED.test(text);
}
