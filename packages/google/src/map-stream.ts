import type { ChatChunk, ChunkDelta, FinishReason, ToolCallDelta } from '@switchyard/core';
import type { GeminiCandidate, GeminiFunctionCall, GeminiPart, GeminiResponse } from './gemini-api-types.js';
import { mapGeminiErrorObject } from './map-error.js';
import { mapBlockReason, mapFinishReason } from './map-finish-reason.js';
import { applyPartialArg, type StreamedCall, startStreamedCall } from './map-partial-args.js';
import { mapUsage } from './map-usage.js';

/** What one stream needs to remember between events. */
export interface StreamState {
  /** The plugin's name, for errors raised from stream events. */
  readonly provider: string;
  /** The index the next function call gets; Gemini sends whole calls without an index. */
  toolCallIndex: number;
  /** A function call whose arguments are still streaming (`willContinue`), if any. */
  streamedCall: StreamedCall | undefined;
}

/** Creates the state for one stream. */
export function createStreamState(provider: string): StreamState {
  return { provider, toolCallIndex: 0, streamedCall: undefined };
}

/**
 * Maps one streamed `GenerateContentResponse` to chunks: one per part of candidate 0
 * (text, thought, function call), the finish reason and usage on the last of them (or on a
 * chunk of their own when the event has no parts). Reads `parts`, never the SDKs' `text`
 * helpers (which warn on function calls and mix thoughts into the text).
 *
 * - A `thought: true` part is reasoning; its `thoughtSignature` closes the reasoning block.
 * - A signature on any other text part is emitted as a `reasoningSignature` with no reasoning
 *   text, so that it is kept and goes back to Gemini with the message.
 * - A `functionCall` part is one whole tool call (`done: true`) carrying its signature, unless
 *   Vertex streams its arguments (`willContinue` / `partialArgs`): then its parts merge into one
 *   call, whole when a part ends it or the candidate finishes.
 * - A blocked prompt (`promptFeedback.blockReason`, and no candidate finish) finishes as `content_filter`.
 * - An `error` object in the event (the legacy SDK passes such events through) is thrown as an `LLMError`.
 *
 * Only the candidate with index 0 is read (`candidateCount` above 1 is not supported).
 */
export function mapStreamEvent(event: GeminiResponse, state: StreamState): ChatChunk[] {
  const error = event.error;
  if (typeof error === 'object' && error !== null) throw mapGeminiErrorObject(error, state.provider);
  const id = event.responseId;
  const model = event.modelVersion;
  const chunks: ChatChunk[] = [];
  const candidate = firstCandidate(event.candidates);
  const parts = candidate?.content?.parts;
  if (parts !== undefined) {
    for (let i = 0; i < parts.length; i++) {
      const delta = mapPart(parts[i]!, state);
      if (delta !== undefined) chunks.push({ id, model, choices: [{ index: 0, delta, finishReason: null }] });
    }
  }
  let raw = candidate?.finishReason;
  let finishReason: FinishReason | undefined;
  if (typeof raw === 'string' && raw !== '') finishReason = mapFinishReason(raw);
  else {
    raw = event.promptFeedback?.blockReason;
    if (typeof raw === 'string' && raw !== '') finishReason = mapBlockReason(raw);
  }
  if (finishReason !== undefined) {
    const open = state.streamedCall;
    if (open !== undefined) {
      state.streamedCall = undefined;
      const delta: ChunkDelta = { toolCalls: [closeCall(open)] };
      chunks.push({ id, model, choices: [{ index: 0, delta, finishReason: null }] });
    }
    const last = chunks[chunks.length - 1];
    if (last === undefined) {
      chunks.push({ id, model, choices: [{ index: 0, delta: {}, finishReason, rawFinishReason: raw }] });
    } else {
      const choice = last.choices[0]!;
      choice.finishReason = finishReason;
      choice.rawFinishReason = raw;
    }
  }
  const metadata = event.usageMetadata;
  if (metadata !== undefined && metadata !== null) {
    const usage = mapUsage(metadata);
    const last = chunks[chunks.length - 1];
    if (last === undefined) chunks.push({ id, model, choices: [], usage });
    else last.usage = usage;
  }
  return chunks;
}

