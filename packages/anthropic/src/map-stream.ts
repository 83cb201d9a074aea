import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatChunk, ChunkChoice, ChunkDelta, ToolCallDelta } from '@switchyard/core';
import { mapFinishReason } from './map-finish-reason.js';
import { applyUsage, createUsageState, type UsageState, usageSnapshot } from './map-usage.js';

/** What a content block at a given index is, as far as the mapping cares. */
export type BlockKind = 'text' | 'thinking' | 'redacted' | 'tool' | 'ignored';

/**
 * The one piece of state an Anthropic stream needs: deltas name their block only by index,
 * and the stop reason (from `message_delta`) is reported on `message_stop`. Create one per stream.
 */
export interface StreamState {
  /** Kind of each content block, by block index. */
  blocks: BlockKind[];
  /** For client `tool_use` blocks: the tool-call ordinal (0, 1, …), by block index. */
  toolIndex: number[];
  /** How many client tool calls have started. */
  toolCount: number;
  usage: UsageState;
  /** The stop reason from the latest `message_delta` (or a whole `message_start`); `null` until one arrives. */
  stopReason: string | null;
  /**
   * For `tool_use` blocks that started with their whole `input`: its JSON, by block index,
   * sent on `content_block_stop` unless `input_json_delta`s replace it (as the SDK's own
   * accumulator does).
   */
  wholeInput: Array<string | undefined>;
}

export function createStreamState(): StreamState {
  return { blocks: [], toolIndex: [], toolCount: 0, usage: createUsageState(), stopReason: null, wholeInput: [] };
}

function deltaChunk(delta: ChunkDelta): ChatChunk {
  return { choices: [{ index: 0, delta, finishReason: null }] };
}

/**
 * Maps one Anthropic stream event to at most one `ChatChunk` (`undefined`: nothing to
 * report). Content may arrive whole: in
 * `message_start.message.content` (a resumed turn, which may end with `message_stop` right
 * after) and in a `content_block_start` block (text, thinking with its signature, a
 * `tool_use` with its complete `input`). Server tools (`server_tool_use`, `web_search_tool_result` …) run on Anthropic's
 * side and are not client tool calls: their blocks and deltas are ignored, as are citations.
 */
export function mapStreamEvent(event: RawMessageStreamEvent, state: StreamState): ChatChunk | undefined {
  switch (event.type) {
    case 'message_start': {
      const message = event.message;
      applyUsage(state.usage, message.usage);
      if (message.stop_reason !== null && message.stop_reason !== undefined) state.stopReason = message.stop_reason;
      const choices: ChunkChoice[] = [{ index: 0, delta: { role: 'assistant' }, finishReason: null }];
      const content = message.content;
      if (Array.isArray(content) && content.length > 0) mapWholeContent(content as StartBlock[], state, choices);
      return { id: message.id, model: message.model, choices, usage: usageSnapshot(state.usage) };
    }
    case 'content_block_start':
      return mapBlockStart(event.index, event.content_block, state);
    case 'content_block_delta':
      return mapBlockDelta(event.index, event.delta, state);
    case 'content_block_stop': {
      // A stopped tool_use block is a whole call: core can deliver it now, not at the finish.
      if (state.blocks[event.index] !== 'tool') return undefined;
      const index = state.toolIndex[event.index]!;
      const whole = state.wholeInput[event.index];
      if (whole === undefined) return deltaChunk({ toolCalls: [{ index, done: true }] });
      state.wholeInput[event.index] = undefined;
      return deltaChunk({ toolCalls: [{ index, arguments: whole, done: true }] });
    }
    case 'message_delta': {
      const delta = event.delta;
      if (delta.stop_reason !== null && delta.stop_reason !== undefined) state.stopReason = delta.stop_reason;
      applyUsage(state.usage, event.usage);
      const details = delta.stop_details;
      // A refusal's explanation is the closest thing Anthropic sends to refusal text.
      if (details !== null && details !== undefined && details.type === 'refusal' && details.explanation) {
        return {
          choices: [{ index: 0, delta: { refusal: details.explanation }, finishReason: null }],
          usage: usageSnapshot(state.usage),
        };
      }
      return { choices: [], usage: usageSnapshot(state.usage) };
    }
    case 'message_stop': {
      const raw = state.stopReason;
      return {
        choices: [
          raw === null
            ? { index: 0, delta: {}, finishReason: mapFinishReason(raw) }
            : { index: 0, delta: {}, finishReason: mapFinishReason(raw), rawFinishReason: raw },
        ],
        usage: usageSnapshot(state.usage),
      };
    }
    default:
      // New event types may appear at any time (Anthropic's versioning policy); skip them.
      return undefined;
  }
}

