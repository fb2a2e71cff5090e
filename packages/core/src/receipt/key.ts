import { fstatSync, statSync } from 'node:fs';

/**
 * What a command's output depends on besides the files it reads: the command line, the folder it ran
 * in, the environment, the build and Node that ran it, and which of stdin, stdout and stderr are
 * terminals (and how wide). Two runs with equal keys and unchanged files print the same.
 */
export interface ReceiptKey {
  argv: string[];
  cwd: string;
  node: string;
  /** Identifies the build of the program (see `buildIdOf`). */
  build: string;
  /** A digest of the environment (see `environmentDigest`). */
  env: string;
  /** `<stdin>,<stdout>,<stderr>`: `-` for no terminal, else the terminal's columns (`t` for stdin). */
  terminals: string;
}

/** Variables a shell changes between two commands without meaning anything to ours. */
const VOLATILE = new Set(['_', 'OLDPWD']);

/**
 * Names of variables that may hold a secret. Their values are never written anywhere, not even hashed:
 * with any of them set no receipt is made or replayed (`environmentDigest` gives undefined).
 */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/** 64 bits of FNV-1a (two 32-bit lanes) of a string's UTF-16 units, as 16 hex digits: change detection, not security. */
export function fnv64(text: string): string {
  let high = 0x9747b28c;
  let low = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    high = Math.imul(high ^ c, 0x01000193);
    low = Math.imul(low ^ c, 0x01000193);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/**
 * A digest of every variable of `env` but the volatile ones, or undefined when a variable with a
 * secret's name is set (non-empty): then nothing of the environment is kept.
 */
export function environmentDigest(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const entries: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || VOLATILE.has(name)) continue;
    if (SECRET_NAME.test(name) && value !== '') return undefined;
    entries.push(`${name}=${value}`);
  }
  return fnv64(entries.sort().join('\0'));
}

/** The key of one command line, or undefined when its environment holds a secret. */
export function receiptKeyOf(
  input: Omit<ReceiptKey, 'env'> & { env: Record<string, string | undefined> },
): ReceiptKey | undefined {
  const env = environmentDigest(input.env);
  return env === undefined ? undefined : { ...input, argv: [...input.argv], env };
}

/** True when two keys are the same in every field. */
export function sameKey(a: ReceiptKey, b: ReceiptKey): boolean {
  return (
    a.cwd === b.cwd &&
    a.node === b.node &&
    a.build === b.build &&
    a.env === b.env &&
    a.terminals === b.terminals &&
    a.argv.length === b.argv.length &&
    a.argv.every((arg, i) => arg === b.argv[i])
  );
}

/** Identifies a build by its main file: size, modification time and inode (any rebuild changes them). */
export function buildIdOf(file: string): string {
  const info = statSync(file, { throwIfNoEntry: false });
  return info ? `${info.size}:${info.mtimeMs}:${info.ino}` : 'unknown';
}

/**
 * False for a pipe, a socket, a file or the null device; true for what may be a terminal (a character
 * device), without Node's tty module, which costs a few milliseconds to load.
 */
export function mayBeTerminal(fd: number, nullDevice = '/dev/null'): boolean {
  try {
    const info = fstatSync(fd);
    return info.isCharacterDevice() && info.rdev !== statSync(nullDevice).rdev;
  } catch {
    return true;
  }
}

/** The `terminals` of a key: which of stdin, stdout and stderr may be terminals, and the columns of those that write. */
export function terminalsOf(columnsOf: (fd: 1 | 2) => number | undefined): string {
  const stdin = mayBeTerminal(0) ? 't' : '-';
  const out = (fd: 1 | 2) => (mayBeTerminal(fd) ? String(columnsOf(fd) ?? 0) : '-');
  return `${stdin},${out(1)},${out(2)}`;
}
