import { ExitCode, isKalvimateError, UserInputError } from '@kalvimate/core/errors';
import { redact } from '@kalvimate/core/redact';

// The file system saying no is the environment's doing (a file where a folder should be, a folder
// the user may not write, a read-only disk), not a bug: exit 2 with the path and what to do.

const ACTIONS: Record<string, string> = {
  mkdir: 'create the folder',
  open: 'open',
  rename: 'replace',
  unlink: 'remove',
  rmdir: 'remove',
  scandir: 'list',
  copyfile: 'copy to',
  write: 'write',
};

function action(syscall: string | undefined): string {
  return (syscall && ACTIONS[syscall]) ?? 'use';
}

interface ErrnoLike {
  code: string;
  path: string;
  syscall?: string;
}

function errnoOf(error: unknown): ErrnoLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const { code, path, syscall, dest } = current as NodeJS.ErrnoException & { dest?: unknown };
    // A rename's own path is the temp file it moves; the user named (and cares about) its destination.
    const named = syscall === 'rename' && typeof dest === 'string' ? dest : path;
    if (typeof code === 'string' && typeof named === 'string')
      return { code, path: named, ...(syscall ? { syscall } : {}) };
    current = current.cause;
  }
  return undefined;
}

/**
 * The user error behind a file-system failure on a path (EEXIST from mkdir, ENOTDIR, EISDIR, EACCES,
 * EPERM, EROFS), found on the error or its causes; undefined for anything else.
 */
export function environmentError(error: unknown): UserInputError | undefined {
  const errno = errnoOf(error);
  if (!errno) return undefined;
  const { code, path, syscall } = errno;
  const where = `cannot ${action(syscall)} ${path}`;
  if ((code === 'EEXIST' && syscall === 'mkdir') || code === 'ENOTDIR') {
    return new UserInputError('PATH_NOT_A_FOLDER', `${where}: a file is where a folder should be (${code})`, {
      file: path,
      cause: error,
      hint: `Move that file away, or pass --data-dir (or --out) a folder: ${path} must be a folder or not exist.`,
    });
  }
  if (code === 'EISDIR') {
    return new UserInputError('PATH_IS_A_FOLDER', `${where}: it is a folder, not a file (${code})`, {
      file: path,
      cause: error,
      hint: `Give the path of a file, not of the folder ${path}.`,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    const why = code === 'EROFS' ? 'the file system is read-only' : 'permission denied';
    return new UserInputError('PATH_NOT_WRITABLE', `${where}: ${why} (${code})`, {
      file: path,
      cause: error,
      hint: `Make ${path} writable for this user, or pass --data-dir a folder you can write to.`,
    });
  }
  return undefined;
}

/** What went wrong, as a person and a log should see it. */
export interface ErrorReport {
  /** A stable code (`CONFIG_INVALID`, `PATH_NOT_WRITABLE`, …); `INTERNAL` for a bug. */
  code: string;
  /** One line, secrets removed. */
  message: string;
  /** What to do about it, when known. */
  hint?: string;
  /** The file at fault, when one is (secrets removed). */
  file?: string;
  /** The 1-based line of `file` at fault (a JSONL line). */
  line?: number;
  /** The process exit code it calls for (2 a user's mistake, 3 an outside service, 1 a bug). */
  exitCode: number;
  /** True for a bug in KalviMate (not a user's mistake nor the environment's). */
  internal: boolean;
}

/**
 * Classifies anything a stage or a run threw: KalviMate's own errors as they are, file-system
 * refusals as the user errors they are (`environmentError`), anything else as an internal error.
 * @example const report = describeError(error); log(report.message); process.exitCode = report.exitCode;
 */
export function describeError(thrown: unknown): ErrorReport {
  const error = isKalvimateError(thrown) ? thrown : (environmentError(thrown) ?? thrown);
  if (isKalvimateError(error)) {
    const { code, exitCode, hint, file, line } = error;
    return {
      code,
      message: redact(error.message),
      exitCode,
      ...(hint ? { hint: redact(hint) } : {}),
      ...(file ? { file: redact(file) } : {}),
      ...(line !== undefined ? { line } : {}),
      internal: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: redact(`internal error: ${message}`),
    exitCode: ExitCode.internal,
    internal: true,
  };
}
