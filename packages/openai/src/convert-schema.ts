import { type JsonSchema, LLMError } from '@switchyard/core';

// Keywords strict mode refuses: sending them is a 400, dropping them would loosen the schema.
const UNSUPPORTED = [
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'patternProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'contains',
  'minContains',
  'maxContains',
  'prefixItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
] as const;

// Annotations that constrain nothing and that strict mode does not take.
const DROPPED_ANNOTATIONS = [
  '$schema',
  '$id',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
];

const STRING_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/**
 * Reduces a JSON Schema to OpenAI strict mode's rules (Structured Outputs, `strict: true`
 * tools). Pure. Throws `invalid_request` naming the path for what strict mode cannot express.
 *
 * - The root must be an object (`type: "object"`), not a union.
 * - Every object gets `additionalProperties: false`; `true` or a schema there is refused.
 * - Every property is listed in `required`; one that was optional becomes nullable
 *   (`type: [T, "null"]`, or `anyOf: [T, { type: "null" }]`), so the model sends `null`
 *   where it has nothing: accept `null` in your validator (zod `.nullish()`).
 * - `oneOf` becomes `anyOf`; `$ref`s and `$defs`/`definitions` are kept (recursion is allowed).
 * - `format` is kept when strict mode knows it (date-time, time, date, duration, email,
 *   hostname, ipv4, ipv6, uuid); another format is refused.
 * - Refused: `allOf`, `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`,
 *   `patternProperties`, `unevaluatedProperties`, `unevaluatedItems`, `propertyNames`,
 *   `contains`, `prefixItems`, tuple `items`, `uniqueItems`, `minProperties`, `maxProperties`,
 *   `minLength`, `maxLength`.
 * - Left out (annotations that constrain nothing): `$schema`, `$id`, `$comment`, `examples`,
 *   `default`, `deprecated`, `readOnly`, `writeOnly`.
 */
export function toStrictSchema(schema: JsonSchema, where: string, provider = 'openai'): JsonSchema {
  if (schema.type !== 'object') {
    throw invalid(
      provider,
      `${where}: OpenAI strict mode needs an object schema at the root (type: "object"); wrap the value in an object, or do not ask for strict.`,
    );
  }
  return reduce(schema, where, provider) as JsonSchema;
}

function reduce(input: unknown, path: string, provider: string): unknown {
  if (typeof input === 'boolean') {
    throw invalid(
      provider,
      `${path}: a boolean schema cannot be expressed in OpenAI strict mode; give a typed schema.`,
    );
  }
  if (!isObject(input)) return input;
  const out: JsonSchema = {};
  for (const key of Object.keys(input)) {
    const value = input[key];
    if ((UNSUPPORTED as readonly string[]).includes(key)) {
      throw invalid(
        provider,
        `${path}: "${key}" is not supported by OpenAI strict mode; remove it (validate it in your own code) or do not ask for strict.`,
      );
    }
    if (DROPPED_ANNOTATIONS.includes(key)) continue;
    switch (key) {
      case 'properties':
      case '$defs':
      case 'definitions': {
        if (!isObject(value)) continue;
        const mapped: JsonSchema = {};
        for (const name of Object.keys(value)) mapped[name] = reduce(value[name], `${path}.${key}.${name}`, provider);
        out[key] = mapped;
        break;
      }
      case 'items':
        if (Array.isArray(value)) {
          throw invalid(provider, `${path}: tuple "items" are not supported by OpenAI strict mode; use an object.`);
        }
        out.items = reduce(value, `${path}.items`, provider);
        break;
      case 'anyOf':
      case 'oneOf':
        if (Array.isArray(value))
          out.anyOf = value.map((member, i) => reduce(member, `${path}.${key}[${i}]`, provider));
        break;
      case 'format':
        if (typeof value === 'string' && !STRING_FORMATS.has(value)) {
          throw invalid(provider, `${path}: format "${value}" is not supported by OpenAI strict mode; remove it.`);
        }
        out.format = value;
        break;
      case 'additionalProperties':
        if (value !== false) {
          throw invalid(
            provider,
            `${path}: OpenAI strict mode needs additionalProperties: false (a map of free keys cannot be expressed); list the properties, or do not ask for strict.`,
          );
        }
        break;
      default:
        out[key] = value;
    }
  }
  if (out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || isObject(out.properties)) {
    closeObject(out, input);
  }
  return out;
}

// Every property required and no other allowed; what was optional may now be null.
function closeObject(out: JsonSchema, input: JsonSchema): void {
  out.additionalProperties = false;
  const properties = isObject(out.properties) ? out.properties : {};
  out.properties = properties;
  const required = new Set(Array.isArray(input.required) ? input.required : []);
  for (const name of Object.keys(properties)) {
    if (!required.has(name)) properties[name] = nullable(properties[name]);
  }
  out.required = Object.keys(properties);
}

/** A schema that also accepts `null`. */
export function nullable(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const type = schema.type;
  if (typeof type === 'string' && schema.anyOf === undefined && schema.$ref === undefined) {
    if (type === 'null') return schema;
    const out: JsonSchema = { ...schema, type: [type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  if (Array.isArray(schema.anyOf)) {
    const members = schema.anyOf as unknown[];
    if (members.some((member) => isObject(member) && member.type === 'null')) return schema;
    return { ...schema, anyOf: [...members, { type: 'null' }] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(provider: string, message: string): LLMError {
  return new LLMError(`${provider}: ${message}`, { code: 'invalid_request', provider, retryable: false });
}
