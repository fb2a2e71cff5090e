import type { CommandModule } from '../command.js';
import { cancelCommand } from './cancel.js';
import { estimateCommand } from './estimate.js';
import { extractCommand } from './extract.js';
import { generateCommand } from './generate.js';
import { judgeCommand } from './judge.js';
import { preprocessCommand } from './preprocess.js';
import { publishCommand } from './publish.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { splitCommand } from './split.js';
import { statusCommand } from './status.js';
import { submitCommand } from './submit.js';

/** Every subcommand, in the order of the pipeline. */
export const COMMANDS: readonly CommandModule[] = [
  extractCommand,
  preprocessCommand,
  generateCommand,
  estimateCommand,
  splitCommand,
  submitCommand,
  statusCommand,
  cancelCommand,
  judgeCommand,
  publishCommand,
  runCommand,
  reportCommand,
];
