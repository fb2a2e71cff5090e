import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is at packages/testkit/{src,dist}/fixtures.*). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The real material in `../shared/fixtures` beside the repository (or `KALVIMATE_FIXTURES`), or
 * undefined when it is absent. Integration tests skip with a printed notice when it is.
 */
export function sharedFixturesDir(): string | undefined {
  const dir = process.env.KALVIMATE_FIXTURES ?? join(REPO_ROOT, '..', 'shared', 'fixtures');
  return existsSync(dir) ? dir : undefined;
}

/** A path inside the shared fixtures, or undefined (and a printed notice) when they are absent. */
export function sharedFixture(...parts: string[]): string | undefined {
  const dir = sharedFixturesDir();
  if (!dir) {
    process.stderr.write(
      `notice: ../shared/fixtures not found; skipping the integration test that reads ${parts.join('/')}\n`,
    );
    return undefined;
  }
  const path = join(dir, ...parts);
  return existsSync(path) ? path : undefined;
}

/**
 * The shapes of the seed's templates in `seed-batches/` (see the fixtures README): MCQ_based asks for
 * one quiz session, the other four for independent two-turn dialogues. Pass to publish as `--shape`.
 */
export const SEED_BATCH_SHAPES: readonly string[] = [
  'MCQ_based=session',
  'detailed_topic_breakdown=dialogues:2',
  'rapid_intuition_based_qna=dialogues:2',
  'real_world_or_casual_style=dialogues:2',
  'smart_assistant=dialogues:2',
];
