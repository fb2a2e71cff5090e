export type { CommandModule, CommandResult } from './command.js';
export type { CommandContext } from './context.js';
export { processIO } from './io.js';
export { buildProgram, main } from './program.js';
export { rehearseRun } from './rehearsal.js';
