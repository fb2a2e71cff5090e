import { formatWithOptions } from 'node:util';
import { redact } from '@kalvimate/core';
import type { Logger } from 'openai/client';

/**
 * The logger handed to the OpenAI SDK. The SDK's default logs `debug` and `info` (`OPENAI_LOG=debug`)
 * with `console.log`, that is on stdout, where they break `--json`; this one writes every level to
 * `write` (stderr by default), each line through the secret redactor, request bodies and headers included.
 */
export function sdkLogger(write: (text: string) => void = (text) => process.stderr.write(text)): Logger {
  const log =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      write(
        `${redact(`openai ${level}: ${formatWithOptions({ colors: false, depth: 6 }, message, ...rest)}`)}\n`,
      );
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
}
