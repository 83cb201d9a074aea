import { LLMError } from './errors.js';
import type { StandardIssue, StandardResult, StandardSchemaV1 } from './standard-schema.js';
import type { ResponseFormat } from './types/request.js';
import type { JsonSchema, Tool } from './types/tool-call.js';

/** Whether a value is a Standard Schema validator (it has `~standard.validate`). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const props = (value as Record<string, unknown>)['~standard'];
  return (
    typeof props === 'object' && props !== null && typeof (props as { validate?: unknown }).validate === 'function'
  );
}

/**
 * The JSON Schema a vendor receives for a schema given as JSON Schema or as a Standard
 * Schema validator: `explicit` when given, else the validator's `~standard.jsonSchema`
 * (draft 2020-12, the input side: what the model must write). `$schema` is left out.
 * Throws `invalid_request` (before anything is sent) when no JSON Schema can be had.
 */
export function toJsonSchema(
  schema: unknown,
  explicit: JsonSchema | undefined,
  where: string,
  provider = 'core',
): JsonSchema {
  let out: unknown = explicit;
  if (out === undefined && isStandardSchema(schema)) {
    const converter = schema['~standard'].jsonSchema;
    if (converter === undefined || typeof converter.input !== 'function') {
      throw invalid(
        provider,
        `${where} is a ${schema['~standard'].vendor} validator without a JSON Schema (~standard.jsonSchema). Give the JSON Schema beside it as \`jsonSchema\`, or use a validator that implements Standard JSON Schema (zod 4, or valibot through toStandardJsonSchema).`,
      );
    }
    try {
      out = converter.input({ target: 'draft-2020-12' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalid(
        provider,
        `${where}: the validator could not produce a JSON Schema (${reason}). Give one beside it as \`jsonSchema\`.`,
      );
    }
  } else if (out === undefined) {
    out = schema;
  }
  if (typeof out !== 'object' || out === null || Array.isArray(out)) {
    throw invalid(provider, `${where} must be a JSON Schema object or a Standard Schema validator.`);
  }
  if (!Object.hasOwn(out, '$schema')) return out as JsonSchema;
  const { $schema: _dialect, ...rest } = out as JsonSchema;
  return rest;
}

/** The JSON Schema of a tool's parameters (see `toJsonSchema`). */
export function toolJsonSchema(tool: Tool, provider = 'core'): JsonSchema {
  return toJsonSchema(tool.parameters, tool.jsonSchema, `tools "${tool.name}" parameters`, provider);
}

/** The JSON Schema of a `json_schema` response format (see `toJsonSchema`). */
export function responseJsonSchema(
  format: Extract<ResponseFormat, { type: 'json_schema' }>,
  provider = 'core',
): JsonSchema {
  return toJsonSchema(format.schema, format.jsonSchema, 'responseFormat.schema', provider);
}

/** Validates `value` with a Standard Schema validator (sync or async). */
export async function validateWith<Output>(
  schema: StandardSchemaV1<unknown, Output>,
  value: unknown,
): Promise<StandardResult<Output>> {
  return schema['~standard'].validate(value);
}

/** Issues as one line each: `path: message`. */
export function describeIssues(issues: ReadonlyArray<StandardIssue>): string {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
    lines.push(path === undefined || path === '' ? issue.message : `${path}: ${issue.message}`);
  }
  return lines.join('; ');
}

function invalid(provider: string, message: string): LLMError {
  return new LLMError(message, { code: 'invalid_request', provider, retryable: false });
}
