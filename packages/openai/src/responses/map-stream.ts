import type { ChatChunk, ChunkDelta, ToolCallDelta } from '@switchyard/core';
import { mapResponseError, type ResponsesWireError } from './map-error.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage, type ResponsesWireUsage } from './map-usage.js';

/** An output item as `response.output_item.added` / `.done` carry it (the fields read here). */
export interface ResponsesWireItem {
  type?: string;
  id?: unknown;
  /** function_call: strings; `unknown` because other item types reuse these names. */
  call_id?: unknown;
  name?: unknown;
  arguments?: unknown;
  /** reasoning */
  encrypted_content?: unknown;
}

/** A response as the lifecycle events carry it (the fields read here). */
export interface ResponsesWireResponse {
  id?: string;
  model?: string;
  status?: string;
  error?: ResponsesWireError | null;
  incomplete_details?: { reason?: string | null } | null;
  usage?: ResponsesWireUsage | null;
}

/**
 * One Responses API stream event, as the SDK yields it (`ResponseStreamEvent` is one) or as
 * a plain SSE decoder would; only the fields this mapping reads.
 */
export interface ResponsesWireEvent {
  type: string;
  sequence_number?: number;
  item_id?: string;
  output_index?: number;
  delta?: string;
  item?: ResponsesWireItem;
  response?: ResponsesWireResponse;
  /** The nested error event shape: `{"type":"error","error":{…}}`. */
  error?: ResponsesWireError | null;
  /** The documented flat error event shape: `{"type":"error","code","message","param"}`. */
  code?: string | null;
  message?: string | null;
  param?: string | null;
}

interface CallEntry {
  /** The stable per-call index given to core. */
  index: number;
  callId: string;
  name: string;
  itemId: string;
  args: string;
  delivered: boolean;
}

/** What mapping needs to remember across the events of one stream (one request). */
export interface ResponsesStreamState {
  provider: string;
  /** A terminal event arrived: the first one wins, later events are ignored. */
  finished: boolean;
  refused: boolean;
  /** Summary parts begun in this response; the second and later are joined by a blank line. */
  summaryParts: number;
  separatorPending: boolean;
  /** Function calls by item id and by output index (events carry one or both; never by name). */
  byItem: Map<string, CallEntry>;
  byOutput: Map<number, CallEntry>;
  calls: CallEntry[];
}

/** A fresh state for one stream; `provider` names the errors. */
export function createStreamState(provider: string): ResponsesStreamState {
  return {
    provider,
    finished: false,
    refused: false,
    summaryParts: 0,
    separatorPending: false,
    byItem: new Map(),
    byOutput: new Map(),
    calls: [],
  };
}

const SUMMARY_SEPARATOR = '\n\n';

function chunkOf(delta: ChunkDelta): ChatChunk {
  return { choices: [{ index: 0, delta, finishReason: null }] };
}

/**
 * Maps one Responses stream event to a `ChatChunk`, or `undefined` when it carries nothing.
 * Text and refusal deltas pass through; reasoning summary parts are joined by `"\n\n"`;
 * a function call is delivered whole when its item is done; `response.failed` and the
 * `error` event throw the mapped `LLMError` (core keeps the partial output).
 */
export function mapEvent(event: ResponsesWireEvent, state: ResponsesStreamState): ChatChunk | undefined {
  if (state.finished) return undefined;
  switch (event.type) {
    case 'response.output_text.delta':
      return typeof event.delta === 'string' && event.delta !== '' ? chunkOf({ content: event.delta }) : undefined;
    case 'response.reasoning_summary_part.added':
      if (state.summaryParts > 0) state.separatorPending = true;
      state.summaryParts++;
      return undefined;
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return reasoningDelta(event.delta, state);
    case 'response.refusal.delta':
      if (typeof event.delta !== 'string' || event.delta === '') return undefined;
      state.refused = true;
      return chunkOf({ refusal: event.delta });
    case 'response.output_item.added':
      if (event.item?.type === 'function_call') callFor(event.item, event.output_index, state);
      return undefined;
    case 'response.function_call_arguments.delta': {
      if (typeof event.delta !== 'string') return undefined;
      const call = findCall(event.item_id, event.output_index, state);
      if (call !== undefined && !call.delivered) call.args += event.delta;
      return undefined;
    }
    case 'response.output_item.done':
      return itemDone(event, state);
    case 'response.created':
      return createdChunk(event.response);
    case 'response.completed':
    case 'response.incomplete':
      return finish(event.response, state);
    case 'response.failed':
      state.finished = true;
      throw mapResponseError(event.response?.error, state.provider);
    case 'error':
      state.finished = true;
      throw mapResponseError(event.error ?? event, state.provider);
    default:
      return undefined;
  }
}

