import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { parseShapeRule } from '@kalvimate/conversations/shape';
import { isKalvimateError } from '@kalvimate/core/errors';
import type { GenerateStageOptions, PublishStageOptions, SubmitStageOptions } from '@kalvimate/pipeline';
import { assertRepoId, parseSystemMessage, parseTestSplit } from '@kalvimate/publish/flag-rules';
import { InvalidArgumentError } from 'commander';
import { integerOption, listOption } from './option-parsers.js';

// The flags of generate, submit and publish, declared once: each command takes its stage's, and `run`
// takes all of them, each description then naming its stage. A value is checked where commander parses
// it, by the rule the stage itself applies (publish's flag rules, which its options schema uses too, and
// the shape rules), so a mistake stops the command before any stage runs or anything is spent.

/** Turns a rule's UserInputError into commander's error for the flag (exit 2), hint included. */
function asFlagValue<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isKalvimateError(error)) throw error;
    throw new InvalidArgumentError(error.hint ? `${error.message}\nhint: ${error.hint}` : error.message);
  }
}

/** `--test-split SHARE` and `--system-message TEXT`, as publish takes them. */
export const testSplitOption = (value: string) => asFlagValue(() => parseTestSplit(value));
export const systemMessageOption = (value: string) => asFlagValue(() => parseSystemMessage(value));

/** `--repo-id OWNER/NAME`, as the Hub accepts it. */
export function repoIdOption(value: string): string {
  return asFlagValue(() => {
    assertRepoId(value);
    return value;
  });
}

/** `--shape NAME=SHAPE`, one rule per flag, repeatable (never variadic: a variadic flag swallows the EPUB). */
export function shapeOption(value: string, previous: string[] | undefined): string[] {
  asFlagValue(() => parseShapeRule(value));
  return [...(previous ?? []), value];
}

/** `--poll-interval SECONDS`: more than 0, at most an hour. */
function pollSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError('expected seconds, more than 0 and at most 3600.');
  }
  return n;
}

/** The flags each helper adds, typed as the stage's own options. */
type GenerateFlags = Pick<GenerateStageOptions, 'templates' | 'limit'>;
type SubmitFlags = Pick<SubmitStageOptions, 'pollInterval' | 'maxAttempts' | 'mode'>;
type PublishFlags = Pick<
  PublishStageOptions,
  'repoId' | 'private' | 'upload' | 'systemMessage' | 'systemMessageFile' | 'shape' | 'testSplit' | 'jsonl'
>;

// Each helper declares its flags on the command and gives it back typed with them: the declared type,
// not the one commander's typings infer through nested helpers, which keeps type checking fast.

/** Generate's choice of templates and its pilot size (`stage` prefixes each description, e.g. "generate: "). */
export function withGenerateFlags<A extends unknown[], O extends OptionValues>(
  command: Command<A, O>,
  stage = '',
): Command<A, O & GenerateFlags> {
  command
    .option(
      '--templates <a,b>',
      `${stage}only these templates (default: every template in the prompt folder)`,
      listOption,
    )
    .option(
      '--limit <n>',
      `${stage}a cheap pilot: only the first N topics, taken in book order round-robin over the chapters (default: all)`,
      integerOption,
    );
  return command as Command<A, O & GenerateFlags>;
}

/** Submit's polling, attempts and mode. */
export function withSubmitFlags<A extends unknown[], O extends OptionValues>(
  command: Command<A, O>,
  stage = '',
): Command<A, O & SubmitFlags> {
  command
    .option(
      '--poll-interval <seconds>',
      `${stage}seconds between status checks (default: adaptive, 5 s growing to 60 s)`,
      pollSeconds,
    )
    .option(
      '--max-attempts <n>',
      `${stage}tries per request: the batch plus retry parts (default 3)`,
      integerOption,
    )
    .addOption(
      new Option(
        '--mode <mode>',
        `${stage}batch: Batch API, half price (default); direct: chat completions`,
      ).choices(['batch', 'direct'] as const),
    );
  return command as Command<A, O & SubmitFlags>;
}

/** Publish's repository, system message, shapes, split and extra JSONL. */
export function withPublishFlags<A extends unknown[], O extends OptionValues>(
  command: Command<A, O>,
  stage = '',
): Command<A, O & PublishFlags> {
  command
    .option(
      '--repo-id <owner/name>',
      `${stage}the Hugging Face dataset repo to push to (default: config publish.repoId)`,
      repoIdOption,
    )
    .option('--private', `${stage}create the dataset repo as private (when it does not exist yet)`)
    .option('--no-upload', `${stage}only write the dataset folder, even with a repo id`)
    .option(
      '--system-message <text>',
      `${stage}the system message every conversation starts with`,
      systemMessageOption,
    )
    .option('--system-message-file <file>', `${stage}read the system message from a file`)
    .option(
      '--shape <name=shape>',
      `${stage}template shape for custom_ids ending in NAME: NAME=session or NAME=dialogues:K (K turns = messages per conversation, even: a question and its answer are 2); repeatable`,
      shapeOption,
    )
    .option(
      '--test-split <share>',
      `${stage}share of topics in the test split (default 0.1)`,
      testSplitOption,
    )
    .option('--jsonl', `${stage}also write jsonl/train.jsonl and jsonl/test.jsonl`);
  return command as Command<A, O & PublishFlags>;
}
