import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { numberOption } from './option-parsers.js';
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
  /** False with `--no-judge` (the same as `--no-llm`). */
  judge?: boolean;
  judgeModel?: string;
  maxCost?: number;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs the judge stage with config < flags. */
export async function runJudge(ctx: CommandContext, options: JudgeCommandOptions): Promise<CommandResult> {
  const { definedOnly, describeJudge, judgeStage } = await import('@kalvimate/pipeline');
  const { llm, judge, judgeModel, ...rest } = ctx.resolvePaths(options, 'in', 'out', 'requests', 'prompts');
  const outDir = rest.out ?? ctx.paths.judgments;
  const noLlm = llm === false || judge === false;
  const stageOptions = { ...rest, out: outDir, model: judgeModel, ...(noLlm ? { llm: false } : {}) };
  const { summary } = await judgeStage(ctx.stage, { ...definedOnly(stageOptions), ...ctx.openai });
  return { summary: { outDir, ...summary }, lines: describeJudge({ outDir, summary }) };
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
      .option(
        '--out <dir>',
        'the judgments folder, replaced whole; never a folder of other files (default: <data-dir>/judgments)',
      )
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
      .option('--no-judge', 'the same as --no-llm: skip the LLM judge round')
      .option('--judge-model <name>', 'model of the LLM judge round (default: judge.model, else gpt-4o-mini)')
      .option(
        '--max-cost <usd>',
        'refuse the LLM judge round (nothing sent) when its estimate is over this many US dollars',
        numberOption,
      )
      .addHelpText(
        'after',
        [
          '',
          'Cuts each response into conversations exactly as publish does and checks each one: numbers that',
          'contradict or are absent from its topic text, language, meta talk, repetition, runaway or empty',
          'turns, quiz structure, feedback that contradicts the answer key, unanswered dialogue questions.',
          'Writes judgments.jsonl (one record per conversation: id, flags, scores, verdict, reasons) and',
          'summary.json. The flags that set a conversation aside are judge.setAside in the config file.',
          '',
          'Then the LLM judge round: one request per conversation the checks keep, scored on the rubric',
          'prompts/judges/tutor.md (faithfulness, correctness, pedagogy, clarity, language, 1-5), sent',
          'through the splitter and the Batch API like submit (<data-dir>/judge_inputs/, judge_batches/',
          'ledger.json, judge_outputs/): never paid twice, resumed after a crash, direct mode for servers',
          'without a Batch API. It prints its estimate first and --max-cost refuses it. A conversation',
          'scored below judge.minScore (default 3) on any criterion is set aside (flag low-score). Without',
          'OPENAI_API_KEY (or OPENAI_BASE_URL) only the deterministic checks run.',
        ].join('\n'),
      )
      .action((opts) => execute((ctx) => runJudge(ctx, opts)));
  },
};
