import { LLMError } from './errors.js';
import { createJsonScan, type JsonScan, scanJson } from './json-scan.js';
import { parseArguments } from './parse-arguments.js';
import { generateToolCallId } from './tool-call-id.js';
import type { ChatChunk, ChunkDelta, FinishReason, ToolCallDelta } from './types/chunk.js';
import type { OutputMessage, ReasoningPart } from './types/message.js';
import type { ToolCall } from './types/tool-call.js';
import type { Usage } from './types/usage.js';

/** Where the accumulator reports output as it becomes final. Called synchronously. */
export interface AccumulatorSink {
  token(text: string): void;
  reasoning(text: string): void;
  toolCall(toolCall: ToolCall): void;
}

/** Turns `ChatChunk`s into sink calls and one `OutputMessage`. Pure: no I/O, no timers. */
export interface Accumulator {
  /** Applies one chunk. Only choice 0 is assembled; other choices are ignored. */
  push(chunk: ChatChunk): void;
  /** Whether a finish reason has arrived. */
  readonly finished: boolean;
  /** Whether any output (text, reasoning, refusal, a tool call) has been reported. */
  readonly delivered: boolean;
  /**
   * Ends the stream: delivers the remaining tool calls and returns the message.
   * Throws a `stream_truncated` `LLMError` (with `partial`) when no finish reason arrived.
   */
  end(provider?: string): OutputMessage;
  /** Everything received so far, as a message with `finishReason: 'error'`. */
  partial(): OutputMessage;
}

/** Who answers the stream: stamped on the message and on the vendor-opaque data it holds. */
export interface AccumulatorOptions {
  /** The registered provider name; tags signatures, redacted reasoning and item ids. */
  provider?: string;
  /** The model as requested; the vendor's own `model` on a chunk takes precedence. */
  model?: string;
}

interface CallState {
  index: number | undefined;
  id: string;
  name: string;
  args: string;
  signature: string | undefined;
  itemId: string | undefined;
  /** The call as delivered; set once. */
  delivered: ToolCall | undefined;
  /** Whether the call waits in the queue of calls a later index may prove complete. */
  queued: boolean;
  /** Read once, lazily, when a later index asks whether the call is whole. */
  scan: JsonScan | undefined;
  /**
   * The text not scanned yet. Scanned apart from `args`: reading a character of a string
   * that was just appended to flattens all of it, which would cost the whole text each time.
   */
  unscanned: string;
}

// A min-heap of calls by vendor index: a later index K proves complete exactly the calls
// below K, found without walking the calls already settled (linear in the stream).
function heapPush(heap: CallState[], call: CallState): void {
  let i = heap.length;
  heap.push(call);
  const key = call.index as number;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent]!.index as number) <= key) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = call;
}

function heapPop(heap: CallState[]): CallState | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  const key = last.index as number;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && (heap[right]!.index as number) < (heap[left]!.index as number) ? right : left;
    if ((heap[child]!.index as number) >= key) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}

