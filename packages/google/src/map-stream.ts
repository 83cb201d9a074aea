import type { ChatChunk, ChunkDelta, FinishReason, ToolCallDelta } from '@switchyard/core';
import type { GeminiCandidate, GeminiPart, GeminiResponse } from './gemini-api-types.js';
import { mapGeminiErrorObject } from './map-error.js';
import { mapBlockReason, mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';

/** What one stream needs to remember between events. */
export interface StreamState {
  /** The plugin's name, for errors raised from stream events. */
  readonly provider: string;
  /** The index the next function call gets; Gemini sends whole calls without an index. */
  toolCallIndex: number;
}

/** Creates the state for one stream. */
export function createStreamState(provider: string): StreamState {
  return { provider, toolCallIndex: 0 };
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
 * - A `functionCall` part is one whole tool call (`done: true`) carrying its signature.
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
