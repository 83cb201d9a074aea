import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { toAnthropicSchema } from '../src/convert-schema.js';

describe('toAnthropicSchema', () => {
  it('closes objects, turns oneOf into anyOf and describes constraints it does not enforce', () => {
    expect(
      toAnthropicSchema(
        {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: {
            n: { type: 'integer', description: 'How many', minimum: 1, maximum: 9 },
            tags: { type: 'array', items: { type: 'string', format: 'uri' }, minItems: 1, maxItems: 3 },
            v: { oneOf: [{ type: 'string' }, { type: 'number' }] },
          },
          required: ['n'],
        },
        'x',
      ),
    ).toEqual({
      type: 'object',
      properties: {
        n: { type: 'integer', description: 'How many\n\n{minimum: 1, maximum: 9}' },
        tags: { type: 'array', items: { type: 'string', format: 'uri' }, minItems: 1, description: '{maxItems: 3}' },
        v: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['n'],
      additionalProperties: false,
    });
  });

  it.each([
    ['a map of free keys', { type: 'object', additionalProperties: { type: 'string' } }, 'map of free keys'],
    ['additionalProperties: true', { type: 'object', additionalProperties: true }, 'additionalProperties: false'],
    ['not', { type: 'object', properties: { a: { not: { type: 'null' } } } }, 'x.properties.a: "not"'],
    ['a tuple', { type: 'array', items: [{ type: 'string' }] }, 'tuple'],
  ])('refuses %s with invalid_request', (_name, schema, text) => {
    let caught: unknown;
    try {
      toAnthropicSchema(schema, 'x');
    } catch (error) {
      caught = error;
    }
    expect(isLLMError(caught) && caught.code).toBe('invalid_request');
    expect((caught as Error).message).toContain(text);
  });
});
