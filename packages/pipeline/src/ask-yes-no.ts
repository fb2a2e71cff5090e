/**
 * Asks a yes/no question on a terminal (the `confirm` of a run's options, say); anything but y or yes is
 * a no, and so is input that ends unanswered. readline is loaded on the first question, not with the pipeline.
 * @example await runPipeline({ ..., confirm: (q) => askYesNo(q, process.stdin, process.stderr) })
 */
export async function askYesNo(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input, output, terminal: false });
  // Input that ends before a line (Ctrl-D) is a no, not a question left waiting for ever.
  const ended = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), ended]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
