import { Option } from 'commander';
import type { CommandModule } from '../command.js';

/** A subcommand as `kalvimate --help` lists it, and how to load the module that parses and runs it. */
export interface CommandEntry {
  name: string;
  /** What follows the name in `kalvimate --help`: `[options]` when it has options, then its arguments. */
  usage: string;
  /** The same one line as the module's own `summary` (a test keeps the two equal). */
  summary: string;
  load(): Promise<CommandModule>;
}

// Loading a command's module loads its stage's options (zod schemas) and what it imports; a
// process needs the one it runs, and `--version` and `--help` need none.
/** Every subcommand, in the order of the pipeline, without loading any of them. */
export const COMMAND_CATALOG: readonly CommandEntry[] = [
  {
    name: 'extract',
    usage: '[options] [epub]',
    summary: 'Parse an EPUB into chapters and numbered topics',
    load: async () => (await import('./extract.js')).extractCommand,
  },
  {
    name: 'preprocess',
    usage: '[options]',
    summary: 'Clean the extracted text (unicode, OCR splits, spoken math) without damaging formulas',
    load: async () => (await import('./preprocess.js')).preprocessCommand,
  },
  {
    name: 'generate',
    usage: '[options]',
    summary: 'Write one Batch API request per topic and prompt template, with a cost estimate',
    load: async () => (await import('./generate.js')).generateCommand,
  },
  {
    name: 'estimate',
    usage: '[options] <file>',
    summary: 'Estimate tokens and cost of any Batch API input file',
    load: async () => (await import('./estimate.js')).estimateCommand,
  },
  {
    name: 'split',
    usage: '[options] [file]',
    summary: 'Split a Batch API input file into parts under every API limit',
    load: async () => (await import('./split.js')).splitCommand,
  },
  {
    name: 'submit',
    usage: '[options] [part...]',
    summary: 'Upload the parts, run the batches and download the results (spends money)',
    load: async () => (await import('./submit.js')).submitCommand,
  },
  {
    name: 'status',
    usage: '[options]',
    summary: "Show each part's batch, its state, counts and cost so far",
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'cancel',
    usage: '[part...]',
    summary: 'Cancel running batches',
    load: async () => (await import('./cancel.js')).cancelCommand,
  },
  {
    name: 'publish',
    usage: '[options]',
    summary: 'Turn results into validated conversations, write the dataset and push it to the Hub',
    load: async () => (await import('./publish.js')).publishCommand,
  },
  {
    name: 'run',
    usage: '[options] [epub]',
    summary: 'Run the whole pipeline on one book, with a spending guard',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'report',
    usage: '[options]',
    summary: 'Write data/report.html: charts and key numbers of a run',
    load: async () => (await import('./report.js')).reportCommand,
  },
];

/** A stand-in for a command this process will not run: enough for `--help` to list it as its module would. */
function listedOnly(entry: CommandEntry): CommandModule {
  return {
    name: entry.name,
    summary: entry.summary,
    configure(command) {
      // Commander lists a command as its name, "[options]" when it has any, and its arguments.
      for (const part of entry.usage.split(' ')) {
        if (part === '[options]') command.addOption(new Option('--listed-only').hideHelp());
        else if (part !== '') command.argument(part);
      }
    },
    run: async () => {
      throw new Error(`the module of "kalvimate ${entry.name}" was not loaded`);
    },
  };
}

/**
 * The commands for one command line: the modules of those whose name appears in `argv` (the one
 * that runs, or the one `help NAME` explains), stand-ins for the rest.
 */
export async function commandsFor(
  argv: readonly string[],
  catalog: readonly CommandEntry[] = COMMAND_CATALOG,
): Promise<CommandModule[]> {
  return Promise.all(catalog.map((entry) => (argv.includes(entry.name) ? entry.load() : listedOnly(entry))));
}

/** Every command's module (for validating every section of a config file). */
export function loadAllCommands(
  catalog: readonly CommandEntry[] = COMMAND_CATALOG,
): Promise<CommandModule[]> {
  return Promise.all(catalog.map((entry) => entry.load()));
}
