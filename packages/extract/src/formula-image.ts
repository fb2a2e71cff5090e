/**
 * Classes that mark a picture of a formula: QuickLaTeX's `ql-img-inline-formula` (Pressbooks),
 * MediaWiki's `mwe-math-fallback-image-inline`, TeX4ht's `frac` and `math`, and the `latex`, `tex`,
 * `equation`, `formula` classes of other converters.
 */
const FORMULA_CLASS = /(?:^|[\s_-])(?:latex|tex|math|equation|eqn|formula|frac|ql-img)(?:$|[\s_-])/i;
/**
 * LaTeX in an alt text: a command ("\frac"), a braced script ("x^{2}"), a power ("x^2"), or an escaped
 * brace or space.
 */
const LATEX = /\\[a-zA-Z]{2,}|[_^]\{|[\w)]\^[\w(]|\\[{}()[\],;!]/;
/** An image file's path or name for alt text ("C:\\Users\\…\\Screenshot (281).png"): a converter's, no formula. */
const IMAGE_PATH = /^[A-Za-z]:[\\/]|^\\\\|\.(?:png|jpe?g|gif|svg|bmp|tiff?|webp|emf|wmf)\b/i;
/** What a formula's plain alt text has: an operator, a script, a digit or a Greek letter. */
const MATH_LIKE = /[=+\-−×÷^_/<>≤≥\d\p{Script=Greek}]/u;
/** The longest alt text a class alone makes a formula. */
const MAX_CLASSED = 200;
/** A character every LaTeX alt text (`LATEX`, `DELIMITED`) has. */
const LATEX_MARK = /[\\^{$]/;
/** Delimiters around a formula's LaTeX: $…$, $$…$$, \(…\), \[…\], and MediaWiki's {\displaystyle …}. */
const DELIMITED = [
  /^\$\$([\s\S]+)\$\$$/,
  /^\$([\s\S]+)\$$/,
  /^\\\(([\s\S]+)\\\)$/,
  /^\\\[([\s\S]+)\\\]$/,
  /^\{\\(?:displaystyle|textstyle)\s+([\s\S]+)\}$/,
];

/**
 * The LaTeX of a picture of a formula, from its alt text: when the alt text is LaTeX, or its class marks a
 * formula (then any alt text is taken as the formula's). Undefined for any other picture. Converters set
 * a formula they cannot write as MathML as an image whose alt text is its source ("\frac{v - u}{t}"):
 * such an image inside a sentence is the sentence's formula, not a figure after it.
 */
export function formulaOfImage(className: string | undefined, alt: string): string | undefined {
  const classed = FORMULA_CLASS.test(className ?? '');
  // Most pictures are no formula: LaTeX, or a delimited one, has one of these characters.
  if (!classed && !LATEX_MARK.test(alt)) return undefined;
  let latex = alt.trim();
  for (const pattern of DELIMITED) {
    const inner = pattern.exec(latex)?.[1];
    if (inner !== undefined) {
      latex = inner.trim();
      break;
    }
  }
  if (latex === '' || IMAGE_PATH.test(latex)) return undefined;
  if (LATEX.test(latex)) return latex;
  // A class says formula: its alt text is one when it writes like one ("x^2 + y = 5", not "A diagram").
  return classed && MATH_LIKE.test(latex) && latex.length <= MAX_CLASSED ? latex : undefined;
}
