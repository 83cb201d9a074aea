import type { LLMError, LLMErrorCode } from './errors.js';
import type { FinishReason } from './types/chunk.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { Usage } from './types/usage.js';

/** What every hook receives: which call, which model, which attempt. */
export interface HookCallInfo {
  /** A number unique per top-level call in this process (`streamChatCompletion`, `complete` …). */
  callId: number;
  provider: string;
  /** The model id as requested (`modelId` of the LLM). */
  model: string;
  /** 1-based attempt number across retries and fallbacks of this call. */
  attempt: number;
  /** 0 for the primary model, then 1, 2 … for each fallback. */
  candidate: number;
  /** The step number when the call is part of `runTools` (1-based), else undefined. */
  step?: number;
  /** The normalized request as validated by core (no secrets: keys live in the client). */
  request: ChatCompletionRequest;
}

/** Before an attempt is sent. */
export interface RequestHookInfo extends HookCallInfo {}

/** The first chunk of an attempt arrived. */
export interface ResponseHookInfo extends HookCallInfo {
  /** The HTTP status, as the adapter reports it (`StreamOptions.onResponse`). */
  status?: number;
  /** The vendor's request id header (`x-request-id`, `request-id`), when the adapter reports it. */
  requestId?: string;
  /** The vendor's response id, when already known. */
  responseId?: string;
  /** The model as the vendor reported it, when already known. */
  responseModel?: string;
  /** Milliseconds from the start of this attempt to its first chunk. */
  timeToFirstChunkMs: number;
}

/** An attempt failed and will be retried on the same model after `delayMs`. */
export interface RetryHookInfo extends HookCallInfo {
  error: LLMError;
  code: LLMErrorCode;
  status?: number;
  delayMs: number;
}

/** A model failed before any output; the next candidate is tried. */
export interface FallbackHookInfo extends HookCallInfo {
  error: LLMError;
  code: LLMErrorCode;
  /** The candidate about to be tried. */
  next: { provider: string; model: string };
}

/** The call completed. */
export interface FinishHookInfo extends HookCallInfo {
  message: OutputMessage;
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage?: Usage;
  responseId?: string;
  responseModel?: string;
  /** Milliseconds from the start of the call to the first token or reasoning delta, when any. */
  timeToFirstTokenMs?: number;
  /** Milliseconds from the start of the call to its end. */
  totalMs: number;
}

/** The call failed for good (after retries and fallbacks). */
export interface ErrorHookInfo extends HookCallInfo {
  error: LLMError;
  code: LLMErrorCode;
  status?: number;
  /** What was received before the failure. */
  partial?: OutputMessage;
  timeToFirstTokenMs?: number;
  totalMs: number;
}

/** Observers of a call. A hook that throws is reported once and then ignored. */
export interface Hooks {
  onRequest?(info: RequestHookInfo): void;
  onResponse?(info: ResponseHookInfo): void;
  onRetry?(info: RetryHookInfo): void;
  onFallback?(info: FallbackHookInfo): void;
  onFinish?(info: FinishHookInfo): void;
  onError?(info: ErrorHookInfo): void;
}

/** Reports an exception thrown by a hook (once per hook and call); the hook is then ignored. */
export type HookErrorHandler = (error: unknown, hook: keyof Hooks) => void;

/** The hook names, in the order a call can fire them. */
type HookName = keyof Hooks;
type HookInfo<K extends HookName> = Parameters<NonNullable<Hooks[K]>>[0];

/**
 * Calls the hooks of one call. Made only when hooks were given, so a call without hooks
 * builds no info objects at all. A hook that throws is reported once through `onHookError`
 * and not called again for the rest of the call; the stream goes on either way.
 */
export interface HookRunner {
  emit<K extends HookName>(name: K, info: HookInfo<K>): void;
}

/** The runner for `hooks` (an object or an array), or `undefined` when there is none. */
export function createHookRunner(
  hooks: Hooks | ReadonlyArray<Hooks> | undefined,
  onHookError?: HookErrorHandler,
): HookRunner | undefined {
  if (hooks === undefined) return undefined;
  const list: ReadonlyArray<Hooks> = Array.isArray(hooks) ? (hooks as ReadonlyArray<Hooks>) : [hooks as Hooks];
  if (list.length === 0) return undefined;
  // Per hook object, the names that threw (and are now ignored).
  const broken: Array<Set<HookName> | undefined> = [];
  return {
    emit(name, info) {
      for (let i = 0; i < list.length; i++) {
        const hook = list[i]?.[name] as ((info: unknown) => void) | undefined;
        if (typeof hook !== 'function' || broken[i]?.has(name) === true) continue;
        try {
          hook.call(list[i], info);
        } catch (error) {
          let names = broken[i];
          if (names === undefined) {
            names = new Set();
            broken[i] = names;
          }
          names.add(name);
          reportHookError(onHookError, error, name);
        }
      }
    },
  };
}

function reportHookError(onHookError: HookErrorHandler | undefined, error: unknown, name: HookName): void {
  if (onHookError === undefined) return;
  try {
    onHookError(error, name);
  } catch {
    // The reporter itself failed: the stream still goes on, as documented.
  }
}
