export type { CommandModule, CommandResult } from './command.js';
export type { CommandContext } from './context.js';
export { buildProgram, main } from './program.js';
