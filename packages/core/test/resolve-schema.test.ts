import { isLLMError, isStandardSchema, responseJsonSchema, toJsonSchema, toolJsonSchema } from '@switchyard/core';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const bare = { '~standard': { version: 1 as const, vendor: 'bare', validate: (value: unknown) => ({ value }) } };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isLLMError(error) && error.code).toBe('invalid_request');
    return (error as Error).message;
  }
  return expect.fail('expected an invalid_request LLMError');
}

describe('toJsonSchema', () => {
  it("uses a zod schema's ~standard.jsonSchema (draft 2020-12, input side) without $schema", () => {
    expect(toolJsonSchema({ name: 'f', parameters: z.object({ a: z.string(), b: z.number().default(1) }) })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number', default: 1 } },
      required: ['a'],
    });
  });

  it("uses valibot's Standard JSON Schema wrapper", () => {
    const schema = toStandardJsonSchema(v.object({ a: v.string() }));
    expect(isStandardSchema(schema)).toBe(true);
    expect(toJsonSchema(schema, undefined, 'x')).toMatchObject({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
  });

  it('prefers an explicit jsonSchema given beside the validator', () => {
    const explicit = { type: 'object', properties: { x: { type: 'string' } } };
    expect(responseJsonSchema({ type: 'json_schema', schema: bare, jsonSchema: explicit })).toBe(explicit);
  });

  it('passes a plain JSON Schema through', () => {
    const schema = { type: 'object' };
    expect(toolJsonSchema({ name: 'f', parameters: schema })).toBe(schema);
  });

  it('refuses a validator without a JSON Schema, naming the way out', () => {
    expect(refusal(() => toolJsonSchema({ name: 'f', parameters: bare }))).toContain('`jsonSchema`');
  });

  it('refuses when the validator cannot convert (zod transforms)', () => {
    const schema = z.object({ a: z.string().transform((s) => s.length) });
    // zod converts the input side of a transform; an output-only construct throws instead.
    const custom = z.object({ when: z.custom<Date>(() => true) });
    expect(toolJsonSchema({ name: 'f', parameters: schema })).toMatchObject({ type: 'object' });
    expect(refusal(() => toolJsonSchema({ name: 'f', parameters: custom }))).toContain(
      'could not produce a JSON Schema',
    );
  });

  it('refuses something that is no schema', () => {
    expect(refusal(() => toJsonSchema('nope', undefined, 'x'))).toContain('x must be a JSON Schema object');
  });
});
