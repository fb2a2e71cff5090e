import { createRequire } from 'node:module';

type Parse = (text: string) => unknown;
let parse: Parse | undefined;

/**
 * Parses YAML text, loading the YAML parser on first use: core is imported by every command, and most of
 * them (and `--help`) never read YAML.
 */
export function parseYamlText(text: string): unknown {
  parse ??= (createRequire(import.meta.url)('yaml') as { parse: Parse }).parse;
  return parse(text);
}
