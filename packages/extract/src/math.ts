import { MathMLToLaTeX } from 'mathml-to-latex';

/** Converts a MathML fragment to LaTeX; falls back to the math's plain text when conversion fails. */
export function mathmlToLatex(mathml: string, fallbackText: string): string {
  try {
    const latex = MathMLToLaTeX.convert(mathml).trim();
    return (latex === '' ? fallbackText.trim() : latex).normalize('NFC');
  } catch {
    return fallbackText.trim().normalize('NFC');
  }
}
