import { LLMError } from './errors.js';
import { type ParsedArguments, parseArguments } from './parse-arguments.js';
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

interface CallState {
  index: number | undefined;
  id: string;
  name: string;
  args: string;
  signature: string | undefined;
  /** The call as delivered; set once. */
  delivered: ToolCall | undefined;
}

/** Creates an accumulator for one stream (one attempt). */
export function createAccumulator(sink: AccumulatorSink): Accumulator {
  let content = '';
  let refusal: string | undefined;
  const reasoningParts: ReasoningPart[] = [];
  let openReasoning: ReasoningPart | undefined;
  const calls: CallState[] = [];
  // Open call per vendor index; a call leaves the map only when replaced by a new id.
  const byIndex = new Map<number, CallState>();
  let latest: CallState | undefined;
  let finishReason: FinishReason | null = null;
  let rawFinishReason: string | undefined;
  let usage: Usage | undefined;
  let delivered = false;

  function deliver(call: CallState, parsed?: ParsedArguments): void {
    if (call.delivered !== undefined) return;
    const toolCall = buildToolCall(call, true, parsed);
    call.delivered = toolCall;
    delivered = true;
    sink.toolCall(toolCall);
  }

  function buildToolCall(call: CallState, keepId: boolean, parsedAlready?: ParsedArguments): ToolCall {
    let id = call.id;
    if (id === '') {
      id = generateToolCallId();
      if (keepId) call.id = id;
    }
    const parsed = parsedAlready ?? parseArguments(call.args);
    const toolCall: ToolCall = { id, name: call.name, arguments: call.args, input: parsed.input };
    if (parsed.parseError !== undefined) toolCall.parseError = parsed.parseError;
    if (call.signature !== undefined) toolCall.signature = call.signature;
    return toolCall;
  }

  // Text for a call already delivered cannot be taken back into it; it is kept as a call
  // of its own (no name) so that nothing the server sent is lost.
  function lateFragment(after: CallState, text: string): void {
    const call = startCall(after.index);
    call.args = text;
  }

  function startCall(index: number | undefined): CallState {
    const call: CallState = { index, id: '', name: '', args: '', signature: undefined, delivered: undefined };
    calls.push(call);
    if (index !== undefined) byIndex.set(index, call);
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
        if (call.delivered === undefined) call.args += delta.arguments;
        else if (delta.arguments.trim() !== '') lateFragment(call, delta.arguments);
      }
      if (delta.signature !== undefined) call.signature = delta.signature;
      if (delta.done === true) deliver(call);
    }
    // A later index starting proves the earlier calls complete, for servers that send calls
    // one after another. Servers that interleave fragments send a prefix of a JSON object,
    // which never parses: such a call waits for the finish instead of going out cut short.
    if (startedIndex < 0) return;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      if (call.delivered !== undefined || call.index === undefined || call.index >= startedIndex) continue;
      if (call.args.length === 0) continue;
      // Parsed once: the same result becomes the delivered call's input.
      const parsed = parseArguments(call.args);
      if (parsed.parseError === undefined) deliver(call, parsed);
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
    if (delta.reasoningSignature !== undefined) {
      if (openReasoning === undefined) reasoningParts.push({ text: '', signature: delta.reasoningSignature });
      else openReasoning.signature = delta.reasoningSignature;
      openReasoning = undefined;
    }
    if (delta.redactedReasoning !== undefined) {
      reasoningParts.push({ text: '', redacted: delta.redactedReasoning });
      openReasoning = undefined;
    }
  }

  function push(chunk: ChatChunk): void {
    if (chunk.usage !== undefined) usage = chunk.usage;
    const choices = chunk.choices;
    for (let c = 0; c < choices.length; c++) {
      const choice = choices[c]!;
      if (choice.index !== 0) continue;
      const delta = choice.delta;
      if (
        delta.reasoning !== undefined ||
        delta.reasoningSignature !== undefined ||
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
    end(provider = 'core'): OutputMessage {
      if (finishReason === null) {
        const partial = message('error', false);
        throw new LLMError(
          'The stream ended before the model finished (no finish reason arrived): the connection was cut or the server stopped early. The partial output is in `error.partial`.',
          { code: 'stream_truncated', provider, partial },
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
