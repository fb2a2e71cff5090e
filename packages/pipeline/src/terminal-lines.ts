// Lines for a terminal: what a program that prints the pipeline's lines (describeEvent and the other
// describe functions) needs so that they fit the terminal's width.

/**
 * Breaks a line at spaces so that no piece is wider than `width` columns, the later pieces indented by
 * `indent` spaces (a terminal then shows a stage's summary as a block, not wrapped at random under the
 * stage name). A word longer than a whole line (a path) is kept whole rather than broken.
 * @example wrapLine('publish    wrote 12 conversations to data/dataset', 30, 11) // ['publish    wrote 12', '           conversations to', '           data/dataset']
 */
export function wrapLine(line: string, width: number, indent: number): string[] {
  if (line.length <= width) return [line];
  const margin = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(/(?<=\S) (?=\S)/)) {
    const next = current === '' ? word : `${current} ${word}`;
    if (next.length <= width || current.trim() === '') current = next;
    else {
      lines.push(current);
      current = `${margin}${word.trimStart()}`;
    }
  }
  lines.push(current);
  return lines;
}

/** A stream's width in columns when it is a terminal; undefined for pipes and files (never wrapped). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number | undefined {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0
    ? stream.columns
    : undefined;
}
