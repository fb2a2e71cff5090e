import { registerSecret } from '@kalvimate/core';

/** Secrets and endpoints, only ever read from the environment (or `.env`, which the CLI loads). */
export interface Secrets {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  hfToken?: string;
  hfEndpoint?: string;
}

/**
 * Reads the secrets as the CLI and the openai SDK do (`OPENAI_API_KEY`, the older `API_KEY`,
 * `OPENAI_BASE_URL`, `HF_TOKEN`, `HF_ENDPOINT`) and registers them with the redactor so that they
 * never reach any output.
 */
export function readSecrets(env: Record<string, string | undefined> = process.env): Secrets {
  const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  const secrets: Secrets = {
    openaiApiKey: nonEmpty(env.OPENAI_API_KEY) ?? nonEmpty(env.API_KEY),
    openaiBaseUrl: nonEmpty(env.OPENAI_BASE_URL),
    hfToken: nonEmpty(env.HF_TOKEN),
    hfEndpoint: nonEmpty(env.HF_ENDPOINT),
  };
  registerSecret(secrets.openaiApiKey);
  registerSecret(secrets.hfToken);
  return secrets;
}
