// What a command needs before it runs a stage — the environment, the config file, the data folder and a
// reporter — without the rest of the pipeline: `@kalvimate/pipeline/setup` loads none of the stages, the
// run or the report, so a one-stage command compiles only what it uses.
export { definedOnly } from './config.js';
export { CONFIG_FILE_NAME, type KalvimateConfig, loadConfigFile } from './config-file.js';
export { checkDataDir } from './data-dir.js';
export { loadEnvironment, readSecrets, type Secrets } from './environment.js';
export type { StageContext } from './stages/context.js';
export { StreamReporter, type StreamReporterOptions } from './stream-reporter.js';
export { terminalWidth, wrapLine } from './terminal-lines.js';