// The candidate with index 0 (proto3 JSON may leave a zero index out); with `candidateCount`
// above 1 an event can carry the other candidates only, or in any order.
function firstCandidate(candidates: GeminiCandidate[] | undefined): GeminiCandidate | undefined {
  if (candidates === undefined || candidates === null) return undefined;
  for (let i = 0; i < candidates.length; i++) if ((candidates[i]!.index ?? 0) === 0) return candidates[i];
  return undefined;
}

/** One part as a delta, or `undefined` for parts that carry nothing we map (empty text, images, code). */
export function mapPart(part: GeminiPart, state: StreamState): ChunkDelta | undefined {
  const signature = part.thoughtSignature === '' ? undefined : part.thoughtSignature;
  const call = part.functionCall;
  if (call !== undefined && call !== null) {
    if (call.willContinue === true || call.partialArgs !== undefined || state.streamedCall !== undefined) {
      return mapStreamedCallPart(call, signature, state);
    }
    const args = call.args;
    const toolCall: ToolCallDelta = {
      index: state.toolCallIndex++,
      name: call.name ?? '',
      arguments: args === undefined || args === null ? '' : JSON.stringify(args),
      done: true,
    };
    if (call.id !== undefined && call.id !== '') toolCall.id = call.id;
    if (signature !== undefined) toolCall.signature = signature;
    return { toolCalls: [toolCall] };
  }
  const text = part.text === '' ? undefined : part.text;
  if (part.thought === true) {
    if (text === undefined && signature === undefined) return undefined;
    return signature === undefined ? { reasoning: text } : { reasoning: text, reasoningSignature: signature };
  }
  if (text === undefined && signature === undefined) return undefined;
  return signature === undefined ? { content: text } : { content: text, reasoningSignature: signature };
}

// One part of a call whose arguments stream: the first opens the call (name, id, signature),
// each adds its `partialArgs`, and the one without `willContinue` closes it with the arguments
// as one JSON text. Later parts normally carry no name; one that repeats the open call's name
// (and no other id) continues it, and one naming another function or id starts a new call.
function mapStreamedCallPart(
  call: GeminiFunctionCall,
  signature: string | undefined,
  state: StreamState,
): ChunkDelta | undefined {
  const calls: ToolCallDelta[] = [];
  let open = state.streamedCall;
  const name = call.name === undefined || call.name === null || call.name === '' ? undefined : call.name;
  const id = call.id === undefined || call.id === null || call.id === '' ? undefined : call.id;
  if (open !== undefined && ((name !== undefined && name !== open.name) || (id !== undefined && id !== open.id))) {
    calls.push(closeCall(open));
    open = undefined;
  }
  if (open === undefined) {
    open = startStreamedCall(state.toolCallIndex++, name, id);
    const start: ToolCallDelta = { index: open.index, name: name ?? '', arguments: '' };
    if (id !== undefined) start.id = id;
    if (signature !== undefined) start.signature = signature;
    calls.push(start);
  } else if (signature !== undefined) calls.push({ index: open.index, signature });
  const args = call.args;
  if (args !== undefined && args !== null) for (const key of Object.keys(args)) open.args[key] = args[key];
  const partial = call.partialArgs;
  if (partial !== undefined && partial !== null)
    for (let i = 0; i < partial.length; i++) applyPartialArg(open.args, partial[i]!);
  if (call.willContinue === true) state.streamedCall = open;
  else {
    state.streamedCall = undefined;
    calls.push(closeCall(open));
  }
  return calls.length === 0 ? undefined : { toolCalls: calls };
}

function closeCall(open: StreamedCall): ToolCallDelta {
  return { index: open.index, arguments: JSON.stringify(open.args), done: true };
}