/** Creates an accumulator for one stream (one attempt). */
export function createAccumulator(sink: AccumulatorSink, options: AccumulatorOptions = {}): Accumulator {
  const provider = options.provider;
  let responseId: string | undefined;
  let responseModel: string | undefined;
  let content = '';
  let refusal: string | undefined;
  const reasoningParts: ReasoningPart[] = [];
  let openReasoning: ReasoningPart | undefined;
  const calls: CallState[] = [];
  // Open call per vendor index; a call leaves the map only when replaced by a new id.
  const byIndex = new Map<number, CallState>();
  let latest: CallState | undefined;
  const waiting: CallState[] = [];
  let finishReason: FinishReason | null = null;
  let rawFinishReason: string | undefined;
  let usage: Usage | undefined;
  let delivered = false;

  function deliver(call: CallState): void {
    if (call.delivered !== undefined) return;
    const toolCall = buildToolCall(call, true);
    call.delivered = toolCall;
    delivered = true;
    sink.toolCall(toolCall);
  }

  function buildToolCall(call: CallState, keepId: boolean): ToolCall {
    let id = call.id;
    if (id === '') {
      id = generateToolCallId();
      if (keepId) call.id = id;
    }
    const parsed = parseArguments(call.args);
    const toolCall: ToolCall = { id, name: call.name, arguments: call.args, input: parsed.input };
    if (parsed.parseError !== undefined) toolCall.parseError = parsed.parseError;
    if (call.signature !== undefined) {
      toolCall.signature = call.signature;
      if (provider !== undefined) toolCall.provider = provider;
    }
    if (call.itemId !== undefined) {
      toolCall.itemId = call.itemId;
      if (provider !== undefined) toolCall.provider = provider;
    }
    return toolCall;
  }

  // Text for a call already delivered cannot be taken back into it; it is kept as a call
  // of its own (no name) so that nothing the server sent is lost.
  function lateFragment(after: CallState, text: string): void {
    const call = startCall(after.index);
    call.args = text;
    call.unscanned = text;
  }

  function startCall(index: number | undefined): CallState {
    const call: CallState = {
      index,
      id: '',
      name: '',
      args: '',
      signature: undefined,
      itemId: undefined,
      delivered: undefined,
      queued: index !== undefined,
      scan: undefined,
      unscanned: '',
    };
    calls.push(call);
    if (index !== undefined) {
      byIndex.set(index, call);
      heapPush(waiting, call);
    }
    latest = call;
    return call;
  }

  // Finds the call a fragment belongs to, starting a new one (and finishing the one it
  // replaces) when the fragment brings a new id for an index already in use.
  // Set by callFor: whether the call it returned was just started (no object per fragment).
  let startedNew = false;

  function callFor(delta: ToolCallDelta): CallState {
    const id = delta.id;
    const index = delta.index;
    let call = index === undefined ? latest : byIndex.get(index);
    if (call !== undefined && id !== undefined && id !== '' && call.id !== '' && call.id !== id) {
      deliver(call);
      call = undefined;
    }
    // Without index or id (Gemini's OpenAI-compatible endpoint), a fragment that names a
    // function after the latest call got its name and arguments starts the next call.
    if (
      index === undefined &&
      call !== undefined &&
      (id === undefined || id === '') &&
      delta.name !== undefined &&
      call.name !== '' &&
      call.args !== ''
    ) {
      deliver(call);
      call = undefined;
    }
    // A delivered call is final: a fragment naming a call after it is the next call.
    if (call?.delivered !== undefined && (delta.name !== undefined || (id !== undefined && id !== ''))) {
      call = undefined;
    }
    startedNew = call === undefined;
    return call === undefined ? startCall(index) : call;
  }

  function applyToolCalls(deltas: ToolCallDelta[]): void {
    let startedIndex = -1;
    for (let i = 0; i < deltas.length; i++) {
      const delta = deltas[i]!;
      const call = callFor(delta);
      if (startedNew && call.index !== undefined && call.index > startedIndex) startedIndex = call.index;
      if (call.id === '' && delta.id !== undefined) call.id = delta.id;
      if (call.name === '' && delta.name !== undefined) call.name = delta.name;
      if (delta.arguments !== undefined) {
        // Some servers send trailing white space after a call is complete; nothing is lost.
        if (call.delivered === undefined) {
          call.args += delta.arguments;
          call.unscanned += delta.arguments;
          // New text may close the call: a later index asks again.
          if (!call.queued && call.index !== undefined) {
            call.queued = true;
            heapPush(waiting, call);
          }
        } else if (delta.arguments.trim() !== '') lateFragment(call, delta.arguments);
      }
      if (delta.signature !== undefined) call.signature = delta.signature;
      if (delta.itemId !== undefined) call.itemId = delta.itemId;
      if (delta.done === true) deliver(call);
    }
    // A later index starting proves the earlier calls complete, for servers that send calls
    // one after another. Servers that interleave fragments send a prefix of a JSON object,
    // which stays open: such a call waits (for more text, `done` or the finish) instead of
    // going out cut short. Each character is scanned once; a call waits again only when new
    // text arrives for it, and its arguments are parsed once, when it is delivered.
    if (startedIndex < 0) return;
    while (waiting.length > 0 && (waiting[0]!.index as number) < startedIndex) {
      const call = heapPop(waiting)!;
      call.queued = false;
      if (call.delivered !== undefined || call.args.length === 0) continue;
      if (call.scan === undefined) call.scan = createJsonScan();
      const text = call.unscanned;
      call.unscanned = '';
      if (scanJson(call.scan, text)) deliver(call);
    }
  }

  function applyReasoning(delta: ChunkDelta): void {
    if (delta.reasoning !== undefined && delta.reasoning !== '') {
      if (openReasoning === undefined) {
        openReasoning = { text: '' };
        reasoningParts.push(openReasoning);
      }
      openReasoning.text += delta.reasoning;
      delivered = true;
      sink.reasoning(delta.reasoning);
    }
    if (delta.reasoningSignature !== undefined || delta.reasoningItemId !== undefined) {
      let part = openReasoning;
      if (part === undefined) {
        part = { text: '' };
        reasoningParts.push(part);
      }
      if (delta.reasoningSignature !== undefined) part.signature = delta.reasoningSignature;
      if (delta.reasoningItemId !== undefined) part.itemId = delta.reasoningItemId;
      if (provider !== undefined) part.provider = provider;
      openReasoning = undefined;
    }
    if (delta.redactedReasoning !== undefined) {
      const part: ReasoningPart = { text: '', redacted: delta.redactedReasoning };
      if (provider !== undefined) part.provider = provider;
      reasoningParts.push(part);
      openReasoning = undefined;
    }
  }

  function push(chunk: ChatChunk): void {
    if (responseId === undefined && chunk.id !== undefined && chunk.id !== '') responseId = chunk.id;
    if (responseModel === undefined && chunk.model !== undefined && chunk.model !== '') responseModel = chunk.model;
    if (chunk.usage !== undefined) usage = chunk.usage;
    const choices = chunk.choices;
    for (let c = 0; c < choices.length; c++) {
      const choice = choices[c]!;
      if (choice.index !== 0) continue;
      const delta = choice.delta;
      if (
        delta.reasoning !== undefined ||
        delta.reasoningSignature !== undefined ||
        delta.reasoningItemId !== undefined ||
        delta.redactedReasoning !== undefined
      ) {
        applyReasoning(delta);
      }
      if (delta.content !== undefined && delta.content !== '') {
        content += delta.content;
        delivered = true;
        sink.token(delta.content);
      }
      if (delta.refusal !== undefined && delta.refusal !== '') {
        refusal = refusal === undefined ? delta.refusal : refusal + delta.refusal;
        delivered = true;
      }
      if (delta.toolCalls !== undefined) applyToolCalls(delta.toolCalls);
      if (choice.finishReason !== null && choice.finishReason !== undefined) {
        finishReason = choice.finishReason;
        rawFinishReason = choice.rawFinishReason;
        for (let i = 0; i < calls.length; i++) deliver(calls[i]!);
      }
    }
  }

  // Calls in the order of their vendor index (a server may start index 1 first); calls
  // without an index keep their arrival order.
  function orderedCalls(): CallState[] {
    let sorted = true;
    for (let i = 1; i < calls.length; i++) {
      const before = calls[i - 1]!.index;
      const current = calls[i]!.index;
      if (before === undefined || current === undefined) return calls;
      if (current < before) sorted = false;
    }
    return sorted ? calls : [...calls].sort((a, b) => (a.index as number) - (b.index as number));
  }

  function message(reason: FinishReason, final: boolean): OutputMessage {
    const out: OutputMessage = {
      role: 'assistant',
      content,
      toolCalls: orderedCalls().map((call) =>
        call.delivered !== undefined ? call.delivered : buildToolCall(call, final),
      ),
      finishReason: reason,
    };
    if (provider !== undefined) out.provider = provider;
    const model = responseModel ?? options.model;
    if (model !== undefined) out.model = model;
    if (responseId !== undefined) out.id = responseId;
    if (reasoningParts.length > 0) {
      let text = '';
      for (const part of reasoningParts) text += part.text;
      out.reasoning = text;
      out.reasoningParts = reasoningParts.map((part) => ({ ...part }));
    }
    if (refusal !== undefined) out.refusal = refusal;
    if (rawFinishReason !== undefined) out.rawFinishReason = rawFinishReason;
    if (usage !== undefined) out.usage = usage;
    return out;
  }

  return {
    push,
    get finished() {
      return finishReason !== null;
    },
    get delivered() {
      return delivered;
    },
    end(errorProvider?: string): OutputMessage {
      if (finishReason === null) {
        const partial = message('error', false);
        throw new LLMError(
          'The stream ended before the model finished (no finish reason arrived): the connection was cut or the server stopped early. The partial output is in `error.partial`.',
          { code: 'stream_truncated', provider: errorProvider ?? provider ?? 'core', partial },
        );
      }
      for (let i = 0; i < calls.length; i++) deliver(calls[i]!);
      return message(normalizeFinish(finishReason, calls.length > 0, refusal !== undefined), true);
    },
    partial(): OutputMessage {
      return message('error', false);
    },
  };
}

/**
 * The rules that make finish reasons agree across vendors: a clean stop with tool calls is
 * `tool_calls` (Gemini says STOP), and a stop after a refusal is `content_filter`.
 */
export function normalizeFinish(reason: FinishReason, hasToolCalls: boolean, refused: boolean): FinishReason {
  if (reason !== 'stop') return reason;
  if (refused) return 'content_filter';
  if (hasToolCalls) return 'tool_calls';
  return reason;
}
