/** Levels of a log message. */
export type LogLevel = 'debug' | 'info' | 'warn';

/** What a stage tells about its long work; the CLI renders it (progress bar, plain lines or nothing). */
export type StageEvent =
  | { type: 'phase'; phase: string; total?: number; unit?: string }
  | { type: 'progress'; done: number; total?: number }
  | { type: 'log'; level: LogLevel; message: string };

/**
 * How stages report progress and warnings. Stages never write to the console: they call a Reporter,
 * and the CLI decides how it looks.
 */
export interface Reporter {
  /** A new phase of the work starts, with the number of units it will take when known. */
  phase(name: string, total?: number, unit?: string): void;
  /** `done` units of the current phase are finished. */
  progress(done: number, total?: number): void;
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** A Reporter that drops everything (the default in library use). */
export const silentReporter: Reporter = {
  phase() {},
  progress() {},
  info() {},
  warn() {},
  debug() {},
};

/** A Reporter that keeps every event, for tests and for summaries. */
export class MemoryReporter implements Reporter {
  readonly events: StageEvent[] = [];

  phase(phase: string, total?: number, unit?: string): void {
    this.events.push({
      type: 'phase',
      phase,
      ...(total === undefined ? {} : { total }),
      ...(unit ? { unit } : {}),
    });
  }
  progress(done: number, total?: number): void {
    this.events.push({ type: 'progress', done, ...(total === undefined ? {} : { total }) });
  }
  info(message: string): void {
    this.events.push({ type: 'log', level: 'info', message });
  }
  warn(message: string): void {
    this.events.push({ type: 'log', level: 'warn', message });
  }
  debug(message: string): void {
    this.events.push({ type: 'log', level: 'debug', message });
  }

  /** Messages logged at `level`. */
  messages(level: LogLevel): string[] {
    return this.events.flatMap((e) => (e.type === 'log' && e.level === level ? [e.message] : []));
  }
}

/** Forwards one event to a Reporter. */
export function reportEvent(reporter: Reporter, event: StageEvent): void {
  switch (event.type) {
    case 'phase':
      reporter.phase(event.phase, event.total, event.unit);
      break;
    case 'progress':
      reporter.progress(event.done, event.total);
      break;
    case 'log':
      reporter[event.level](event.message);
      break;
  }
}

/**
 * Runs a stage's event generator to its end, forwarding its events to `reporter`, and returns
 * its result (the shape of `commitIter` / `commit` in @huggingface/hub).
 */
export async function runToEnd<T>(
  events: AsyncGenerator<StageEvent, T> | Generator<StageEvent, T>,
  reporter: Reporter = silentReporter,
): Promise<T> {
  for (;;) {
    const next = await events.next();
    if (next.done) return next.value;
    reportEvent(reporter, next.value);
  }
}
