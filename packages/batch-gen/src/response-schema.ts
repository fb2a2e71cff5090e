import type { TemplateShape } from '@kalvimate/core';

const message = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: ['user', 'assistant'] },
    content: { type: 'string' },
  },
  required: ['role', 'content'],
  additionalProperties: false,
} as const;

const messages = { type: 'array', items: message } as const;

/**
 * The strict JSON schema a template's responses must follow: `{messages: […]}` for a session,
 * `{dialogues: [{messages: […]}, …]}` for independent dialogues.
 */
export function responseFormatFor(name: string, shape: TemplateShape['shape']): Record<string, unknown> {
  const schema =
    shape === 'session'
      ? { type: 'object', properties: { messages }, required: ['messages'], additionalProperties: false }
      : {
          type: 'object',
          properties: {
            dialogues: {
              type: 'array',
              items: {
                type: 'object',
                properties: { messages },
                required: ['messages'],
                additionalProperties: false,
              },
            },
          },
          required: ['dialogues'],
          additionalProperties: false,
        };
  return {
    type: 'json_schema',
    json_schema: { name: `${name}_${shape}`.slice(0, 64), strict: true, schema },
  };
}
