import { LLMError } from '@switchyard/core';
import type { GeminiSchema, GeminiSchemaType } from './gemini-api-types.js';

type JsonObject = Record<string, unknown>;

const TYPES: Readonly<Record<string, GeminiSchemaType>> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
  null: 'NULL',
};

// The only `format` values Gemini accepts, per type; any other format is rejected by the API.
const FORMATS: Readonly<Partial<Record<GeminiSchemaType, readonly string[]>>> = {
  STRING: ['enum', 'date-time'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};

// Keywords copied as they are (when their value has the right JSON type).
const STRING_KEYS = ['title', 'description', 'pattern'] as const;
const NUMBER_KEYS = [
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;

// Keywords whose loss would let the model write values the schema forbids, or could not
// write values it needs: refused rather than dropped.
const REFUSED = ['not', 'if', 'then', 'else', 'patternProperties', 'prefixItems', 'dependentSchemas', 'propertyNames'];

// Constraints Gemini's Schema has no field for: written into `description` so the model reads them.
const DESCRIBED = [
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'uniqueItems',
  'contains',
  'dependentRequired',
];

/** Where `$ref`s are looked up, which references are being expanded, and who is asking (for errors). */
interface SchemaContext {
  root: JsonObject;
  expanding: Set<string>;
  provider: string;
}

/**
 * Reduces a JSON Schema to the OpenAPI 3.0 subset Gemini's `Schema` accepts (the
 * `FunctionDeclaration.parameters` and `responseSchema` fields, which every Gemini model and
 * API version takes). Pure; never throws.
 *
 * - `type` becomes upper case; a type list (`["string", "null"]`) becomes `nullable` or `anyOf`.
 * - `oneOf` becomes `anyOf`; `null` members of a union become `nullable: true`; a union of one is inlined.
 * - Local `$ref`s (`#/$defs/…`, `#/definitions/…`) are inlined; a recursive one becomes `{ type: "OBJECT" }`.
 * - `allOf` is merged (properties and `required` combined; the first member wins other keywords).
 * - `const` becomes a one-value `enum`; `enum` is kept only when every value is a string; `examples[0]` becomes `example`.
 * - `format` is kept only where Gemini accepts it (`enum`, `date-time`, `float`, `double`, `int32`, `int64`).
 * - `required` keeps only names listed in `properties`; an empty `properties` is left out.
 * - An `ARRAY` without `items` gets `items: {}`: Gemini rejects an array without them.
 * - Constraints Gemini cannot carry are written into `description` (`{multipleOf: 2}`) so the
 *   model still reads them (and a Standard Schema validator enforces them on the answer):
 *   `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `uniqueItems`, `contains`,
 *   `dependentRequired`, another `format`, and an `enum` whose values are not all strings.
 * - Refused with `invalid_request` (what cannot be expressed is never silently dropped): `not`,
 *   `if`/`then`/`else`, `patternProperties`, `prefixItems`, tuple `items`, `dependentSchemas`,
 *   `propertyNames`, `additionalProperties` given as a schema (a map of free keys), and a
 *   recursive or non-local `$ref`.
 * - Left out (they only close or annotate): `$schema`, `$id`, `$comment`, `$defs`,
 *   `definitions`, `additionalProperties: true | false`, `unevaluatedProperties: false`,
 *   `readOnly`, `writeOnly`, `deprecated` and other annotations.
 */
export function toGeminiSchema(schema: unknown, where = 'schema', provider = 'google'): GeminiSchema {
  const root = isObject(schema) ? schema : {};
  return convert(root, { root, expanding: new Set(), provider }, where);
}

/**
 * The `parameters` of a function declaration, or `undefined` when the tool takes no
 * arguments (an empty schema, or an object without properties): Gemini rejects an `OBJECT`
 * schema with empty `properties`.
 */
export function toGeminiParameters(
  schema: unknown,
  where = 'parameters',
  provider = 'google',
): GeminiSchema | undefined {
  const converted = toGeminiSchema(schema, where, provider);
  const untyped = converted.type === undefined || converted.type === 'OBJECT';
  if (untyped && converted.properties === undefined && converted.anyOf === undefined) return undefined;
  return converted;
}

function convert(input: unknown, context: SchemaContext, path: string): GeminiSchema {
  if (!isObject(input)) return {};
  const ref = input.$ref;
  if (typeof ref === 'string') return convertRef(ref, input, context, path);
  const described = refuseOrDescribe(input, context, path);

  const out: GeminiSchema = {};
  for (const key of STRING_KEYS) {
    const value = input[key];
    if (typeof value === 'string') out[key] = value;
  }
  for (const key of NUMBER_KEYS) {
    const value = input[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  if (input.nullable === true) out.nullable = true;
  if (input.default !== undefined) out.default = input.default;
  if (input.example !== undefined) out.example = input.example;
  else if (Array.isArray(input.examples) && input.examples.length > 0) out.example = input.examples[0];

  applyType(input.type, out);
  applyUnion(input, out, context, path);
  if (!applyEnum(input, out)) described.push(`enum: ${JSON.stringify(input.enum ?? [input.const])}`);

  if (isObject(input.properties)) {
    const properties: Record<string, GeminiSchema> = {};
    let count = 0;
    for (const name of Object.keys(input.properties)) {
      properties[name] = convert(input.properties[name], context, `${path}.properties.${name}`);
      count++;
    }
    if (count > 0) out.properties = properties;
  }
  if (isObject(input.items)) out.items = convert(input.items, context, `${path}.items`);
  if (Array.isArray(input.required) && out.properties !== undefined) {
    const properties = out.properties;
    const required = input.required.filter(
      (name): name is string => typeof name === 'string' && Object.hasOwn(properties, name),
    );
    if (required.length > 0) out.required = required;
  }
  if (Array.isArray(input.propertyOrdering) && out.properties !== undefined) {
    out.propertyOrdering = input.propertyOrdering.filter((name): name is string => typeof name === 'string');
  }
  if (Array.isArray(input.allOf)) mergeAllOf(input.allOf, out, context, path);

  if (out.type === undefined && out.anyOf === undefined) {
    if (out.properties !== undefined) out.type = 'OBJECT';
    else if (out.items !== undefined) out.type = 'ARRAY';
  }
  // Gemini rejects a schema with both `type` and `anyOf`: the union is the more precise.
  if (out.anyOf !== undefined) delete out.type;
  // …and an ARRAY without `items` ("items: missing field"); `{}` leaves the elements free.
  else if (out.type === 'ARRAY') out.items ??= {};
  const format = input.format;
  if (typeof format === 'string') {
    if (out.type !== undefined && FORMATS[out.type]?.includes(format)) out.format = format;
    else described.push(`format: ${JSON.stringify(format)}`);
  }
  if (described.length > 0) {
    const note = `{${described.join(', ')}}`;
    out.description = out.description === undefined ? note : `${out.description}\n\n${note}`;
  }
  return out;
}

/** Throws for keywords Gemini cannot express; returns the constraints to describe in text. */
function refuseOrDescribe(input: JsonObject, context: SchemaContext, path: string): string[] {
  for (const key of REFUSED) {
    if (input[key] !== undefined) {
      throw invalid(context.provider, `${path}: "${key}" cannot be expressed in a Gemini schema; remove it.`);
    }
  }
  if (Array.isArray(input.items)) {
    throw invalid(context.provider, `${path}: tuple "items" cannot be expressed in a Gemini schema; use an object.`);
  }
  if (isObject(input.additionalProperties)) {
    throw invalid(
      context.provider,
      `${path}: additionalProperties as a schema (a map of free keys) cannot be expressed in a Gemini schema; list the properties, or use an array of { key, value } objects.`,
    );
  }
  const described: string[] = [];
  for (const key of DESCRIBED) {
    if (input[key] !== undefined) described.push(`${key}: ${JSON.stringify(input[key])}`);
  }
  return described;
}

function invalid(provider: string, message: string): LLMError {
  return new LLMError(`${provider}: ${message}`, { code: 'invalid_request', provider, retryable: false });
}

function convertRef(ref: string, input: JsonObject, context: SchemaContext, path: string): GeminiSchema {
  const target = resolveRef(ref, context.root);
  if (target === undefined) {
    throw invalid(
      context.provider,
      `${path}: "$ref": "${ref}" is not a local reference (#/$defs/…); inline the schema.`,
    );
  }
  if (context.expanding.has(ref)) {
    throw invalid(context.provider, `${path}: the recursive "$ref": "${ref}" cannot be expressed in a Gemini schema.`);
  }
  context.expanding.add(ref);
  const out = convert(target, context, path);
  context.expanding.delete(ref);
  // Keywords beside a `$ref` (JSON Schema 2019+) annotate the referenced schema.
  if (typeof input.description === 'string') out.description = input.description;
  if (typeof input.title === 'string') out.title = input.title;
  return out;
}

function resolveRef(ref: string, root: JsonObject): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function applyType(type: unknown, out: GeminiSchema): void {
  if (typeof type === 'string') {
    const mapped = TYPES[type.toLowerCase()];
    if (mapped !== undefined) out.type = mapped;
    return;
  }
  if (!Array.isArray(type)) return;
  const types: GeminiSchemaType[] = [];
  for (const entry of type) {
    if (typeof entry !== 'string') continue;
    const mapped = TYPES[entry.toLowerCase()];
    if (mapped === 'NULL') out.nullable = true;
    else if (mapped !== undefined && !types.includes(mapped)) types.push(mapped);
  }
  if (types.length === 1) out.type = types[0]!;
  else if (types.length > 1) out.anyOf = types.map((member) => ({ type: member }));
  else if (out.nullable === true) out.type = 'NULL';
}

function applyUnion(input: JsonObject, out: GeminiSchema, context: SchemaContext, path: string): void {
  const members = Array.isArray(input.anyOf) ? input.anyOf : Array.isArray(input.oneOf) ? input.oneOf : undefined;
  if (members === undefined) return;
  const converted: GeminiSchema[] = [];
  for (let i = 0; i < members.length; i++) {
    const schema = convert(members[i], context, `${path}.anyOf[${i}]`);
    if (schema.type === 'NULL' && schema.anyOf === undefined) out.nullable = true;
    else converted.push(schema);
  }
  if (converted.length === 0) return;
  if (converted.length > 1) {
    out.anyOf = converted;
    return;
  }
  // A union of one (typically `T | null`) is just that schema; the outer keywords win.
  const only = converted[0]!;
  for (const key of Object.keys(only) as (keyof GeminiSchema)[]) {
    if (out[key] === undefined) (out as Record<string, unknown>)[key] = only[key];
  }
}

/** Applies `enum`/`const`; `false` when its values are not all strings (Gemini enums hold strings only). */
function applyEnum(input: JsonObject, out: GeminiSchema): boolean {
  const values = Array.isArray(input.enum) ? input.enum : input.const !== undefined ? [input.const] : undefined;
  if (values === undefined) return true;
  const strings: string[] = [];
  for (const value of values) {
    if (value === null) out.nullable = true;
    else if (typeof value === 'string') strings.push(value);
    else return false;
  }
  if (strings.length === 0) return true;
  out.enum = strings;
  if (out.type === undefined && out.anyOf === undefined) out.type = 'STRING';
  return true;
}

function mergeAllOf(members: unknown[], out: GeminiSchema, context: SchemaContext, path: string): void {
  for (let i = 0; i < members.length; i++) {
    const schema = convert(members[i], context, `${path}.allOf[${i}]`);
    if (schema.properties !== undefined) out.properties = { ...out.properties, ...schema.properties };
    if (schema.required !== undefined) {
      const required = out.required ?? [];
      for (const name of schema.required) if (!required.includes(name)) required.push(name);
      out.required = required;
    }
    for (const key of Object.keys(schema) as (keyof GeminiSchema)[]) {
      if (key === 'properties' || key === 'required') continue;
      if (out[key] === undefined) (out as Record<string, unknown>)[key] = schema[key];
    }
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
