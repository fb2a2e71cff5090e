import { readFileSync } from 'node:fs';

const isHelpFlag = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** The help screen a command line asks for alone: '' the program's, a name a command's; else undefined. */
export function helpRequest(args: readonly string[]): string | undefined {
  const [first, second] = args;
  if (first === undefined || (args.length === 1 && isHelpFlag(first))) return '';
  return args.length === 2 && isHelpFlag(second) && !first.startsWith('-') ? first : undefined;
}

/**
 * Help on a pipe or in a file without loading the program: the texts the build renders from it
 * (dist/help.json). Undefined on a terminal (commander fits help to its width), for any other command
 * line, and for a name or a file without a text.
 */
export function quickHelp(
  args: readonly string[],
  helpFile: string,
  stdoutMayBeTerminal: () => boolean,
): string | undefined {
  const request = helpRequest(args);
  if (request === undefined || stdoutMayBeTerminal()) return undefined;
  try {
    const texts: unknown = JSON.parse(readFileSync(helpFile, 'utf8'));
    const found = texts && typeof texts === 'object' && Object.hasOwn(texts, request);
    const text = found ? (texts as Record<string, unknown>)[request] : undefined;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
