import type { ChatCompletionRequest } from '../types/request.js';
import type { Middleware } from '../wrap-model.js';

/** Request settings to use when a request leaves them unset (everything but messages and tools). */
export type DefaultSettings = Partial<Omit<ChatCompletionRequest, 'messages' | 'tools'>>;

/**
 * A middleware that fills the settings a request leaves unset (`undefined`) with
 * `settings`. `providerOptions` are merged per provider and deeply (plain objects only; a
 * request's own value, arrays included, always wins).
 */
export function defaultSettings(settings: DefaultSettings): Middleware {
  const keys = Object.keys(settings) as Array<keyof DefaultSettings>;
  return {
    transformRequest(request) {
      let result: ChatCompletionRequest | undefined;
      for (const key of keys) {
        const fallback = settings[key];
        if (fallback === undefined) continue;
        const own = request[key];
        if (key === 'providerOptions' && own !== undefined) {
          result ??= { ...request };
          result.providerOptions = mergeDefaults(
            own as Record<string, unknown>,
            fallback as Record<string, unknown>,
          ) as ChatCompletionRequest['providerOptions'];
        } else if (own === undefined) {
          result ??= { ...request };
          (result as unknown as Record<string, unknown>)[key] = fallback;
        }
      }
      return result ?? request;
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `own` with every key it leaves unset taken from `defaults`, recursively for plain objects. */
function mergeDefaults(own: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(own)) {
    const value = own[key];
    const fallback = defaults[key];
    if (value === undefined) continue;
    // defineProperty, not assignment: a "__proto__" key from parsed JSON stays a plain key.
    Object.defineProperty(merged, key, {
      value: isPlainObject(value) && isPlainObject(fallback) ? mergeDefaults(value, fallback) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}