type StartBlock = Extract<RawMessageStreamEvent, { type: 'content_block_start' }>['content_block'];
type BlockDelta = Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta'];

function mapBlockStart(index: number, block: StartBlock, state: StreamState): ChatChunk | undefined {
  switch (block.type) {
    case 'text':
      state.blocks[index] = 'text';
      return block.text === '' ? undefined : deltaChunk({ content: block.text });
    case 'thinking': {
      state.blocks[index] = 'thinking';
      // The start event normally carries empty text and signature; the deltas bring both.
      const hasText = block.thinking !== '';
      const hasSignature = block.signature !== '' && block.signature !== undefined && block.signature !== null;
      if (!hasText && !hasSignature) return undefined;
      if (!hasSignature) return deltaChunk({ reasoning: block.thinking });
      return deltaChunk(
        hasText
          ? { reasoning: block.thinking, reasoningSignature: block.signature }
          : { reasoningSignature: block.signature },
      );
    }
    case 'redacted_thinking':
      state.blocks[index] = 'redacted';
      return deltaChunk({ redactedReasoning: block.data });
    case 'tool_use': {
      state.blocks[index] = 'tool';
      const ordinal = state.toolCount++;
      state.toolIndex[index] = ordinal;
      // Usually `{}` with the input streamed as deltas; some turns send it whole here.
      state.wholeInput[index] = wholeInputJson(block.input);
      return deltaChunk({ toolCalls: [{ index: ordinal, id: block.id, name: block.name }] });
    }
    default:
      state.blocks[index] = 'ignored';
      return undefined;
  }
}

function mapBlockDelta(index: number, delta: BlockDelta, state: StreamState): ChatChunk | undefined {
  switch (delta.type) {
    case 'text_delta':
      return delta.text === '' ? undefined : deltaChunk({ content: delta.text });
    case 'thinking_delta':
      return delta.thinking === '' ? undefined : deltaChunk({ reasoning: delta.thinking });
    case 'signature_delta':
      return deltaChunk({ reasoningSignature: delta.signature });
    case 'input_json_delta':
      // server_tool_use blocks stream their input too; only client tool calls are reported.
      if (state.blocks[index] !== 'tool') return undefined;
      // Streamed input replaces any input the block started with.
      state.wholeInput[index] = undefined;
      if (delta.partial_json === '') return undefined;
      return deltaChunk({ toolCalls: [{ index: state.toolIndex[index]!, arguments: delta.partial_json }] });
    default:
      // citations_delta and anything newer.
      return undefined;
  }
}

/** The JSON of a block's `input` when it holds anything; `undefined` for `{}` or no input. */
function wholeInputJson(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const _ in input) return JSON.stringify(input);
  return undefined;
}

/**
 * Blocks that arrived whole inside `message_start` (block indexes 0…n-1; later
 * `content_block_start` events continue after them), as further deltas of choice 0 in the
 * same chunk, applied in order (several thinking blocks cannot share one delta). No
 * `content_block_stop` follows such blocks, so tool calls are marked done at once.
 */
function mapWholeContent(blocks: StartBlock[], state: StreamState, choices: ChunkChoice[]): void {
  for (let index = 0; index < blocks.length; index++) {
    const chunk = mapBlockStart(index, blocks[index]!, state);
    if (chunk !== undefined) choices.push(chunk.choices[0]!);
    if (state.blocks[index] !== 'tool') continue;
    const whole = state.wholeInput[index];
    state.wholeInput[index] = undefined;
    const done: ToolCallDelta = { index: state.toolIndex[index]!, done: true };
    if (whole !== undefined) done.arguments = whole;
    choices.push({ index: 0, delta: { toolCalls: [done] }, finishReason: null });
  }
}
