import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convertRequest } from '../src/convert-request.js';
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

describe('convertRequest: tool and output schemas', () => {
  const base = { messages: [{ role: 'user' as const, content: 'Hi' }] };
  const settings = { modelId: 'claude-sonnet-5-5', provider: 'anthropic' };

  it("sends a Standard Schema's JSON Schema as input_schema, reduced when strict", () => {
    const params = convertRequest(
      { ...base, tools: [{ name: 'f', parameters: z.object({ n: z.number().min(1) }), strict: true }] },
      settings,
    );
    expect(params.tools).toEqual([
      {
        name: 'f',
        strict: true,
        input_schema: {
          type: 'object',
          properties: { n: { type: 'number', description: '{minimum: 1}' } },
          required: ['n'],
          additionalProperties: false,
        },
      },
    ]);
  });

  it('refuses a validator whose schema is not an object before sending', () => {
    expect(() => convertRequest({ ...base, tools: [{ name: 'f', parameters: z.string() }] }, settings)).toThrow(
      /Anthropic tools take an object schema/,
    );
  });

  it('sends a Standard Schema response format as output_config.format', () => {
    const params = convertRequest(
      { ...base, responseFormat: { type: 'json_schema', schema: z.object({ a: z.string() }) } },
      settings,
    );
    expect(params.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
      },
    });
  });
});
