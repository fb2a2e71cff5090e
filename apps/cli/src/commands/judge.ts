import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { shapeOption } from './stage-flags.js';

/** The options of `kalvimate judge`. */
export interface JudgeCommandOptions {
  in?: string;
  out?: string;
  requests?: string[];
  shape?: string[];
  prompts?: string;
  language?: string;
  /** False with `--no-llm`. */
  llm?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs the judge stage with config < flags. */
export async function runJudge(ctx: CommandContext, options: JudgeCommandOptions): Promise<CommandResult> {
  const { describeJudge, judgeStage } = await import('@kalvimate/pipeline');
  const outDir = options.out ? ctx.resolvePath(options.out) : ctx.paths.judgments;
  const { summary } = await judgeStage(ctx.stage, {
    ...(options.in ? { in: ctx.resolvePath(options.in) } : {}),
    out: outDir,
    ...(options.requests ? { requests: options.requests.map((f) => ctx.resolvePath(f)) } : {}),
    ...(options.shape ? { shape: options.shape } : {}),
    ...(options.prompts ? { prompts: ctx.resolvePath(options.prompts) } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  const lines = describeJudge({ outDir, summary });
  if (options.llm !== false)
    lines.push('the LLM judge round is not built yet: only the deterministic checks ran (as with --no-llm)');
  return { summary: { outDir, ...summary }, lines };
}

export const judgeCommand: CommandModule = {
  name: 'judge',
  summary: 'Check every conversation against the topic text its request gave the model; write judgments/',
  register(command, execute) {
    command
      .option(
        '--in <dir>',
        'Batch API result files (default: <data-dir>/clean_outputs); request files there are read too',
      )
      .option('--out <dir>', 'the judgments folder, replaced whole (default: <data-dir>/judgments)')
      .option(
        '--requests <file>',
        'a requests JSONL the results answer (default: <data-dir>/openai_inputs/requests.jsonl and parts/); repeatable',
        collect,
      )
      .option(
        '--shape <name=shape>',
        'template shape for custom_ids ending in NAME, as for publish; repeatable',
        shapeOption,
      )
      .option(
        '--prompts <dir>',
        'prompt templates whose front matter gives the shapes (default: KalviMate’s prompts/)',
      )
      .option('--language <code>', 'the book’s language (en, ta) when the request manifest does not name it')
      .option('--no-llm', 'run only the deterministic checks (no API call)')
      .addHelpText(
        'after',
        [
          '',
          'Cuts each response into conversations exactly as publish does and checks each one: numbers that',
          'contradict or are absent from its topic text, language, meta talk, repetition, runaway or empty',
          'turns, quiz structure, feedback that contradicts the answer key, unanswered dialogue questions.',
          'Writes judgments.jsonl (one record per conversation: id, flags, scores, verdict, reasons) and',
          'summary.json. The flags that set a conversation aside are judge.setAside in the config file.',
        ].join('\n'),
      )
      .action((opts) => execute((ctx) => runJudge(ctx, opts)));
  },
};
