import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { ErrorHookInfo, FinishHookInfo, HookCallInfo, Hooks } from '@switchyard/core';
import {
  ATTR,
  genAiProviderName,
  providerAttributes,
  requestAttributes,
  responseAttributes,
  SWITCHYARD,
} from './attributes.js';
import { inputMessages, outputMessages } from './content.js';

export interface OtelHooksOptions {
  /** The tracer to start spans with (default: `trace.getTracer('@switchyard/otel')` from the global provider). */
  tracer?: Tracer;
  /**
   * Record the messages sent and received (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * as JSON strings). Off by default: they hold user data. Inline image bytes are never recorded.
   */
  captureContent?: boolean;
  /** The `gen_ai.provider.name` for a registered provider name (default: the conventions' well-known values). */
  providerName?(provider: string): string;
  /** Names the `runTools` span `invoke_agent {agentName}` and sets `gen_ai.agent.name`. */
  agentName?: string;
}

/** The spans of one top-level call: the current model call, and the `runTools` run around it. */
interface CallSpans {
  chat: Span | undefined;
  step: number | undefined;
  candidate: number;
  run: Span | undefined;
  inputTokens: number;
  outputTokens: number;
  counted: boolean;
  lastStepEnd: number;
}

// A run that stops after a tool-calling step (maxSteps, stopWhen, a tool without execute)
// sends no hook that says so; past this many open runs the oldest is ended at its last step.
const MAX_OPEN_RUNS = 1000;

/**
 * Hooks that record each call as an OpenTelemetry span following the GenAI semantic
 * conventions: `chat {model}`, kind CLIENT, with the request settings, the response id and
 * model, finish reasons and token usage; retries and fallbacks as span events; `error.type`
 * and status ERROR on failure. A `runTools` run is an `invoke_agent` span with one `chat`
 * child per step. Pass the result as the `hooks` option.
 */
