import { type JsonSchema, LLMError } from '@switchyard/core';

// Keywords Anthropic's structured outputs cannot carry and that change which shapes are valid.
const REFUSED = [
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'dependentSchemas',
  'unevaluatedProperties',
  'propertyNames',
  'prefixItems',
] as const;

// Constraints it does not enforce: moved into `description` so the model still reads them.
const DESCRIBED = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'contains',
] as const;

const DROPPED = ['$schema', '$id', '$comment'];

const STRING_FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'uri',
  'ipv4',
  'ipv6',
  'uuid',
]);

/**
 * Reduces a JSON Schema to what Anthropic's structured outputs accept (`output_config.format`
 * and `strict: true` tools), the same rules as the SDK's own `transformJSONSchema`. Pure.
 *
 * - Every object gets `additionalProperties: false`; `true` or a schema there (a map of free
 *   keys) is refused with `invalid_request`, as are `not`, `if`/`then`/`else`,
 *   `patternProperties`, `dependentSchemas`, `unevaluatedProperties`, `propertyNames`,
 *   `prefixItems` and tuple `items`.
 * - `oneOf` becomes `anyOf`; `$ref`/`$defs` are kept.
 * - Constraints it does not enforce (`minimum`, `maximum`, `exclusiveMinimum`,
 *   `exclusiveMaximum`, `multipleOf`, `minLength`, `maxLength`, `maxItems`, `minItems` above 1,
 *   `uniqueItems`, `minProperties`, `maxProperties`, `dependentRequired`, `contains`, and a
 *   `format` outside date-time, time, date, duration, email, hostname, uri, ipv4, ipv6, uuid)
 *   are written into `description` (`{minimum: 1}`): the model reads them, and a Standard
 *   Schema validator enforces them on the answer.
 * - `$schema`, `$id` and `$comment` are left out.
 */
export function toAnthropicSchema(schema: JsonSchema, where: string, provider = 'anthropic'): JsonSchema {
  return reduce(schema, where, provider) as JsonSchema;
}

function reduce(input: unknown, path: string, provider: string): unknown {
  if (!isObject(input)) return input;
  const out: JsonSchema = {};
  const described: string[] = [];
  for (const key of Object.keys(input)) {
    const value = input[key];
    if ((REFUSED as readonly string[]).includes(key)) {
      throw invalid(provider, `${path}: "${key}" cannot be expressed in Anthropic structured outputs; remove it.`);
    }
    if (DROPPED.includes(key)) continue;
    if ((DESCRIBED as readonly string[]).includes(key)) {
      described.push(`${key}: ${JSON.stringify(value)}`);
      continue;
    }
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
          throw invalid(provider, `${path}: tuple "items" cannot be expressed in Anthropic structured outputs.`);
        }
        out.items = reduce(value, `${path}.items`, provider);
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        if (Array.isArray(value)) {
          out[key === 'allOf' ? 'allOf' : 'anyOf'] = value.map((member, i) =>
            reduce(member, `${path}.${key}[${i}]`, provider),
          );
        }
        break;
      case 'minItems':
        if (value === 0 || value === 1) out.minItems = value;
        else described.push(`minItems: ${JSON.stringify(value)}`);
        break;
      case 'format':
        if (typeof value === 'string' && STRING_FORMATS.has(value)) out.format = value;
        else described.push(`format: ${JSON.stringify(value)}`);
        break;
      case 'additionalProperties':
        if (value !== false) {
          throw invalid(
            provider,
            `${path}: Anthropic structured outputs need additionalProperties: false (a map of free keys cannot be expressed); list the properties instead.`,
          );
        }
        break;
      default:
        out[key] = value;
    }
  }
  if (out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || isObject(out.properties)) {
    out.additionalProperties = false;
  }
  if (described.length > 0) {
    const note = `{${described.join(', ')}}`;
    out.description = typeof out.description === 'string' ? `${out.description}\n\n${note}` : note;
  }
  return out;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(provider: string, message: string): LLMError {
  return new LLMError(`${provider}: ${message}`, { code: 'invalid_request', provider, retryable: false });
}
