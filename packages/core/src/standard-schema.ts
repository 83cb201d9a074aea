// The Standard Schema and Standard JSON Schema interfaces (https://standardschema.dev,
// `@standard-schema/spec` 1.1), copied as types only so that core keeps zero runtime
// dependencies. Structural: zod 4, valibot, arktype … values satisfy them as they are.

/** The types a validator infers, carried for inference only (never read at run time). */
export interface StandardTypes<Input = unknown, Output = Input> {
  readonly input: Input;
  readonly output: Output;
}

/** One problem found by a validator. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** What `~standard.validate` returns: the typed value, or the issues. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** The JSON Schema dialect a Standard JSON Schema converter is asked for. */
export type StandardJSONSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0' | ({} & string);

/** The `~standard.jsonSchema` converter of the Standard JSON Schema spec. */
export interface StandardJSONSchemaConverter {
  /** The input type's JSON Schema. May throw when the target or a type is not supported. */
  readonly input: (options: {
    readonly target: StandardJSONSchemaTarget;
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }) => Record<string, unknown>;
  readonly output: (options: {
    readonly target: StandardJSONSchemaTarget;
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }) => Record<string, unknown>;
}

/** The `~standard` property of a Standard Schema validator. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  /** May return a Promise (async refinements). */
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardResult<Output> | Promise<StandardResult<Output>>;
  readonly types?: StandardTypes<Input, Output> | undefined;
  /** Present when the validator also implements the Standard JSON Schema spec. */
  readonly jsonSchema?: StandardJSONSchemaConverter | undefined;
}

/** A Standard Schema validator (`StandardSchemaV1` of `@standard-schema/spec`). */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/** The validated (output) type of a Standard Schema. */
export type InferSchemaOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output'];
