import type { Vendor } from './types.js';

export type RouteMatch = { ok: true; vendor: Vendor; model: string } | { ok: false; vendor?: Vendor; message: string };

// Gemini puts the model in the path: /v1beta/models/{model}:streamGenerateContent (also /v1, /v1alpha).
const GOOGLE_PATH = /^\/v1(?:beta|alpha)?\/(?:tunedModels|models)\/(.+):streamGenerateContent$/;

/**
 * Which vendor API a request is for and which model it names: OpenAI and Anthropic name it
 * in the JSON body, Gemini in the path (URL-encoded, possibly with a `models/` prefix).
 */
export function matchRoute(method: string, pathname: string, body: unknown): RouteMatch {
  if (method !== 'POST') return { ok: false, message: `The replay server only answers POST requests, not ${method}.` };
  if (pathname === '/v1/chat/completions') return modelFromBody('openai', body);
  if (pathname === '/v1/responses') return modelFromBody('openai-responses', body);
  if (pathname === '/v1/messages') return modelFromBody('anthropic', body);
  const google = GOOGLE_PATH.exec(pathname);
  if (google) {
    let model: string;
    try {
      model = decodeURIComponent(google[1]!);
    } catch {
      return { ok: false, vendor: 'google', message: `The model in ${pathname} is not valid URL encoding.` };
    }
    if (model.startsWith('models/')) model = model.slice('models/'.length);
    return { ok: true, vendor: 'google', model };
  }
  return {
    ok: false,
    message:
      `No vendor route for POST ${pathname}. Known: /v1/chat/completions (openai), /v1/responses (openai-responses), /v1/messages (anthropic), ` +
      '/v1beta/models/{model}:streamGenerateContent (google).',
  };
}

function modelFromBody(vendor: Vendor, body: unknown): RouteMatch {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  if (typeof model !== 'string' || model === '') {
    return { ok: false, vendor, message: 'The request body has no "model"; the model name picks the recording.' };
  }
  return { ok: true, vendor, model };
}