export function otelHooks(options: OtelHooksOptions = {}): Hooks {
  const tracer = options.tracer ?? trace.getTracer('@switchyard/otel');
  const capture = options.captureContent === true;
  const nameOf = options.providerName ?? genAiProviderName;
  const calls = new Map<number, CallSpans>();

  function startChat(info: HookCallInfo, spans: CallSpans): Span {
    const parent = spans.run === undefined ? context.active() : trace.setSpan(context.active(), spans.run);
    const attributes: Attributes = {
      [ATTR.operation]: 'chat',
      ...providerAttributes(info.provider, nameOf(info.provider)),
      [ATTR.requestModel]: info.model,
      ...requestAttributes(info.request),
    };
    if (info.step !== undefined) attributes[SWITCHYARD.step] = info.step;
    if (capture) attributes[ATTR.inputMessages] = JSON.stringify(inputMessages(info.request));
    return tracer.startSpan(`chat ${info.model}`, { kind: SpanKind.CLIENT, attributes }, parent);
  }

  function startRun(info: HookCallInfo): Span {
    const attributes: Attributes = {
      [ATTR.operation]: 'invoke_agent',
      ...providerAttributes(info.provider, nameOf(info.provider)),
      [ATTR.requestModel]: info.model,
    };
    if (options.agentName !== undefined) attributes['gen_ai.agent.name'] = options.agentName;
    const name = options.agentName === undefined ? 'invoke_agent' : `invoke_agent ${options.agentName}`;
    return tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, context.active());
  }

  /** The spans of `info`'s call, its model-call span started when the call or its step is new. */
  function spansFor(info: HookCallInfo): CallSpans {
    let spans = calls.get(info.callId);
    if (spans === undefined) {
      spans = {
        chat: undefined,
        step: info.step,
        candidate: info.candidate,
        run: undefined,
        inputTokens: 0,
        outputTokens: 0,
        counted: false,
        lastStepEnd: 0,
      };
      if (info.step !== undefined) {
        spans.run = startRun(info);
        if (calls.size >= MAX_OPEN_RUNS) endOldestRun();
      }
      calls.set(info.callId, spans);
    }
    if (spans.chat === undefined || spans.step !== info.step) {
      spans.chat = startChat(info, spans);
      spans.step = info.step;
      spans.candidate = info.candidate;
    } else if (spans.candidate !== info.candidate) {
      // A fallback answers now: the span names the model actually called.
      spans.candidate = info.candidate;
      spans.chat.updateName(`chat ${info.model}`);
      spans.chat.setAttributes({
        ...providerAttributes(info.provider, nameOf(info.provider)),
        [ATTR.requestModel]: info.model,
      });
    }
    return spans;
  }

  function endOldestRun(): void {
    for (const [callId, spans] of calls) {
      if (spans.run === undefined || spans.chat !== undefined) continue;
      spans.run.end(spans.lastStepEnd);
      calls.delete(callId);
      return;
    }
  }

  function endChat(spans: CallSpans, info: FinishHookInfo | ErrorHookInfo, attributes: Attributes): void {
    const span = spans.chat;
    if (span === undefined) return;
    spans.chat = undefined;
    span.setAttributes(attributes);
    span.setAttribute(SWITCHYARD.attempts, info.attempt);
    if (info.timeToFirstTokenMs !== undefined) span.setAttribute(SWITCHYARD.timeToFirstToken, info.timeToFirstTokenMs);
    span.end();
  }

  return {
    onRequest(info) {
      spansFor(info);
    },
    onResponse(info) {
      const span = spansFor(info).chat;
      if (span === undefined) return;
      const attributes: Attributes = { [SWITCHYARD.timeToFirstChunk]: info.timeToFirstChunkMs };
      if (info.status !== undefined) attributes[ATTR.httpStatus] = info.status;
      if (info.responseId !== undefined) attributes[ATTR.responseId] = info.responseId;
      if (info.responseModel !== undefined) attributes[ATTR.responseModel] = info.responseModel;
      span.setAttributes(attributes);
    },
    onRetry(info) {
      const attributes: Attributes = {
        [SWITCHYARD.attempt]: info.attempt,
        [ATTR.errorType]: info.code,
        [SWITCHYARD.retryDelay]: info.delayMs,
      };
      if (info.status !== undefined) attributes[ATTR.httpStatus] = info.status;
      spansFor(info).chat?.addEvent('switchyard.retry', attributes);
    },
    onFallback(info) {
      spansFor(info).chat?.addEvent('switchyard.fallback', {
        [SWITCHYARD.attempt]: info.attempt,
        [ATTR.errorType]: info.code,
        [`${SWITCHYARD.provider}.next`]: info.next.provider,
        [`${ATTR.requestModel}.next`]: info.next.model,
      });
    },
    onFinish(info) {
      const spans = spansFor(info);
      const attributes = responseAttributes(info);
      if (capture) attributes[ATTR.outputMessages] = JSON.stringify(outputMessages(info.message));
      endChat(spans, info, attributes);
      const run = spans.run;
      if (run === undefined) {
        calls.delete(info.callId);
        return;
      }
      spans.lastStepEnd = Date.now();
      if (info.usage !== undefined) {
        spans.counted = true;
        spans.inputTokens += info.usage.inputTokens;
        spans.outputTokens += info.usage.outputTokens;
      }
      // A step without tool calls is the run's last (the loop stops there).
      if (info.finishReason === 'tool_calls') return;
      const runAttributes: Attributes = { [ATTR.finishReasons]: [info.finishReason] };
      if (spans.counted) {
        runAttributes[ATTR.inputTokens] = spans.inputTokens;
        runAttributes[ATTR.outputTokens] = spans.outputTokens;
      }
      if (info.responseModel !== undefined) runAttributes[ATTR.responseModel] = info.responseModel;
      run.setAttributes(runAttributes);
      run.end();
      calls.delete(info.callId);
    },
    onError(info) {
      const spans = spansFor(info);
      const attributes: Attributes = { [ATTR.errorType]: info.code };
      if (info.status !== undefined) attributes[ATTR.httpStatus] = info.status;
      const status = { code: SpanStatusCode.ERROR, message: info.error.message };
      spans.chat?.setStatus(status);
      endChat(spans, info, attributes);
      if (spans.run !== undefined) {
        spans.run.setAttribute(ATTR.errorType, info.code);
        spans.run.setStatus(status);
        spans.run.end();
      }
      calls.delete(info.callId);
    },
  };
}
