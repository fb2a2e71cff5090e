import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, redact, registerSecret, registerSecretsFromEnv } from './redact.js';

afterEach(() => clearRegisteredSecrets());

describe('redact', () => {
  it('removes OpenAI keys of every prefix', () => {
    const out = redact('key=sk-proj-AbCdEf0123456789xyzXYZ and sk-svcacct-1234567890abcdefgh');
    expect(out).not.toContain('sk-proj-AbCd');
    expect(out).not.toContain('1234567890abcdefgh');
    expect(out).toContain('[REDACTED]');
  });

  it('removes Hugging Face tokens and bearer headers', () => {
    expect(redact('token hf_abcdefghijklmnopqrstuvwxyz12')).toBe('token [REDACTED]');
    expect(redact('Authorization: Bearer abcdefghijklmnop1234')).toBe('Authorization: Bearer [REDACTED]');
  });

  it('removes registered secrets of any shape, from the environment too', () => {
    registerSecretsFromEnv({ OPENAI_API_KEY: 'local-server-key-42', HF_TOKEN: undefined });
    registerSecret('another-secret');
    expect(redact('using local-server-key-42 and another-secret')).toBe('using [REDACTED] and [REDACTED]');
  });

  it('leaves ordinary text alone, including short values', () => {
    registerSecret('abc');
    expect(redact('ask-me about 9.8 m s⁻² at abc')).toBe('ask-me about 9.8 m s⁻² at abc');
  });
});
