import type { ChatChunk, ChunkChoice, ChunkDelta, FinishReason, ToolCallDelta } from '@switchyard/core';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage, type WireUsage } from './map-usage.js';

/** One fragment of a tool call, as OpenAI and compatible servers stream it. */
export interface WireToolCallDelta {
  /** OpenAI always sends it; some compatible servers leave it out. */
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
  /**
   * Gemini's OpenAI-compatible endpoint: the call's thought signature, which Gemini 3 wants
   * back on the call next turn (sometimes in a fragment of its own, with no index or id).
   */
  extra_content?: WireExtraContent | null;
}

/** Vendor data Gemini's OpenAI-compatible endpoint adds to a tool call (under `google`, or `vertex` on Vertex). */
export interface WireExtraContent {
  google?: { thought_signature?: string | null } | null;
  vertex?: { thought_signature?: string | null } | null;
}

/** A content part of a delta (Mistral streams reasoning models' output as parts). */
export interface WireContentPart {
  type?: string;
  text?: string;
  thinking?: Array<{ type?: string; text?: string }> | null;
}

export interface WireDelta {
  role?: string | null;
  content?: string | WireContentPart[] | null;
  refusal?: string | null;
  /** DeepSeek, xAI, Fireworks, LM Studio and older vLLM. */
  reasoning_content?: string | null;
  /** Ollama, Groq, OpenRouter, Cerebras and newer vLLM. */
  reasoning?: string | null;
  tool_calls?: WireToolCallDelta[] | null;
  /** The deprecated `functions` API: one call, no index, no id. */
  function_call?: { name?: string | null; arguments?: string | null } | null;
}

export interface WireChoice {
  index: number;
  delta?: WireDelta | null;
  finish_reason?: string | null;
}

/**
 * A `chat.completion.chunk` as OpenAI and compatible servers send it; the SDK's
 * `ChatCompletionChunk` is one, plus the fields compatible servers add.
 */
export interface WireChunk {
  id?: string;
  model?: string;
  choices?: WireChoice[] | null;
  usage?: WireUsage | null;
  /** Groq reports usage here, in the chunk that carries the finish reason. */
  x_groq?: { usage?: WireUsage | null } | null;
}

/** What mapping needs to remember across the chunks of one stream. */
export interface StreamState {
  /** Choice indexes that streamed refusal text: their clean `stop` is a `content_filter`. */
  refused: boolean[];
}

/** A fresh state for one stream (one request). */
export function createStreamState(): StreamState {
  return { refused: [] };
}

/**
 * Maps one chunk to a `ChatChunk`, or `undefined` when it carries nothing (no choices, no
 * usage: Azure's prompt-filter chunk, for one). Tool-call fragments pass through as sent;
 * core merges them by index and id.
 */
export function mapChunk(chunk: WireChunk, state: StreamState): ChatChunk | undefined {
  const wireChoices = chunk.choices;
  const usage = chunk.usage ?? chunk.x_groq?.usage;
  const count = wireChoices ? wireChoices.length : 0;
  if (count === 0 && !usage) return undefined;
  const choices: ChunkChoice[] = new Array(count);
  for (let i = 0; i < count; i++) choices[i] = mapChoice(wireChoices![i]!, state);
  const out: ChatChunk = { choices };
  if (chunk.id) out.id = chunk.id;
  if (chunk.model) out.model = chunk.model;
  if (usage) out.usage = mapUsage(usage);
  return out;
}

function mapChoice(choice: WireChoice, state: StreamState): ChunkChoice {
  const index = choice.index ?? 0;
  const delta: ChunkDelta = {};
  const wire = choice.delta;
  if (wire) {
    if (wire.role === 'assistant') delta.role = 'assistant';
    const content = wire.content;
    if (typeof content === 'string') {
      if (content !== '') delta.content = content;
    } else if (Array.isArray(content)) {
      mapContentParts(content, delta);
    }
    // Some vLLM releases send both fields with the same text: take one, never both.
    const reasoning = wire.reasoning_content || wire.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') delta.reasoning = reasoning;
    if (typeof wire.refusal === 'string' && wire.refusal !== '') {
      delta.refusal = wire.refusal;
      state.refused[index] = true;
    }
    const toolCalls = wire.tool_calls;
    if (toolCalls && toolCalls.length > 0) delta.toolCalls = mapToolCalls(toolCalls);
    else if (wire.function_call) delta.toolCalls = [mapFunctionCall(wire.function_call)];
  }
  const raw = choice.finish_reason;
  if (!raw) return { index, delta, finishReason: null };
  let finishReason: FinishReason = mapFinishReason(raw);
  // A refusal ends with a plain "stop"; it is a content filter in every vendor's terms.
  if (finishReason === 'stop' && state.refused[index] === true) finishReason = 'content_filter';
  return { index, delta, finishReason, rawFinishReason: raw };
}

function mapToolCalls(wire: WireToolCallDelta[]): ToolCallDelta[] {
  const out: ToolCallDelta[] = new Array(wire.length);
  for (let i = 0; i < wire.length; i++) {
    const call = wire[i]!;
    const delta: ToolCallDelta = {};
    if (typeof call.index === 'number') delta.index = call.index;
    if (typeof call.id === 'string' && call.id !== '') delta.id = call.id;
    const fn = call.function;
    if (fn) {
      if (typeof fn.name === 'string' && fn.name !== '') delta.name = fn.name;
      if (typeof fn.arguments === 'string' && fn.arguments !== '') delta.arguments = fn.arguments;
    }
    const extra = call.extra_content;
    if (extra) {
      const signature = extra.google?.thought_signature ?? extra.vertex?.thought_signature;
      if (typeof signature === 'string' && signature !== '') delta.signature = signature;
    }
    out[i] = delta;
  }
  return out;
}

function mapFunctionCall(call: { name?: string | null; arguments?: string | null }): ToolCallDelta {
  const delta: ToolCallDelta = { index: 0 };
  if (typeof call.name === 'string' && call.name !== '') delta.name = call.name;
  if (typeof call.arguments === 'string' && call.arguments !== '') delta.arguments = call.arguments;
  return delta;
}

// Mistral's reasoning models stream `[{type:"thinking",thinking:[{type:"text",text}]}, {type:"text",text}]`.
function mapContentParts(parts: WireContentPart[], delta: ChunkDelta): void {
  let content = '';
  let reasoning = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.type === 'text' && typeof part.text === 'string') content += part.text;
    else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      for (let j = 0; j < part.thinking.length; j++) {
        const inner = part.thinking[j]!;
        if (typeof inner.text === 'string') reasoning += inner.text;
      }
    }
  }
  if (content !== '') delta.content = content;
  if (reasoning !== '') delta.reasoning = reasoning;
}
