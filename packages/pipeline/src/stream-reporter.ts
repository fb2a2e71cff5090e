import { formatCount, type Reporter } from '@kalvimate/core';
import { redact } from '@kalvimate/core/redact';

export interface StreamReporterOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /**
   * A terminal: one transient status line (the phase and its bar, cut to the terminal's width) that
   * `close()` erases, as pnpm and cargo do. Otherwise (pipes, CI): plain, throttled lines, no bars.
   */
  interactive: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Prefix of every line, e.g. the stage name. */
  label?: string;
  now?: () => number;
}

const BAR_WIDTH = 24;
const PLAIN_INTERVAL_MS = 5_000;

/**
 * A Reporter that writes to a stream, as the CLI does: on a terminal a transient status line with a
 * progress bar; elsewhere (a log file, a job runner's output) plain lines with at most one progress
 * line every few seconds. `quiet` keeps only warnings. Every line passes through the secret redactor.
 * @example await extractStage({ paths, config: {}, reporter: new StreamReporter({ stream: process.stderr, interactive: false }) }, { epub });
 */
export class StreamReporter implements Reporter {
  private readonly options: StreamReporterOptions;
  private readonly now: () => number;
  private phaseName = '';
  private phaseTotal: number | undefined;
  private phaseUnit = '';
  private barShown = false;
  private lastPlainAt = 0;
  private lastPlainDone = -1;

  constructor(options: StreamReporterOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  private prefix(): string {
    return this.options.label ? `[${this.options.label}] ` : '';
  }

  private clearBar(): void {
    if (this.barShown) {
      this.options.stream.write('\r\x1b[2K');
      this.barShown = false;
    }
  }

  private line(text: string): void {
    this.clearBar();
    this.options.stream.write(`${redact(`${this.prefix()}${text}`)}\n`);
  }

  phase(name: string, total?: number, unit?: string): void {
    this.phaseName = name;
    this.phaseTotal = total;
    this.phaseUnit = unit ?? '';
    this.lastPlainAt = this.now();
    this.lastPlainDone = -1;
    if (this.options.quiet) return;
    const size = total === undefined ? '' : ` (${formatCount(total)}${unit ? ` ${unit}` : ''})`;
    // On a terminal the phase is the status line until its progress replaces it.
    if (this.options.interactive) this.status(`${this.prefix()}${name}${size}`);
    else this.line(`${name}${size}`);
  }

  /** Draws the one status line, cut to the terminal's width so that it never wraps. */
  private status(text: string): void {
    const width = this.options.stream.columns ?? 80;
    const shown = text.length < width ? text : `${text.slice(0, Math.max(0, width - 2))}…`;
    this.options.stream.write(`\r\x1b[2K${redact(shown)}`);
    this.barShown = true;
  }

  progress(done: number, total?: number): void {
    if (this.options.quiet) return;
    const all = total ?? this.phaseTotal;
    if (this.options.interactive) {
      const ratio = all ? Math.min(1, done / all) : 0;
      const filled = Math.round(ratio * BAR_WIDTH);
      const bar = all ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
      const count = all ? `${formatCount(done)}/${formatCount(all)}` : formatCount(done);
      this.status(`${this.prefix()}${this.phaseName} ${bar}${count} ${this.phaseUnit}`.trimEnd());
      return;
    }
    const at = this.now();
    if (done === this.lastPlainDone) return;
    if (at - this.lastPlainAt < PLAIN_INTERVAL_MS && done !== all) return;
    this.lastPlainAt = at;
    this.lastPlainDone = done;
    this.line(
      `${this.phaseName}: ${formatCount(done)}${all ? `/${formatCount(all)}` : ''} ${this.phaseUnit}`.trimEnd(),
    );
  }

  info(message: string): void {
    if (!this.options.quiet) this.line(message);
  }

  warn(message: string): void {
    this.line(`warning: ${message}`);
  }

  debug(message: string): void {
    if (this.options.verbose) this.line(`debug: ${message}`);
  }

  /** Erases the status line, so that the stage's summary takes its place. */
  close(): void {
    this.clearBar();
  }
}
