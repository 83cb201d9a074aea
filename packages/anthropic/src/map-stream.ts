import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatChunk, ChunkDelta } from '@switchyard/core';
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
  /** The stop reason from the latest `message_delta`; `null` until one arrives. */
  stopReason: string | null;
}

export function createStreamState(): StreamState {
  return { blocks: [], toolIndex: [], toolCount: 0, usage: createUsageState(), stopReason: null };
}

function deltaChunk(delta: ChunkDelta): ChatChunk {
  return { choices: [{ index: 0, delta, finishReason: null }] };
}

/**
 * Maps one Anthropic stream event to at most one `ChatChunk` (`undefined`: nothing to
 * report). Server tools (`server_tool_use`, `web_search_tool_result` …) run on Anthropic's
 * side and are not client tool calls: their blocks and deltas are ignored, as are citations.
 */
export function mapStreamEvent(event: RawMessageStreamEvent, state: StreamState): ChatChunk | undefined {
  switch (event.type) {
    case 'message_start': {
      const message = event.message;
      applyUsage(state.usage, message.usage);
      return {
        id: message.id,
        model: message.model,
        choices: [{ index: 0, delta: { role: 'assistant' }, finishReason: null }],
        usage: usageSnapshot(state.usage),
      };
    }
    case 'content_block_start':
      return mapBlockStart(event.index, event.content_block, state);
    case 'content_block_delta':
      return mapBlockDelta(event.index, event.delta, state);
    case 'content_block_stop':
      // A stopped tool_use block is a whole call: core can deliver it now, not at the finish.
      if (state.blocks[event.index] !== 'tool') return undefined;
      return deltaChunk({ toolCalls: [{ index: state.toolIndex[event.index]!, done: true }] });
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
      if (state.blocks[index] !== 'tool' || delta.partial_json === '') return undefined;
      return deltaChunk({ toolCalls: [{ index: state.toolIndex[index]!, arguments: delta.partial_json }] });
    default:
      // citations_delta and anything newer.
      return undefined;
  }
}
