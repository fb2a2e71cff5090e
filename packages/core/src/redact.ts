/** Patterns of secrets that are recognisable by their shape alone. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // OpenAI keys: sk-..., sk-proj-..., sk-svcacct-...
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  // Hugging Face user and org tokens.
  /\bhf_[A-Za-z0-9]{16,}/g,
  // Bearer headers that were printed whole.
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi,
];

/** Names of environment variables whose values are secrets wherever they appear. */
export const SECRET_ENV_VARS: readonly string[] = ['OPENAI_API_KEY', 'API_KEY', 'HF_TOKEN'];

const REDACTED = '[REDACTED]';
const knownSecrets = new Set<string>();

/**
 * Registers a secret value so that `redact` removes it from every string from now on.
 * Values shorter than 6 characters are ignored: they would redact ordinary words.
 */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.trim().length >= 6) knownSecrets.add(value.trim());
}

/** Registers the values of the secret environment variables (see SECRET_ENV_VARS) found in `env`. */
export function registerSecretsFromEnv(env: Record<string, string | undefined> = process.env): void {
  for (const name of SECRET_ENV_VARS) registerSecret(env[name]);
}

/** Forgets every registered secret (for tests). */
export function clearRegisteredSecrets(): void {
  knownSecrets.clear();
}

/**
 * Removes API keys and tokens from `text`: OpenAI `sk-…` keys, Hugging Face `hf_…` tokens, bearer
 * headers, and every registered secret value.
 * @example redact('key sk-abcdefghijklmnopqrstu') // 'key [REDACTED]'
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
