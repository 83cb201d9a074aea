import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nullable, toStrictSchema } from '../src/convert-schema.js';
import { convertTools } from '../src/convert-tools.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isLLMError(error) && error.code).toBe('invalid_request');
    return (error as Error).message;
  }
  return expect.fail('expected an invalid_request LLMError');
}

describe('toStrictSchema', () => {
  it('requires every property, closes every object and makes optional ones nullable', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        city: { type: 'string', default: 'Oslo' },
        days: { type: 'integer' },
        unit: { type: 'string', enum: ['c', 'f'] },
        where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
      },
      required: ['city'],
    };
    expect(toStrictSchema(schema, 'x')).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: ['integer', 'null'] },
        unit: { type: ['string', 'null'], enum: ['c', 'f', null] },
        where: {
          type: ['object', 'null'],
          properties: { lat: { type: 'number' } },
          required: ['lat'],
          additionalProperties: false,
        },
      },
      required: ['city', 'days', 'unit', 'where'],
      additionalProperties: false,
    });
  });

  it.each([
    ['a $ref', { $ref: '#/$defs/A' }, { anyOf: [{ $ref: '#/$defs/A' }, { type: 'null' }] }],
    ['a union', { anyOf: [{ type: 'string' }] }, { anyOf: [{ type: 'string' }, { type: 'null' }] }],
    ['a type list', { type: ['string', 'number'] }, { type: ['string', 'number', 'null'] }],
    ['an already nullable type', { type: ['string', 'null'] }, { type: ['string', 'null'] }],
  ])('makes %s nullable', (_name, input, expected) => {
    expect(nullable(input)).toEqual(expected);
  });

  it('turns oneOf into anyOf and keeps $defs', () => {
    const out = toStrictSchema(
      {
        type: 'object',
        properties: { v: { oneOf: [{ $ref: '#/$defs/A' }, { type: 'number' }] } },
        required: ['v'],
        $defs: { A: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
      },
      'x',
    );
    expect(out.properties).toEqual({ v: { anyOf: [{ $ref: '#/$defs/A' }, { type: 'number' }] } });
    expect(out.$defs).toEqual({
      A: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
    });
  });

  it.each([
    ['a root that is not an object', { type: 'array', items: { type: 'string' } }, 'object schema at the root'],
    ['allOf', { type: 'object', allOf: [] }, '"allOf" is not supported'],
    [
      'minLength',
      { type: 'object', properties: { a: { type: 'string', minLength: 1 } } },
      'x.properties.a: "minLength"',
    ],
    ['a map of free keys', { type: 'object', additionalProperties: { type: 'number' } }, 'additionalProperties: false'],
    ['an unknown format', { type: 'object', properties: { u: { type: 'string', format: 'uri' } } }, 'format "uri"'],
    ['a tuple', { type: 'object', properties: { t: { type: 'array', items: [{}] } } }, 'tuple'],
  ])('refuses %s', (_name, schema, text) => {
    expect(refusal(() => toStrictSchema(schema, 'x'))).toContain(text);
  });
});

describe('convertTools', () => {
  it("sends a Standard Schema's JSON Schema, strict when asked", () => {
    const [converted] = convertTools([
      { name: 'f', parameters: z.object({ a: z.string(), b: z.number().optional() }), strict: true },
    ]);
    expect(converted!.function).toEqual({
      name: 'f',
      strict: true,
      parameters: {
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: ['number', 'null'] } },
        required: ['a', 'b'],
        additionalProperties: false,
      },
    });
  });

  it('refuses a validator without a JSON Schema before sending', () => {
    const bare = { '~standard': { version: 1 as const, vendor: 'x', validate: (value: unknown) => ({ value }) } };
    expect(refusal(() => convertTools([{ name: 'f', parameters: bare }]))).toContain('jsonSchema');
  });
});