function reasoningDelta(text: string | undefined, state: ResponsesStreamState): ChatChunk | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  if (state.separatorPending) {
    state.separatorPending = false;
    return chunkOf({ reasoning: SUMMARY_SEPARATOR + text });
  }
  return chunkOf({ reasoning: text });
}

function createdChunk(response: ResponsesWireResponse | undefined): ChatChunk {
  const chunk = chunkOf({ role: 'assistant' });
  if (typeof response?.id === 'string' && response.id !== '') chunk.id = response.id;
  if (typeof response?.model === 'string' && response.model !== '') chunk.model = response.model;
  return chunk;
}

function findCall(
  itemId: unknown,
  outputIndex: number | undefined,
  state: ResponsesStreamState,
): CallEntry | undefined {
  const byItem = typeof itemId !== 'string' ? undefined : state.byItem.get(itemId);
  if (byItem !== undefined) return byItem;
  return outputIndex === undefined ? undefined : state.byOutput.get(outputIndex);
}

function callFor(item: ResponsesWireItem, outputIndex: number | undefined, state: ResponsesStreamState): CallEntry {
  const known = findCall(item.id, outputIndex, state);
  if (known !== undefined) return known;
  const call: CallEntry = {
    index: state.calls.length,
    callId: typeof item.call_id === 'string' ? item.call_id : '',
    name: typeof item.name === 'string' ? item.name : '',
    itemId: typeof item.id === 'string' ? item.id : '',
    // OpenAI sends "" here; a server that sends the whole call at once is taken at its word.
    args: typeof item.arguments === 'string' ? item.arguments : '',
    delivered: false,
  };
  state.calls.push(call);
  if (call.itemId !== '') state.byItem.set(call.itemId, call);
  if (outputIndex !== undefined) state.byOutput.set(outputIndex, call);
  return call;
}

function callDelta(call: CallEntry): ToolCallDelta {
  call.delivered = true;
  const delta: ToolCallDelta = { index: call.index, arguments: call.args, done: true };
  if (call.callId !== '') delta.id = call.callId;
  if (call.name !== '') delta.name = call.name;
  if (call.itemId !== '') delta.itemId = call.itemId;
  return delta;
}

function itemDone(event: ResponsesWireEvent, state: ResponsesStreamState): ChatChunk | undefined {
  const item = event.item;
  if (item === undefined) return undefined;
  if (item.type === 'function_call') {
    const call = callFor(item, event.output_index, state);
    if (call.delivered) return undefined;
    // The done item is authoritative: it holds the whole call even when deltas were missed.
    if (typeof item.call_id === 'string' && item.call_id !== '') call.callId = item.call_id;
    if (typeof item.name === 'string' && item.name !== '') call.name = item.name;
    if (typeof item.arguments === 'string') call.args = item.arguments;
    return chunkOf({ toolCalls: [callDelta(call)] });
  }
  if (item.type === 'reasoning') {
    const delta: ChunkDelta = {};
    if (typeof item.id === 'string' && item.id !== '') delta.reasoningItemId = item.id;
    if (typeof item.encrypted_content === 'string' && item.encrypted_content !== '') {
      delta.reasoningSignature = item.encrypted_content;
    }
    return delta.reasoningItemId === undefined && delta.reasoningSignature === undefined ? undefined : chunkOf(delta);
  }
  return undefined;
}

function finish(response: ResponsesWireResponse | undefined, state: ResponsesStreamState): ChatChunk {
  state.finished = true;
  const status = typeof response?.status === 'string' && response.status !== '' ? response.status : 'completed';
  const reason = response?.incomplete_details?.reason;
  const mapped = mapFinishReason(
    status,
    typeof reason === 'string' && reason !== '' ? reason : undefined,
    state.calls.length > 0,
    state.refused,
  );
  const delta: ChunkDelta = {};
  // Calls whose item never reported done go out with the arguments that arrived.
  let pending: ToolCallDelta[] | undefined;
  for (let i = 0; i < state.calls.length; i++) {
    const call = state.calls[i]!;
    if (call.delivered) continue;
    if (pending === undefined) pending = [];
    pending.push(callDelta(call));
  }
  if (pending !== undefined) delta.toolCalls = pending;
  const chunk: ChatChunk = {
    choices: [{ index: 0, delta, finishReason: mapped.finishReason, rawFinishReason: mapped.rawFinishReason }],
  };
  if (typeof response?.id === 'string' && response.id !== '') chunk.id = response.id;
  if (typeof response?.model === 'string' && response.model !== '') chunk.model = response.model;
  const usage = response?.usage;
  if (usage !== undefined && usage !== null) chunk.usage = mapUsage(usage);
  return chunk;
}
