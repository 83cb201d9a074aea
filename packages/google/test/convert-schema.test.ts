import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convertRequest } from '../src/convert-request.js';
import { toGeminiParameters, toGeminiSchema } from '../src/convert-schema.js';

describe('toGeminiSchema', () => {
  it.each([
    ['upper-cases types', { type: 'string' }, { type: 'STRING' }],
    [
      'keeps descriptions, titles and bounds',
      { type: 'integer', title: 'Count', description: 'How many', minimum: 1, maximum: 9 },
      { type: 'INTEGER', title: 'Count', description: 'How many', minimum: 1, maximum: 9 },
    ],
    [
      'drops $schema, $id and additionalProperties; describes constraints it cannot carry',
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: 'x',
        type: 'object',
        properties: { a: { type: 'number', exclusiveMinimum: 0, multipleOf: 2 } },
        additionalProperties: false,
      },
      { type: 'OBJECT', properties: { a: { type: 'NUMBER', description: '{exclusiveMinimum: 0, multipleOf: 2}' } } },
    ],
    ['turns a nullable type list into nullable', { type: ['string', 'null'] }, { type: 'STRING', nullable: true }],
    [
      'turns a type list into anyOf',
      { type: ['string', 'integer'] },
      { anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] },
    ],
    [
      'inlines a union with null',
      { anyOf: [{ type: 'string' }, { type: 'null' }] },
      { type: 'STRING', nullable: true },
    ],
    [
      'turns oneOf into anyOf',
      { oneOf: [{ type: 'string' }, { type: 'number' }] },
      { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
    ],
    [
      'never sends type and anyOf together',
      { type: 'object', anyOf: [{ type: 'string' }, { type: 'number' }] },
      { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
    ],
    ['turns const into a one-value enum', { const: 'fast' }, { type: 'STRING', enum: ['fast'] }],
    ['keeps string enums', { type: 'string', enum: ['a', 'b'] }, { type: 'STRING', enum: ['a', 'b'] }],
    [
      'describes enums that are not all strings',
      { type: 'integer', enum: [1, 2] },
      { type: 'INTEGER', description: '{enum: [1,2]}' },
    ],
    ['keeps formats Gemini accepts', { type: 'string', format: 'date-time' }, { type: 'STRING', format: 'date-time' }],
    [
      'describes formats Gemini rejects, after the description',
      { type: 'string', description: 'A link', format: 'uri' },
      { type: 'STRING', description: 'A link\n\n{format: "uri"}' },
    ],
    ['takes the first example', { type: 'string', examples: ['x', 'y'] }, { type: 'STRING', example: 'x' }],
    [
      'keeps only required names that are properties',
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost'] },
      { type: 'OBJECT', properties: { a: { type: 'STRING' } }, required: ['a'] },
    ],
    ['leaves out empty properties', { type: 'object', properties: {} }, { type: 'OBJECT' }],
    // Gemini rejects an ARRAY schema without `items` ("items: missing field").
    ['gives an array without items an empty items schema', { type: 'array' }, { type: 'ARRAY', items: {} }],
    [
      'gives a nullable array without items an empty items schema',
      { type: ['array', 'null'] },
      { type: 'ARRAY', nullable: true, items: {} },
    ],
    [
      'gives nested arrays without items an empty items schema',
      { type: 'object', properties: { tags: { type: 'array', items: { type: 'array' } } } },
      { type: 'OBJECT', properties: { tags: { type: 'ARRAY', items: { type: 'ARRAY', items: {} } } } },
    ],
    [
      'infers OBJECT and ARRAY when the type is missing',
      { properties: { list: { items: { type: 'boolean' } } } },
      { type: 'OBJECT', properties: { list: { type: 'ARRAY', items: { type: 'BOOLEAN' } } } },
    ],
    [
      'merges allOf',
      {
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      },
      { type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'NUMBER' } }, required: ['a', 'b'] },
    ],
    [
      'inlines local $defs references',
      {
        type: 'object',
        properties: { home: { $ref: '#/$defs/Station', description: 'Where it starts' } },
        $defs: { Station: { type: 'object', properties: { name: { type: 'string' } } } },
      },
      {
        type: 'OBJECT',
        properties: {
          home: { type: 'OBJECT', description: 'Where it starts', properties: { name: { type: 'STRING' } } },
        },
      },
    ],
    [
      'inlines draft-07 definitions',
      { type: 'array', items: { $ref: '#/definitions/Id' }, definitions: { Id: { type: 'string' } } },
      { type: 'ARRAY', items: { type: 'STRING' } },
    ],
    ['returns an empty schema for non-objects', true, {}],
  ])('%s', (_name, input, expected) => {
    expect(toGeminiSchema(input)).toEqual(expected);
  });
});

describe('toGeminiSchema refuses what it cannot express', () => {
  it.each([
    ['not', { type: 'object', not: { required: ['b'] } }, '"not"'],
    ['patternProperties', { type: 'object', patternProperties: { '^x': { type: 'string' } } }, '"patternProperties"'],
    ['if', { type: 'object', if: { required: ['a'] } }, '"if"'],
    ['a tuple', { type: 'array', items: [{ type: 'number' }, { type: 'number' }] }, 'tuple'],
    ['prefixItems', { type: 'array', prefixItems: [{ type: 'number' }] }, '"prefixItems"'],
    ['a map of free keys', { type: 'object', additionalProperties: { type: 'number' } }, 'map of free keys'],
    [
      'a recursive reference',
      { $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } }, $ref: '#/$defs/Node' },
      'schema.properties.next: the recursive',
    ],
    ['a remote reference', { $ref: 'https://example.org/schema' }, 'not a local reference'],
  ])('%s', (_name, input, text) => {
    let caught: unknown;
    try {
      toGeminiSchema(input);
    } catch (error) {
      caught = error;
    }
    expect(isLLMError(caught) && caught.code).toBe('invalid_request');
    expect((caught as Error).message).toContain(text);
  });
});

describe('toGeminiParameters', () => {
  it.each([
    ['an object without properties', { type: 'object', properties: {} }],
    ['an object with only additionalProperties', { type: 'object', additionalProperties: false }],
    ['nothing', undefined],
  ])('leaves out the parameters of a tool taking %s', (_name, input) => {
    expect(toGeminiParameters(input)).toBeUndefined();
  });

  it('converts the parameters of a tool with arguments', () => {
    expect(
      toGeminiParameters({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    ).toEqual({ type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] });
  });
});

describe('convertRequest: tool and response schemas', () => {
  const base = { messages: [{ role: 'user' as const, content: 'Hi' }] };

  it("sends a Standard Schema's JSON Schema, reduced to Gemini's subset", () => {
    const out = convertRequest({
      ...base,
      tools: [{ name: 'f', parameters: z.object({ city: z.string(), days: z.number().int().optional() }) }],
      responseFormat: { type: 'json_schema', schema: z.object({ ok: z.boolean() }) },
    });
    expect(out.tools?.[0]?.functionDeclarations?.[0]?.parameters).toMatchObject({
      type: 'OBJECT',
      properties: { city: { type: 'STRING' }, days: { type: 'INTEGER' } },
      required: ['city'],
    });
    expect(out.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { ok: { type: 'BOOLEAN' } }, required: ['ok'] },
    });
  });

  it('refuses a response schema Gemini cannot express, naming the field', () => {
    expect(() =>
      convertRequest({
        ...base,
        responseFormat: { type: 'json_schema', schema: { type: 'object', additionalProperties: { type: 'number' } } },
      }),
    ).toThrow(/responseFormat\.schema: additionalProperties as a schema/);
  });
});
