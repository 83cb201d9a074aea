import type { Vendor } from './types.js';

export interface ErrorBodyOptions {
  /** The model the request asked for, quoted in not-found messages. */
  model?: string;
  /** The vendor's context-length error (with 400). */
  contextLength?: boolean;
  /** The vendor's quota-exhausted error (with 429). */
  quota?: boolean;
  /** Seconds the vendor asks to wait; Gemini repeats it in a `RetryInfo` detail. */
  retryAfterSeconds?: number;
  /** Overrides the vendor's usual message (used for the server's own 404s and 400s). */
  message?: string;
}

/** The JSON error body the vendor sends with `status`, shaped exactly as the vendor shapes it. */
export function vendorErrorBody(vendor: Vendor, status: number, options: ErrorBodyOptions = {}): unknown {
  switch (vendor) {
    case 'openai':
    case 'openai-responses':
      return openaiErrorBody(status, options);
    case 'anthropic':
      return anthropicErrorBody(status, options);
    case 'google':
      return googleErrorBody(status, options);
  }
}

// --- OpenAI: {"error":{"message","type","param","code"}} ---------------------------------

interface OpenAIError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

function openaiErrorBody(status: number, options: ErrorBodyOptions): { error: OpenAIError } {
  const error = openaiError(status, options);
  if (options.message !== undefined) error.message = options.message;
  return { error };
}

function openaiError(status: number, options: ErrorBodyOptions): OpenAIError {
  const model = options.model ?? 'gpt-4o';
  if (options.contextLength) {
    return {
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    };
  }
  if (options.quota) {
    return {
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    };
  }
  switch (status) {
    case 400:
      return {
        message: "Invalid value for 'messages': the conversation is not valid.",
        type: 'invalid_request_error',
        param: 'messages',
        code: null,
      };
    case 401:
      return {
        message:
          'Incorrect API key provided: sk-repl*****play. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        param: null,
        code: 'unsupported_country_region_territory',
      };
    case 404:
      return {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      };
    case 429:
      return {
        message: `Rate limit reached for ${model} in organization org-replay on tokens per min (TPM): Limit 30000, Used 30000, Requested 512. Please try again in 1.024s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        type: 'tokens',
        param: null,
        code: 'rate_limit_exceeded',
      };
    case 500:
      return {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      };
    case 503:
    case 529:
      return {
        message: 'Our servers are currently overloaded. Please try again later.',
        type: 'service_unavailable_error',
        param: null,
        code: 'server_is_overloaded',
      };
    default:
      return {
        message: `The server answered with status ${status}.`,
        type: status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: null,
      };
  }
}

// --- Anthropic: {"type":"error","error":{"type","message"},"request_id"} -----------------

// Anthropic's documented status → error type table (docs.claude.com/en/api/errors).
const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  // Not in Anthropic's table; an unavailable service is the same "try later" overload to a client.
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ANTHROPIC_MESSAGES: Record<string, string> = {
  invalid_request_error: 'messages: at least one message is required',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error:
    'This request would exceed the rate limit for your organization of 50 requests per minute. Please reduce the prompt length or the maximum tokens requested, or try again later.',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
  timeout_error: 'Request timed out',
};

function anthropicErrorBody(
  status: number,
  options: ErrorBodyOptions,
): { type: 'error'; error: { type: string; message: string }; request_id: string } {
  // Other 4XX statuses use invalid_request_error, as Anthropic documents.
  const type = ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  let message = ANTHROPIC_MESSAGES[type] ?? 'Error';
  if (type === 'not_found_error') message = `model: ${options.model ?? 'claude-sonnet-4-5'}`;
  if (options.contextLength) message = 'prompt is too long: 210000 tokens > 200000 maximum';
  if (options.quota) message = 'Your credit balance is too low to access the Anthropic API.';
  if (options.message !== undefined) message = options.message;
  return { type: 'error', error: { type, message }, request_id: 'req_011CReplayServer0000000000' };
}

// --- Google: {"error":{"code","message","status","details"?}} ----------------------------

const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
  // Google never sends 529; the nearest RPC status is "try later".
  529: 'UNAVAILABLE',
};

const GOOGLE_MESSAGES: Record<string, string> = {
  INVALID_ARGUMENT: 'Request contains an invalid argument.',
  UNAUTHENTICATED:
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  PERMISSION_DENIED: 'The caller does not have permission',
  RESOURCE_EXHAUSTED: 'Resource has been exhausted (e.g. check quota).',
  INTERNAL:
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  UNAVAILABLE: 'The model is overloaded. Please try again later.',
  DEADLINE_EXCEEDED: 'Deadline expired before operation could complete.',
};

interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: Record<string, unknown>[];
}

function googleErrorBody(status: number, options: ErrorBodyOptions): { error: GoogleError } {
  const name = GOOGLE_STATUSES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
  let message = GOOGLE_MESSAGES[name] ?? `Status ${status}.`;
  if (name === 'NOT_FOUND') {
    message = `models/${options.model ?? 'gemini-2.5-flash'} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`;
  }
  if (options.contextLength) {
    message = 'The input token count (1114128) exceeds the maximum number of tokens allowed (1048576).';
  }
  if (options.quota) {
    message =
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';
  }
  if (options.message !== undefined) message = options.message;
  const error: GoogleError = { code: status, message, status: name };
  // Gemini states its retry delay in the body; the header is what the replay server adds on top.
  if (options.retryAfterSeconds !== undefined) {
    error.details = [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${options.retryAfterSeconds}s` },
    ];
  }
  return { error };
}
