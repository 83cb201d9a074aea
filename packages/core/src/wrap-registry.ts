import type { Registry } from './registry.js';
import { type Middleware, wrapModel } from './wrap-model.js';

/**
 * A view of `registry` whose `resolve(spec)` returns models wrapped in `middleware`, so
 * spec strings (`"openai:gpt-4o"`, aliases, fallbacks) get the middleware too. Plugins and
 * aliases stay in `registry`: registering through either is seen by both.
 */
export function wrapRegistry(registry: Registry, middleware: Middleware | readonly Middleware[]): Registry {
  const wrapped: Registry = {
    register(plugin) {
      registry.register(plugin);
      return wrapped;
    },
    alias(name, spec) {
      registry.alias(name, spec);
      return wrapped;
    },
    providers() {
      return registry.providers();
    },
    resolve(spec) {
      return wrapModel(registry.resolve(spec), middleware);
    },
  };
  const prepare = registry.prepare;
  if (prepare !== undefined) wrapped.prepare = (spec) => prepare.call(registry, spec);
  return wrapped;
}
